// Which processes are still running, for tests that check a run leaves nothing behind (Linux /proc).
import { readdirSync, readFileSync } from 'node:fs';

/** The pids whose command line mentions `marker`. */
export function processesWith(marker: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  });
}
