// The bench's native reference (native-reference.mjs) and how whole processes are measured.
// better-sqlite3 is installed for the bench on demand into .bench/native (gitignored), never a
// dependency of the app: it compiles SQLite from source where no prebuilt binary can be fetched.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const BETTER_SQLITE3 = 'better-sqlite3@12.11.1';
const cacheDir = join(process.cwd(), '.bench', 'native');
const packageDir = join(cacheDir, 'node_modules', 'better-sqlite3');
const addon = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
export const NATIVE_SCRIPT = join(process.cwd(), 'test', 'bench', 'native-reference.mjs');

/** The better-sqlite3 package folder, installed first when missing; null (with why) when it cannot be. */
export function ensureBetterSqlite3(log: (line: string) => void): { dir: string } | { error: string } {
  const stamp = join(cacheDir, 'installed-version');
  if (existsSync(addon) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === BETTER_SQLITE3) return { dir: packageDir };
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  log(`bench: installing ${BETTER_SQLITE3} into .bench/native for the native reference (compiles SQLite: a few minutes)…`);
  // Build from source: the prebuilt-binary download cannot reach its host here and only times
  // out. node-gyp uses this Node's own headers when they are installed beside it.
  const nodePrefix = dirname(dirname(process.execPath));
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_build_from_source: 'true' };
  if (existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const installed = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', cacheDir, BETTER_SQLITE3], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (installed.status !== 0 || !existsSync(addon)) return { error: `npm install ${BETTER_SQLITE3} failed: ${(installed.stderr ?? '').trim().split('\n').slice(-3).join(' ')}` };
  writeFileSync(stamp, BETTER_SQLITE3);
  return { dir: packageDir };
}

export interface ProcessFigures {
  wallMs: number;
  /** Peak resident memory of the process, KiB (`/usr/bin/time`); null where that is not available. */
  maxRssKiB: number | null;
  stdout: string;
}

const GNU_TIME = '/usr/bin/time';

/** How a measured process is started: under GNU time (`%M`, peak RSS in KiB) where it is installed. */
export function timedCommand(command: string, args: string[]): { withTime: boolean; command: string; args: string[] } {
  return existsSync(GNU_TIME) ? { withTime: true, command: GNU_TIME, args: ['-f', '%M', command, ...args] } : { withTime: false, command, args };
}

/**
 * A timed process's stderr without GNU time's own lines, and its peak: time ends stderr with the
 * figure, after "Command exited with non-zero status N" when the process failed.
 */
export function splitGnuTime(stderr: string, withTime: boolean): { stderr: string; maxRssKiB: number | null } {
  const lines = stderr.trimEnd().split('\n');
  const maxRssKiB = withTime && /^\d+$/.test(lines.at(-1) ?? '') ? Number(lines.pop()) : null;
  if (withTime && /^Command exited with non-zero status \d+$/.test(lines.at(-1) ?? '')) lines.pop();
  return { stderr: lines.join('\n'), maxRssKiB };
}

/** Runs one whole process and measures it from spawn to exit. */
export function measureProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ProcessFigures {
  const timed = timedCommand(command, args);
  const start = performance.now();
  const run = spawnSync(timed.command, timed.args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { wallMs, maxRssKiB: splitGnuTime(run.stderr, timed.withTime).maxRssKiB, stdout: run.stdout };
}
