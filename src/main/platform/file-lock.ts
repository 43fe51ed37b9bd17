// One writer at a time across processes (the app and the command line, or two command lines):
// a lock file beside the database, created exclusively, holding the owner's pid and when that
// process started. A lock left by a process that died (killed, crashed) is recognised and taken
// over, and so is one whose pid now names an unrelated process (after a reboot, or pids wrapping
// around): that process started after the lock was written, or not when the lock's holder did.
//
// Taking over must be atomic: writers that all saw the same dead lock must not each delete
// "the" lock, or one deletes the lock another has just taken and both save at once (a write
// lost). So the lock is deleted only by the holder of a take-over marker (created exclusively),
// and only if the lock is still the very file that was judged stale (same inode, same times,
// same content).
import { closeSync, fstatSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { RegistryError } from '../../shared/errors';
import { ownProcessStart, processStart, startedAtMs, type ProcessStart } from './process-start';

export interface LockOptions {
  /** How long to wait for another process to finish before saying the database is in use. */
  timeoutMs?: number;
  /** Told once, when the lock is not free at the first try: who holds it. */
  onWait?: (holder: string) => void;
}

interface LockOwner {
  pid: number;
  host: string;
  /** When the holder started (process-start.ts); null in locks of older versions and where the system does not say. */
  started: ProcessStart | null;
}

/** One version of a file: which file it is (device, inode, birth time), what it held, and when it was written. */
interface FileSnapshot {
  identity: string;
  text: string;
  ageMs: number;
  writtenAtMs: number;
}

/** The same file with the same content: inode numbers are reused, so the content counts too. */
function isSame(a: FileSnapshot | null, b: FileSnapshot): boolean {
  return a !== null && a.identity === b.identity && a.text === b.text;
}

const POLL_MS = 20;
/**
 * A lock file that is not one of ours (empty because its creator was killed before writing
 * its pid, or garbage) is taken over once it is this old: its creator had time to fill it.
 */
export const EMPTY_LOCK_GRACE_MS = 2000;
/**
 * A lock that does not say when its holder started (an older version's) is another process's
 * only if that process started this long after the lock was written: the start read from the
 * system is good to about a second, and the clock may have been adjusted a little meanwhile.
 */
const START_AFTER_LOCK_MARGIN_MS = 5000;

export function lockPathFor(databasePath: string): string {
  return `${databasePath}.lock`;
}

function takeoverPathFor(lockPath: string): string {
  return `${lockPath}.takeover`;
}

export async function acquireFileLock(databasePath: string, options: LockOptions = {}): Promise<() => void> {
  const lockPath = lockPathFor(databasePath);
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  let told = false;
  for (;;) {
    const mine = tryCreate(lockPath, databasePath);
    if (mine !== null) return () => removeIfSame(lockPath, mine);
    const seen = snapshot(lockPath);
    if (seen === null) continue; // released meanwhile: the next attempt takes it
    const owner = parseOwner(seen.text);
    if (isStale(owner, seen)) {
      takeOver(lockPath, seen);
      continue;
    }
    const who = owner === null ? 'another process' : `process ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`}`;
    if (!told) {
      options.onWait?.(who);
      told = true;
    }
    if (Date.now() >= deadline) {
      // The lock's path: if no Block Registry is running after all, the person can see it and remove it.
      throw new RegistryError(
        'database_busy',
        `The database ${databasePath} is in use by ${who} (a Block Registry window or command; its lock file is ${lockPath}). Try again when it has finished; if no Block Registry window or command is running, delete that lock file.`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** Creates the lock with this process's pid: its identity, or null when another holds it. */
function tryCreate(lockPath: string, databasePath: string): string | null {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    if (isCode(error, 'EEXIST')) return null;
    throw unwritableFolder(error, databasePath) ?? error;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), started: ownProcessStart() }));
    return identityOf(fd);
  } catch (error) {
    rmSync(lockPath, { force: true }); // an empty lock would make others wait for the grace period
    throw unwritableFolder(error, databasePath) ?? error;
  } finally {
    closeSync(fd);
  }
}

function unwritableFolder(error: unknown, databasePath: string): RegistryError | null {
  const code = codeOf(error);
  if (!(code in READABLE_CODES)) return null;
  return new RegistryError('save_failed', `Cannot write in the folder of ${databasePath} (${code}: ${READABLE_CODES[code] ?? 'not writable'}). Nothing was changed.`);
}

/**
 * Deletes the stale lock `seen`, unless another writer is already taking it over or it has been
 * replaced meanwhile. Whether or not it did, the caller tries to create the lock again.
 */
function takeOver(lockPath: string, seen: FileSnapshot): void {
  const markerPath = takeoverPathFor(lockPath);
  const marker = tryCreate(markerPath, lockPath);
  if (marker === null) {
    clearAbandonedMarker(markerPath);
    return;
  }
  try {
    // Only marker holders delete a lock that is not theirs, and its owner is gone: so if the
    // lock is still `seen`, nobody can replace it between this check and the deletion.
    if (isSame(snapshot(lockPath), seen)) rmSync(lockPath, { force: true });
  } finally {
    removeIfSame(markerPath, marker);
  }
}

/**
 * A marker left by a process killed while taking over (a few milliseconds' window). It is moved
 * aside under a unique name, and put back if what was moved is not the abandoned one.
 */
function clearAbandonedMarker(markerPath: string): void {
  const seen = snapshot(markerPath);
  if (seen === null || !isStale(parseOwner(seen.text), seen)) return;
  const aside = `${markerPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(markerPath, aside);
  } catch {
    return; // gone meanwhile
  }
  if (!isSame(snapshot(aside), seen)) {
    try {
      linkSync(aside, markerPath); // a live marker: give it back (fails if a newer one exists)
    } catch {
      // a newer marker exists: that one holds
    }
  }
  rmSync(aside, { force: true });
}

function isStale(owner: LockOwner | null, seen: FileSnapshot): boolean {
  if (owner === null) return seen.ageMs > EMPTY_LOCK_GRACE_MS;
  return owner.host === hostname() && !isHolderAlive(owner, seen.writtenAtMs);
}

/**
 * Whether the process that wrote the lock still runs: its pid is alive, and is still that
 * process. The start the lock records must be the live process's exactly; a lock that records
 * none is held only by a process that started before it was written. Where the system does not
 * say when a process started (not Linux), the pid alone decides, as it did before.
 */
function isHolderAlive(owner: LockOwner, writtenAtMs: number): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  const live = processStart(owner.pid);
  if (live === null) return true;
  if (owner.started !== null) return owner.started.boot_id === live.boot_id && owner.started.ticks === live.ticks;
  const liveStartedAt = startedAtMs(live);
  return liveStartedAt === null || liveStartedAt <= writtenAtMs + START_AFTER_LOCK_MARGIN_MS;
}

/**
 * Whether `pid` names the process that wrote a file at `writtenAtMs` (a temporary file named
 * after its writer): alive, and started before the file was written.
 */
export function isWriterAlive(pid: number, writtenAtMs: number): boolean {
  return isHolderAlive({ pid, host: hostname(), started: null }, writtenAtMs);
}

/** Ours: a JSON object with a positive integer pid and a host name. Anything else is as if empty. */
function parseOwner(text: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { pid, host, started } = value as { pid?: unknown; host?: unknown; started?: unknown };
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0 || typeof host !== 'string') return null;
  return { pid, host, started: parseStart(started) };
}

/** The holder's start as tryCreate writes it; anything else is as if the lock did not say. */
function parseStart(value: unknown): ProcessStart | null {
  if (typeof value !== 'object' || value === null) return null;
  const { boot_id: boot, ticks } = value as { boot_id?: unknown; ticks?: unknown };
  if (typeof boot !== 'string' || boot === '' || typeof ticks !== 'number' || !Number.isSafeInteger(ticks) || ticks < 0) return null;
  return { boot_id: boot, ticks };
}

/**
 * The file's identity and content, read through one descriptor so that both are of one file;
 * null when it is gone. One that cannot be read (another user's) is a fresh lock of unknown
 * owner: waited for, never taken over, and the wait ends at the deadline.
 */
function snapshot(path: string): FileSnapshot | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return isCode(error, 'ENOENT') ? null : unreadableSnapshot();
  }
  try {
    const text = readFileSync(fd, 'utf8');
    const stat = fstatSync(fd);
    return { identity: identityOf(fd), text, ageMs: Date.now() - stat.mtimeMs, writtenAtMs: stat.mtimeMs };
  } catch {
    return unreadableSnapshot(); // not a file (a folder): never taken over
  } finally {
    closeSync(fd);
  }
}

function unreadableSnapshot(): FileSnapshot {
  return { identity: '', text: '', ageMs: 0, writtenAtMs: Date.now() };
}

/** Not the change time: a rename changes it, and a marker is compared after being moved aside. */
function identityOf(fd: number): string {
  const stat = fstatSync(fd, { bigint: true });
  return `${stat.dev}:${stat.ino}:${stat.birthtimeNs}`;
}

/** Releases a lock (or marker) only if it is still the one this process created. */
function removeIfSame(path: string, createdIdentity: string): void {
  const current = snapshot(path);
  if (current?.identity === createdIdentity) rmSync(path, { force: true });
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'error';
}

function isCode(error: unknown, code: string): boolean {
  return codeOf(error) === code;
}
