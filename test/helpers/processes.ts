// Which processes are still running, for tests that check a run leaves nothing behind (Linux /proc).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

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

export interface HostileRunsWorkspace {
  /** This file's folder (created before its tests, removed after). */
  readonly folder: string;
  /** The folder TMPDIR points to while the file runs: what a run leaves there is its own. */
  readonly privateTmp: string;
  /** Markers of the runs started (each put in a run's environment): their processes are killed after the file. */
  readonly markers: string[];
}

/**
 * For a test file of runs that may leave processes or temporary folders behind: a folder of its
 * own with TMPDIR pointing inside it while the file runs, and after the file every process of a
 * marked run killed (should a regression leave one) and everything removed. Call at the top level.
 */
export function useHostileRunsWorkspace(prefix: string): HostileRunsWorkspace {
  let folder = '';
  let privateTmp = '';
  let originalTmpdir: string | undefined;
  const markers: string[] = [];
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), prefix));
    privateTmp = join(folder, 'tmp');
    mkdirSync(privateTmp);
    originalTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
  });
  afterAll(() => {
    for (const pid of markers.flatMap(processesWith)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    if (originalTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = originalTmpdir;
    rmSync(folder, { recursive: true, force: true });
  });
  return {
    get folder() {
      return folder;
    },
    get privateTmp() {
      return privateTmp;
    },
    markers,
  };
}
