// A child process in a process group of its own, run to completion or to a timeout, after which
// the whole group is killed: whatever user code started (a subprocess, a daemon thread's child)
// goes with it. Output is kept within bounds so that a runaway print loop cannot fill memory.
import { spawn, type ChildProcess } from 'node:child_process';

/** Far above any real schema dump. */
const MAX_STDOUT_BYTES = 64 * 1024 * 1024;
const STDERR_TAIL_BYTES = 16 * 1024;

export type ProcessRun =
  { kind: 'exited'; code: number | null; stdout: Buffer; stderr: string; truncated: boolean } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'spawn-error'; message: string };

interface ProcessOptions {
  cwd: string | undefined;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Aborting it ends the run as `cancelled`, its process group killed; an aborted signal starts nothing. */
  signal?: AbortSignal | undefined;
}

/** Runs to completion or to the timeout; the process group is killed either way, so no grandchild outlives it. */
export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const { signal } = options;
    if (signal?.aborted === true) {
      resolve({ kind: 'cancelled' });
      return;
    }
    // detached: a process group of its own, so that one signal reaches everything it started.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    if (running.size === 0) startGuarding();
    running.add(child);
    const out: Buffer[] = [];
    let outBytes = 0;
    let truncated = false;
    let stderr = Buffer.alloc(0);
    let settled = false;
    const finish = (run: ProcessRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      running.delete(child);
      killGroup(child);
      if (running.size === 0) stopGuarding();
      resolve(run);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    const cancel = (): void => finish({ kind: 'cancelled' });
    signal?.addEventListener('abort', cancel, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes + chunk.length > MAX_STDOUT_BYTES) truncated = true;
      else out.push(chunk);
      outBytes += chunk.length;
      if (truncated) finish({ kind: 'exited', code: null, stdout: Buffer.concat(out), stderr: stderr.toString('utf8'), truncated });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > STDERR_TAIL_BYTES) stderr = stderr.subarray(stderr.length - STDERR_TAIL_BYTES);
    });
    child.on('error', (error) => finish({ kind: 'spawn-error', message: error.message }));
    child.on('close', (code) => finish({ kind: 'exited', code, stdout: Buffer.concat(out), stderr: stderr.toString('utf8'), truncated }));
  });
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

// A group of its own does not get the terminal's Ctrl-C: when this process is interrupted or
// ends, it takes the runs still going with it, then ends as the signal would have ended it.
const running = new Set<ChildProcess>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killRunning(): void {
  for (const child of running) killGroup(child);
}

function onSignal(signal: NodeJS.Signals): void {
  killRunning();
  stopGuarding();
  // Only our listener was keeping the signal from ending the process: without it, it does.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function startGuarding(): void {
  process.on('exit', killRunning);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function stopGuarding(): void {
  process.off('exit', killRunning);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
