// Block definition files from disk (command line arguments, the auto-register folder): anything
// that is not a regular file, or is over the size limit, is refused before a byte is read, so
// that a FIFO cannot hang a command and a huge file is never loaded into memory.
import { closeSync, fstatSync, readFileSync } from 'node:fs';
import { errorMessage, RegistryError } from '../../shared/errors';
import { kindOf, openWithoutBlocking } from '../platform/regular-file';
import type { BlockFileInput, ReadOptions } from './block-file';
import { refuseOversize, tooManyFiles } from './limits';
import { combine, readBlockFile, refusal, unreadable, type BlockFileResult, type BlockFilesResult } from './read-block-files';

/** The file's bytes; throws a RegistryError naming `label` when it cannot or must not be read. */
export function readBlockFileBytes(path: string, label: string = path): BlockFileInput {
  let fd: number;
  try {
    fd = openWithoutBlocking(path);
  } catch (error) {
    throw refusal(label, `cannot be read (${errorMessage(error)}).`);
  }
  try {
    // Checked on the descriptor it is read from: a file swapped meanwhile cannot slip through.
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw refusal(label, `${kindOf(stats)}, not a file: give a block definition file.`);
    refuseOversize(label, stats.size);
    return { name: label, bytes: readFileSync(fd), path };
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw refusal(label, `cannot be read (${errorMessage(error)}).`);
  } finally {
    closeSync(fd);
  }
}

/** Reads every path, then every file's entries; every problem of every file is reported, in file order. */
export async function readBlockFilesFromDisk(paths: readonly string[], options: ReadOptions = {}): Promise<BlockFilesResult> {
  const tooMany = tooManyFiles(paths.length);
  if (tooMany !== null) return { files: [], entries: [], issues: [tooMany] };
  const results: BlockFileResult[] = [];
  for (const path of paths) {
    let input: BlockFileInput;
    try {
      input = readBlockFileBytes(path);
    } catch (error) {
      results.push(unreadable(path, error));
      continue;
    }
    results.push(await readBlockFile(input, options));
  }
  return combine(results);
}
