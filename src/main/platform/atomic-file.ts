// Replaces a file so that a crash at any moment leaves either the old or the new content:
// write a temporary file in the same folder, fsync it, rename it over the target, fsync the folder.
import { accessSync, closeSync, constants, fchmodSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RegistryError } from '../../shared/errors';
import { isWriterAlive } from './file-lock';

/**
 * Refuses to replace a file made read-only (`chmod 444`, Windows' read-only attribute): the
 * rename of an atomic write would replace it whatever its permissions say (renaming needs only
 * the folder to be writable), silently undoing the owner's choice. The owner-write bit is
 * checked as such because root may write anything; `access` covers another user's file.
 * `shownPath` is the path as the person gave it.
 */
export function refuseReadOnly(path: string, shownPath: string = path): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return; // nothing there yet: a new file
  }
  let writable = (mode & 0o200) !== 0;
  if (writable) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      // A read-only file system is the folder's problem, which the caller reports in its own words.
      writable = error instanceof Error && 'code' in error && error.code === 'EROFS';
    }
  }
  if (!writable) {
    throw new RegistryError('save_failed', `${shownPath} is read-only; nothing was changed. Make the file writable (chmod u+w) to change it.`);
  }
}

export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  refuseReadOnly(path);
  const temporary = join(dirname(path), `${temporaryPrefix(path)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o600);
    // A new file is private (0600); a file that exists keeps the permissions its owner gave it.
    const mode = existingMode(path);
    if (mode !== null) fchmodSync(fd, mode);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/**
 * writeFileAtomic for a file no database open looks after (the app's settings): first removes
 * the temporaries that writers of the same file left when killed before their rename, which
 * would otherwise stay for good.
 */
export function replaceFileAtomic(path: string, bytes: Uint8Array): void {
  try {
    removeStaleTemporaries(path);
  } catch {
    // best effort: the write below reports a folder it cannot write
  }
  writeFileAtomic(path, bytes);
}

function existingMode(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}

/** When the file was last written; now when it cannot be read (so its writer counts as alive). */
function writtenAtMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function syncFolder(folder: string): void {
  // Makes the rename itself durable. Some platforms cannot open a folder: the rename is still atomic.
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function temporaryPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/**
 * Removes temporary files left by writers that were killed before their rename: the file's own
 * (`.<name>.<pid>.<random>.tmp`) and those of the side files kept beside it
 * (`.<name>.last-import.json.<pid>.<random>.tmp`). A writer is gone when its pid is, or names a
 * process that started after the file was written (the pid reused, e.g. after a reboot).
 */
export function removeStaleTemporaries(path: string): number {
  const prefix = temporaryPrefix(path);
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.').at(-3));
    const temporary = join(dirname(path), name);
    if (!Number.isInteger(pid) || isWriterAlive(pid, writtenAtMs(temporary))) continue;
    rmSync(temporary, { force: true });
    removed += 1;
  }
  return removed;
}
