// A file's stamp: what changes whenever its content may have changed, so that launch can tell
// an unchanged source file without reading and hashing it (issue 14), as Git's index does.
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
 * an update of the app) changes its inode, and the status-change time cannot be set back (unlike
 * the modification time, which `touch -d` or `cp -p` may). Null when the file cannot be stat'ed, is
 * not a regular file, or changed within RACY_MARGIN_MS of `now`, or later (a clock behind the file system's).
 */
export function fileStamp(path: string, now: number = Date.now()): string | null {
  let stats: BigIntStats;
  try {
    stats = statSync(path, { bigint: true });
  } catch {
    return null;
  }
  // Electron's reader of app.asar answers for the files inside the archive with made-up stats,
  // without nanosecond times: those files get no stamp, and are hashed.
  if (!stats.isFile() || typeof stats.mtimeNs !== 'bigint' || typeof stats.ctimeNs !== 'bigint') return null;
  const changedNs = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
  if (changedNs > BigInt(now - RACY_MARGIN_MS) * 1_000_000n) return null;
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}
