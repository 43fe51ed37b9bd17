// Runs the command line in-process (`runCli`) and captures what it prints, or as a process of its
// own (the built out/main/cli.js) with its peak memory; a per-test folder and database path for
// command-line tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach } from 'vitest';
import { runCli, type CliIo } from '../../src/main/cli/run';
import { stringifyJson, type JsonValue } from '../../src/shared/json';
import { useTempWorkspace } from './registry';

export interface CliResult {
  code: number;
  /** Every stdout write, joined by '\n'. */
  stdout: string;
  /** Every stderr write, joined by '\n'. */
  stderr: string;
}

/** Runs `argv` with `env` as the environment (not the process's own). */
export async function cliWithEnv(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env };
  const code = await runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Runs `argv` with an empty environment. */
export function cli(...argv: string[]): Promise<CliResult> {
  return cliWithEnv({}, ...argv);
}

export interface CliWorkspace {
  /** This test's own temporary folder, removed after it. */
  readonly folder: string;
  /** `registry.sqlite` in the folder, not created: commands create it, or say it does not exist. */
  readonly dbPath: string;
  /** The path of `names` (joined) in the folder. */
  path: (...names: string[]) => string;
  /** Writes `value` as indented JSON (numbers as written) to `name` in the folder; its path. */
  writeJson: (name: string, value: JsonValue) => string;
}

/** A fresh folder and database path for each test of the file (call at the top level). */
export function useCliWorkspace(): CliWorkspace {
  const temp = useTempWorkspace();
  let folder: string | undefined;
  beforeEach(() => {
    folder = temp.dir();
  });
  const current = (): string => {
    if (folder === undefined) throw new Error('useCliWorkspace: used outside a test');
    return folder;
  };
  const workspace: CliWorkspace = {
    get folder() {
      return current();
    },
    get dbPath() {
      return join(current(), 'registry.sqlite');
    },
    path: (...names) => join(current(), ...names),
    writeJson(name, value) {
      const path = workspace.path(name);
      writeFileSync(path, stringifyJson(value, 2));
      return path;
    },
  };
  return workspace;
}

/** The built command line (npm test builds it before the suites that run it as a process). */
export const BUILT_CLI = join(process.cwd(), 'out', 'main', 'cli.js');
/** GNU time: its `%M` is the peak resident memory of the process it ran, in KiB. */
const GNU_TIME = '/usr/bin/time';

export interface CliProcessResult {
  /** The exit code; null when it was killed (at the time limit, say). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The process's peak resident memory in KiB, as GNU time or /proc measured it; null when neither could. */
  peakRssKib: number | null;
  /** True when it was still running at the time limit and was killed. */
  timedOut: boolean;
}

/**
 * Runs `argv` with the built command line in a process of its own, with `env` (and PATH) as its
 * whole environment, killed after `timeLimitMs`. Its peak memory comes from GNU time when the
 * machine has it, else from polling /proc/PID/status (VmHWM, the kernel's own high-water mark).
 */
export function cliProcess(argv: string[], env: NodeJS.ProcessEnv, timeLimitMs = 120_000): Promise<CliProcessResult> {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npx electron-vite build\` first (npm test does).`);
  const withTime = existsSync(GNU_TIME);
  const timeDir = mkdtempSync(join(tmpdir(), 'block-registry-cli-time-'));
  const timeFile = join(timeDir, 'peak');
  const command = withTime ? GNU_TIME : process.execPath;
  const args = withTime ? ['-f', '%M', '-o', timeFile, process.execPath, BUILT_CLI, ...argv] : [BUILT_CLI, ...argv];
  // Its own process group, so that the time limit ends GNU time's child too.
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Decoded whole at the end: a chunk can end inside a character.
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  let polledKib = 0;
  const poll = withTime
    ? undefined
    : setInterval(() => {
        try {
          const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (match !== null) polledKib = Math.max(polledKib, Number(match[1]));
        } catch {
          // Gone already.
        }
      }, 20);
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, timeLimitMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      clearInterval(poll);
      let peakRssKib: number | null = polledKib === 0 ? null : polledKib;
      if (withTime && existsSync(timeFile)) {
        // GNU time writes "Command exited with non-zero status N" first when it did: the figure is the last line.
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        peakRssKib = /^\d+$/.test(last) ? Number(last) : null;
      }
      rmSync(timeDir, { recursive: true, force: true });
      resolve({ code: timedOut ? null : code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), peakRssKib, timedOut });
    });
  });
}
