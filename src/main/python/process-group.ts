// A child process in a process group of its own, run until it exits, its timeout passes, or it
// is cancelled; then nothing it started is left running. On Linux the child is Python's
// supervisor (resources/python/supervise.py, see supervisor.ts), a child subreaper that kills
// everything the run started, even what left the group (its own session, a double fork): it is
// asked to stop with SIGTERM, and the group is killed after it, for anything that stayed in it.
// Elsewhere the group is all there is: a process that leaves it (setsid) outlives the run.
// Output is kept within bounds so that a runaway print loop cannot fill memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Far above any real schema dump. */
export const MAX_STDOUT_BYTES = 64 * 1024 * 1024;
const STDERR_TAIL_BYTES = 16 * 1024;
/** How long a supervisor may take to kill the tree it watches before its group is killed outright. */
const STOP_GRACE_MS = 3_000;
/**
 * After the child exited, how long a process it left outside its group (no supervisor) may hold
 * the output pipes open: what the child wrote is in the pipe by then, and read meanwhile.
 */
const OUTPUT_GRACE_MS = 1_000;

export type ProcessRun =
  { kind: 'exited'; code: number | null; stdout: Buffer; stderr: string; truncated: boolean } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'spawn-error'; message: string };

interface ProcessOptions {
  cwd: string | undefined;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Aborting it ends the run as `cancelled`, everything it started killed; an aborted signal starts nothing. */
  signal?: AbortSignal | undefined;
  /** The child is a supervisor (supervisor.ts): stopped with SIGTERM, so that it kills its whole tree first. */
  supervised?: boolean;
}

/** A child still running, as the interrupt guard below needs it. */
interface RunningChild {
  child: ChildProcess;
  supervised: boolean;
  /** Resolves when the child has exited. */
  exited: Promise<void>;
  /** Ends the run as cancelled: this process was interrupted, and goes on (another listener took the signal). */
  endInterrupted: () => void;
}

/**
 * Runs to completion, to the timeout or to the signal's abort. It is over when the child exits
 * (not when every holder of its output pipes has: a background process it left would hold them
 * until the timeout); whatever the child left behind is killed then, and on a timeout or cancel.
 */
export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const { signal } = options;
    if (signal?.aborted === true) {
      resolve({ kind: 'cancelled' });
      return;
    }
    const supervised = options.supervised ?? false;
    // detached: a process group of its own, so that one signal reaches everything it started.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const running: RunningChild = {
      child,
      supervised,
      exited: new Promise((done) => child.once('exit', () => done())),
      endInterrupted: () => settle({ kind: 'cancelled' }),
    };
    guard(running);
    const out: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    let stderr = Buffer.alloc(0);
    let exitCode: number | null = null;
    let exited = false;
    /** Decided before the child exited (timeout, cancel, too much output): the run ends with it once the child is stopped. */
    let outcome: ProcessRun | undefined;
    let settled = false;
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    const exitedRun = (): ProcessRun => ({ kind: 'exited', code: exitCode, stdout: Buffer.concat(out), stderr: stderr.toString('utf8'), truncated });
    const settle = (run: ProcessRun): void => {
      // Interrupted: this process is about to end as the signal would end it; nothing more of the run happens.
      if (settled || interrupted) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      unguard(running);
      resolve(run);
    };
    const decide = (run: ProcessRun): void => {
      if (outcome !== undefined || settled) return;
      outcome = run;
      clearTimeout(timeout);
      if (exited) {
        settle(run);
        return;
      }
      stopChild(running);
      // A supervisor that does not answer (or a child that is none) loses its group all the same.
      timers.push(
        setTimeout(() => {
          killGroup(child);
          settle(run);
        }, STOP_GRACE_MS),
      );
    };
    const timeout = setTimeout(() => decide({ kind: 'timeout' }), options.timeoutMs);
    timers.push(timeout);
    const cancel = (): void => decide({ kind: 'cancelled' });
    signal?.addEventListener('abort', cancel, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      if (outBytes + chunk.length > MAX_STDOUT_BYTES) truncated = true;
      else out.push(chunk);
      outBytes += chunk.length;
      if (truncated) decide(exitedRun());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > STDERR_TAIL_BYTES) stderr = stderr.subarray(stderr.length - STDERR_TAIL_BYTES);
    });
    child.on('error', (error) => {
      // Only a child that never started: a kill is never sent through `child`.
      if (child.pid === undefined) settle({ kind: 'spawn-error', message: error.message });
    });
    child.on('exit', (code) => {
      exited = true;
      exitCode = code;
      // What it left in its group goes now, and with it the pipes they held.
      killGroup(child);
      if (outcome !== undefined) {
        settle(outcome);
        return;
      }
      clearTimeout(timeout);
      timers.push(
        setTimeout(() => {
          // A turn of the event loop first: output waiting in the pipes is read before they are closed.
          setImmediate(() => {
            child.stdout.destroy();
            child.stderr.destroy();
            settle(exitedRun());
          });
        }, OUTPUT_GRACE_MS),
      );
    });
    child.on('close', () => settle(outcome ?? exitedRun()));
  });
}

/** Asks the supervisor to kill its tree and exit; a child that is none loses its group at once. */
function stopChild(running: RunningChild): void {
  if (!running.supervised || running.child.pid === undefined) {
    killGroup(running.child);
    return;
  }
  try {
    process.kill(running.child.pid, 'SIGTERM');
  } catch {
    // ESRCH: it has exited already.
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    child.kill('SIGKILL');
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

// The interrupt guard. A group of its own does not get the terminal's Ctrl-C, and an interrupt
// skips every `finally` of the code that is waiting for a run: when this process is interrupted
// it stops the runs still going, waits (a little) for them to be gone, removes the runs'
// temporary folders, then ends as the signal would have ended it. When it ends otherwise
// ('exit', synchronous), it stops them as far as it can without waiting (a supervisor also
// stops on its own when its parent dies) and removes the folders.
const running = new Set<RunningChild>();
const temporaryFolders = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let guarding = false;
let interrupted = false;

/**
 * Registers a temporary folder of a run: it is removed if this process is interrupted before the
 * caller's own cleanup runs. Returns the function that unregisters it (call it after removing it).
 */
export function removedIfInterrupted(folder: string): () => void {
  temporaryFolders.add(folder);
  updateGuard();
  return () => {
    temporaryFolders.delete(folder);
    updateGuard();
  };
}

function guard(run: RunningChild): void {
  running.add(run);
  updateGuard();
}

function unguard(run: RunningChild): void {
  running.delete(run);
  updateGuard();
}

function updateGuard(): void {
  const needed = running.size > 0 || temporaryFolders.size > 0;
  if (needed === guarding || interrupted) return;
  guarding = needed;
  if (needed) {
    process.on('exit', onExit);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  } else {
    process.off('exit', onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

function removeTemporaryFolders(): void {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
  temporaryFolders.clear();
}

function onExit(): void {
  for (const run of running) {
    stopChild(run);
    // Killing a supervisor's group would kill it before it has killed its tree.
    if (!run.supervised) killGroup(run.child);
  }
  removeTemporaryFolders();
}

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) return; // already on its way out
  interrupted = true;
  const runs = [...running];
  for (const run of runs) stopChild(run);
  const gone = Promise.all(runs.map((run) => run.exited));
  const waited = new Promise<void>((done) => setTimeout(done, STOP_GRACE_MS).unref());
  void Promise.race([gone, waited]).then(() => {
    for (const run of runs) killGroup(run.child);
    removeTemporaryFolders();
    process.off('exit', onExit);
    for (const other of SIGNALS) process.off(other, onSignal);
    guarding = false;
    // Only our listener was keeping the signal from ending the process: without it, it does.
    if (process.listenerCount(signal) === 0) {
      process.kill(process.pid, signal);
      return;
    }
    // Someone else handles the signal and this process goes on: the runs end, cancelled.
    interrupted = false;
    for (const run of runs) run.endInterrupted();
    updateGuard();
  });
}
