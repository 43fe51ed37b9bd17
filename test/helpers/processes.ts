// Which processes are still running, for tests that check a run leaves nothing behind (Linux /proc).
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The pids whose command line or environment mentions `marker`: a marker put in the environment
 * of a run is inherited by every process it starts, whatever that process calls itself.
 */
export function processesWith(marker: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    for (const part of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${pid}/${part}`, 'utf8').includes(marker)) return true;
      } catch {
        // gone meanwhile, or not ours to read
      }
    }
    return false;
  });
}
