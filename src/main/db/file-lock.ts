// One writer at a time across processes (the app and the command line, or two command lines):
// a lock file beside the database, created exclusively, holding the owner's pid. A lock left
// by a process that died (killed, crashed) is recognised and taken over.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { RegistryError } from '../../shared/errors';

export interface LockOptions {
  /** How long to wait for another process to finish before saying the database is in use. */
  timeoutMs?: number;
  /** Told once, when the lock is not free at the first try: who holds it. */
  onWait?: (holder: string) => void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

const POLL_MS = 20;
/** A lock file still empty after this long was left by a process killed while creating it. */
const EMPTY_LOCK_GRACE_MS = 2000;

export function lockPathFor(databasePath: string): string {
  return `${databasePath}.lock`;
}

export async function acquireFileLock(databasePath: string, options: LockOptions = {}): Promise<() => void> {
  const lockPath = lockPathFor(databasePath);
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockOwner));
      } finally {
        closeSync(fd);
      }
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if (isCode(error, 'EROFS') || isCode(error, 'EACCES') || isCode(error, 'EPERM') || isCode(error, 'ENOSPC')) {
        throw new RegistryError('save_failed', `Cannot write in the folder of ${databasePath} (${codeOf(error)}: ${READABLE_CODES[codeOf(error)] ?? 'not writable'}). Nothing was changed.`);
      }
      if (!isCode(error, 'EEXIST')) throw error;
    }
    const owner = readOwner(lockPath);
    if (owner === 'stale') {
      rmSync(lockPath, { force: true });
      continue;
    }
    const who = owner === null ? 'another process' : `process ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`}`;
    if (!told) {
      options.onWait?.(who);
      told = true;
    }
    if (Date.now() >= deadline) {
      throw new RegistryError('database_busy', `The database ${databasePath} is in use by ${who} (a Block Registry window or command). Try again when it has finished.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The lock's owner; 'stale' when that owner is gone; null when it cannot be told yet. */
function readOwner(lockPath: string): LockOwner | 'stale' | null {
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(lockPath, 'utf8');
    ageMs = Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return null; // released meanwhile: the next attempt takes it
  }
  let owner: LockOwner;
  try {
    owner = JSON.parse(text) as LockOwner;
  } catch {
    return ageMs > EMPTY_LOCK_GRACE_MS ? 'stale' : null;
  }
  if (owner.host === hostname() && typeof owner.pid === 'number' && !isProcessAlive(owner.pid)) return 'stale';
  return owner;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM'); // exists, owned by someone else
  }
}

const READABLE_CODES: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
};

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'error';
}

function isCode(error: unknown, code: string): boolean {
  return codeOf(error) === code;
}
