// Every Python run on Linux goes through resources/python/supervise.py: a child subreaper that
// kills everything the run started when it ends, is stopped, or the app dies (the file says why
// a subreaper rather than a /proc walk or a cgroup). Elsewhere the run is its own process group,
// killed as a whole: a process that leaves the group (setsid, a double fork) is out of reach there.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findResourcesDir } from '../sources/resources';

export const SUPERVISOR_SCRIPT = 'python/supervise.py';

/** prctl(PR_SET_CHILD_SUBREAPER) is Linux's. */
export function supervisionAvailable(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux';
}

/**
 * The bundled script `relative` (under resources/), copied into `folder`: Python cannot read a
 * file inside a packaged app's archive (app.asar), which Node's fs in Electron can.
 */
export function copyBundledScript(relative: string, folder: string): string {
  const copy = join(folder, basename(relative));
  writeFileSync(copy, readFileSync(join(findResourcesDir(), relative)));
  return copy;
}

export interface PythonCommand {
  /** The interpreter's arguments. */
  args: string[];
  /** Whether the child is the supervisor (stopped with SIGTERM so that it kills its tree first). */
  supervised: boolean;
}

/**
 * `python args…` (`python` the interpreter's command), supervised where that is available;
 * `folder` (the run's temporary folder) receives the supervisor's copy. The supervisor runs
 * isolated from the user's Python settings and site-packages (`-I -S`), and starts the very same
 * command with `args` (a wrapper script included): only that run sees them. It stops when this
 * process dies; Node spawns from its main thread, whose end is the process's (PDEATHSIG follows
 * the thread).
 */
export function pythonCommand(python: string, args: string[], folder: string, platform: NodeJS.Platform = process.platform): PythonCommand {
  if (!supervisionAvailable(platform)) return { args, supervised: false };
  return { args: ['-I', '-S', copyBundledScript(SUPERVISOR_SCRIPT, folder), String(process.pid), python, ...args], supervised: true };
}
