// Block definition files from disk (command line arguments, the auto-register folder): anything
// that is not a regular file, or is over the size limit, is refused before a byte is read, so
// that a FIFO cannot hang a command and a huge file is never loaded into memory.
import { readFileSync, statSync, type Stats } from 'node:fs';
import { errorMessage } from '../../shared/errors';
import { MAX_FILE_BYTES, MAX_IMPORT_FILES, oversizeMessage, tooManyFilesMessage } from '../../shared/limits';
import type { BlockFileInput } from './block-file';
import { combine, readBlockFile, refusal, unreadable, type BlockFilesResult } from './read-block-files';

/** The file's bytes; throws a RegistryError naming `label` when it cannot or must not be read. */
export function readBlockFileBytes(path: string, label: string = path): BlockFileInput {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw refusal(label, `cannot be read (${errorMessage(error)}).`);
  }
  if (!stats.isFile()) throw refusal(label, `${kindOf(stats)}, not a file: give a block definition file.`);
  if (stats.size > MAX_FILE_BYTES) throw refusal(label, oversizeMessage(stats.size));
  try {
    return { name: label, bytes: readFileSync(path) };
  } catch (error) {
    throw refusal(label, `cannot be read (${errorMessage(error)}).`);
  }
}

/** Reads every path, then every file's entries; every problem of every file is reported, in file order. */
export function readBlockFilesFromDisk(paths: readonly string[]): BlockFilesResult {
  if (paths.length > MAX_IMPORT_FILES) return { files: [], entries: [], issues: [{ message: tooManyFilesMessage(paths.length) }] };
  return combine(
    paths.map((path) => {
      let input: BlockFileInput;
      try {
        input = readBlockFileBytes(path);
      } catch (error) {
        return unreadable(path, error);
      }
      return readBlockFile(input);
    }),
  );
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}
