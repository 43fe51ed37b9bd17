// Files the app reads by a path the user gave: only a regular file is read. A named pipe would
// block the read for ever, a folder or a device gives nonsense; all are refused, untouched,
// with a message a person can act on.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { RegistryError, type RegistryErrorCode } from '../../shared/errors';

export interface RegularFileCheck {
  /** Says what the file is for, before the path: e.g. 'The import file'. Empty: the path alone. */
  what?: string;
  /** The error code when the path is not a readable regular file. */
  code?: RegistryErrorCode;
  /** What was expected instead, in the message: 'a database file'. Default 'a regular file'. */
  expected?: string;
  /** Appended to the message, e.g. ' It was left untouched.' */
  suffix?: string;
}

/**
 * The content of the regular file at `path` (symlinks followed), or null when nothing is there.
 * Opened without blocking (a FIFO does not wait for a writer) and checked through the same
 * descriptor it is read from, so that a file swapped meanwhile cannot slip through.
 */
export function readRegularFile(path: string, check: RegularFileCheck = {}): Buffer | null {
  return withRegularFile(path, check, (fd) => readFileSync(fd));
}

/** Whether a regular file is at `path` (false: nothing there); throws for anything else. */
export function regularFileExists(path: string, check: RegularFileCheck = {}): boolean {
  return withRegularFile(path, check, () => true) ?? false;
}

/** `use` of the open descriptor of the regular file at `path`; null when nothing is there. */
function withRegularFile<T>(path: string, check: RegularFileCheck, use: (fd: number) => T): T | null {
  let fd: number;
  try {
    fd = openWithoutBlocking(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw unreadable(path, error, check);
  }
  try {
    assertRegular(path, fstatSync(fd), check);
    return use(fd);
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw unreadable(path, error, check);
  } finally {
    closeSync(fd);
  }
}

/** Opens for reading without waiting: a FIFO with no writer must not block the open. */
export function openWithoutBlocking(path: string): number {
  return openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
}

function assertRegular(path: string, stat: Stats, check: RegularFileCheck): void {
  if (stat.isFile()) return;
  throw new RegistryError(check.code ?? 'invalid_input', `${prefix(path, check)} is ${kindOf(stat)}, not ${check.expected ?? 'a regular file'}.${check.suffix ?? ''}`);
}

/** What is at a path that is not a regular file, in words: 'a folder', 'a named pipe (FIFO)'… */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the name is too long',
  EISDIR: 'it is a folder',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
};

function unreadable(path: string, error: unknown, check: RegularFileCheck): RegistryError {
  // Some kinds cannot even be opened (a socket: ENXIO): say what it is rather than the errno.
  try {
    assertRegular(path, statSync(path), check);
  } catch (kind) {
    if (kind instanceof RegistryError) return kind;
  }
  const code = codeOf(error);
  const reason = REASONS[code] ?? (code === 'error' ? String(error) : code);
  return new RegistryError(check.code ?? 'invalid_input', `${prefix(path, check)} cannot be read (${reason}).${check.suffix ?? ''}`);
}

function prefix(path: string, check: RegularFileCheck): string {
  return check.what === undefined || check.what === '' ? path : `${check.what} ${path}`;
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'error';
}
