// What every input format plugs into: a reader that takes a file's name and bytes and gives
// its registration entries. `read-block-files.ts` is the one place that runs them. Reading is
// asynchronous because a `.py` file is read by running Python in a child process.
import { RegistryError, ROOT_PATH, type RegistryIssue } from '../../shared/errors';
import type { BlockFileFormat, RegistrationEntry } from '../../shared/formats';
import type { PythonPermission } from '../python/consent';
import type { PythonRuntime } from '../python/settings';

/** A file to read, from a drop in the window, a path on the command line, or the auto-register folder. */
export interface BlockFileInput {
  name: string;
  bytes: Uint8Array;
  /**
   * Where the file is on disk, when it was read from there: a `.py` file is run in place, so that
   * the modules beside it import as they do for `prefect block register -f`. A dropped file has
   * none and is run from a copy in a temporary folder.
   */
  path?: string;
}

export interface ParsedBlockFile {
  format: BlockFileFormat;
  /** The valid entries; with `issues`, those of a file that is only partly valid. */
  entries: RegistrationEntry[];
  /** Problems of single entries, the others read: shown by a preview, refused by any registration. */
  issues?: RegistryIssue[];
  /** The Python that read a `.py` file, and its Prefect. */
  python?: PythonRuntime;
}

/**
 * What the caller allows a reader to do (python/consent.ts): run Python for a `.py` file with
 * `python`; without it `.py` files are refused for `pythonRefusal`, since running one runs its
 * code, which only an explicit choice of the person allows (JSON never runs anything).
 */
export type ReadOptions = PythonPermission;

export interface BlockFileReader {
  /** Whether this reader is the one for the file. Readers are asked in order; the last takes anything. */
  accepts(file: BlockFileInput): boolean;
  /**
   * The file's entries (and the problems of entries that are not valid); rejects with a
   * RegistryError naming the file (and a JSON path) when the file as a whole cannot be read.
   */
  read(file: BlockFileInput, options: ReadOptions): Promise<ParsedBlockFile>;
}

/** An error for the whole file, with the file and the document path in its one issue. */
export function refusal(file: string, message: string): RegistryError {
  return new RegistryError('invalid_input', `${file}: ${message}`, [{ file, path: ROOT_PATH, message }]);
}
