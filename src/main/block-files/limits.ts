// What an import may read, enforced in main here and nowhere else: a file's size (on disk before
// a byte is read, or as the bytes given) and the number of files of one import. The numbers are
// shared/limits.ts, which the window also checks before reading a dropped file; main's IPC edge
// asks here too, so that an oversized argument is refused before any work.
import type { RegistryIssue } from '../../shared/errors';
import { MAX_FILE_BYTES, MAX_IMPORT_FILES, oversizeMessage, tooManyFilesMessage } from '../../shared/limits';
import { refusal } from './block-file';

/** Why a file of `size` bytes is not read, or null when its size is within the limit. */
export function oversizeProblem(size: number): string | null {
  return size > MAX_FILE_BYTES ? oversizeMessage(size) : null;
}

/** Throws the refusal of file `name` when its `size` is over the limit. */
export function refuseOversize(name: string, size: number): void {
  const problem = oversizeProblem(size);
  if (problem !== null) throw refusal(name, problem);
}

/** The issue of an import of `count` files when that is too many, else null. */
export function tooManyFiles(count: number): RegistryIssue | null {
  return count > MAX_IMPORT_FILES ? { message: tooManyFilesMessage(count) } : null;
}
