// What a file is on disk, told without reading it: the database checks whether another process
// saved it meanwhile, and launch whether a source file changed since it was registered, as Git's
// index does (docs/decisions/sqljs-in-memory.md).
import { statSync, type BigIntStats } from 'node:fs';

/**
 * A file whose content changed this recently is not given a stamp: on a file system that keeps
 * times coarsely (FAT's two seconds, one second on some others) a second change within the same
 * tick would leave every part of the stamp as it was (Git's "racy" files). Its content is hashed
 * instead, and it gets a stamp on a later launch.
 */
export const RACY_MARGIN_MS = 3_000;

/**
 * The device, inode, size, and modification and status-change times (nanoseconds) of the file at
 * `path`, symlinks followed. Writing the file changes its times, replacing it (a rename over it,
 * a save, an update of the app) changes its inode, and the status-change time cannot be set back
 * (unlike the modification time, which `touch -d` or `cp -p` may). Null when it cannot be
 * stat'ed, or has no nanosecond times: Electron's reader of app.asar answers for the files
 * inside the archive with made-up stats without them.
 */
export function fileIdentity(path: string): string | null {
  const stats = nanosecondStats(path);
  return stats === null ? null : identityOf(stats);
}

/**
 * fileIdentity of a regular file that can be trusted to change with its content: null also for
 * anything else than a regular file, and for a file changed within RACY_MARGIN_MS of `now`, or
 * later (a clock behind the file system's).
 */
export function fileStamp(path: string, now: number = Date.now()): string | null {
  const stats = nanosecondStats(path);
  if (stats === null || !stats.isFile()) return null;
  const changedNs = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
  if (changedNs > BigInt(now - RACY_MARGIN_MS) * 1_000_000n) return null;
  return identityOf(stats);
}

function nanosecondStats(path: string): BigIntStats | null {
  let stats: BigIntStats;
  try {
    stats = statSync(path, { bigint: true });
  } catch {
    return null;
  }
  return typeof stats.mtimeNs === 'bigint' && typeof stats.ctimeNs === 'bigint' ? stats : null;
}

function identityOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}
