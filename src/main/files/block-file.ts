// What every input format plugs into: a reader that takes a file's name and bytes and gives
// its registration entries. `read-block-files.ts` is the one place that runs them.
import type { BlockFileFormat, RegistrationEntry } from '../../shared/formats';

/** A file to read, from a drop in the window, a path on the command line, or the auto-register folder. */
export interface BlockFileInput {
  name: string;
  bytes: Uint8Array;
}

export interface ParsedBlockFile {
  format: BlockFileFormat;
  entries: RegistrationEntry[];
}

export interface BlockFileReader {
  /** Whether this reader is the one for the file. Readers are asked in order; the last takes anything. */
  accepts(file: BlockFileInput): boolean;
  /** The file's entries; throws a RegistryError naming the file (and a JSON path) for bad content. */
  read(file: BlockFileInput): ParsedBlockFile;
}
