// SIGKILL the command line at hundreds of different moments of a large import and of the
// launch-time registration; after every kill the file must be a valid database holding exactly
// the state before or exactly the state after, never a mix, and the next run must recover.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { MISSING, snapshot, type Snapshot } from './db-snapshot';
import { recordFigures } from './record';
import { useTempFolder } from '../helpers/registry';

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');
// A hundred moments, one in each hundredth of the run (more with RELIABILITY_KILLS=…): CI time is shared.
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 100);

const folder = useTempFolder('crash');
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first (npm test does).');
});

interface Run {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
}

/** Runs the command line; with `killAfterMs`, SIGKILLs it then if it is still running. */
function runCli(args: string[], killAfterMs?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, ms: performance.now() - start });
    });
  });
}

/**
 * How long the command takes when two run at once, as they do during the kills (the longer of
 * two parallel runs), so that the kill moments reach to the very end, the save included.
 */
async function parallelDuration(args: (path: string) => string[], prepare: (path: string) => void): Promise<number> {
  const paths = [join(folder, `timing-${Math.random()}.sqlite`), join(folder, `timing-${Math.random()}.sqlite`)];
  paths.forEach(prepare);
  const runs = await Promise.all(paths.map((path) => runCli(args(path))));
  for (const run of runs) expect(run.exitCode).toBe(0);
  return Math.max(...runs.map((run) => run.ms));
}

/** Where in the run each kill falls, as a fraction: one in each of `count` equal slots of [0, 1), all different, the whole run covered. */
function killFractions(count: number): number[] {
  return Array.from({ length: count }, (_, slot) => (slot + Math.random()) / count);
}

/** How many kills share one measurement of the run's duration. */
const KILLS_PER_MEASUREMENT = 20;

function matches(state: Snapshot, expected: Snapshot): boolean {
  return state.integrity === expected.integrity && state.digest === expected.digest;
}

interface Figures {
  kills: number;
  killed_while_running: number;
  found_before: number;
  found_after: number;
  found_mixed: number;
  stale_locks_recovered: number;
  stale_temporaries_removed: number;
}

/**
 * For each kill moment: `prepare` the folder, run the command, SIGKILL it, then check the file
 * is exactly one of `before` or `after`, and that the app opens it again cleanly.
 */
async function killRepeatedly(
  name: string,
  prepare: (dir: string, path: string) => void,
  args: (path: string) => string[],
  before: Snapshot[],
  after: Snapshot,
  windowMs: () => Promise<number>,
): Promise<Figures> {
  const figures: Figures = { kills: KILLS, killed_while_running: 0, found_before: 0, found_after: 0, found_mixed: 0, stale_locks_recovered: 0, stale_temporaries_removed: 0 };
  const killOnce = async (index: number, moment: number): Promise<void> => {
    const dir = join(folder, `${name}-${index}`);
    const path = join(dir, 'registry.sqlite');
    mkdirSync(dir, { recursive: true });
    prepare(dir, path);
    const run = await runCli(args(path), moment);
    if (run.signal === 'SIGKILL') figures.killed_while_running += 1;

    const state = await snapshot(path);
    const found = before.some((candidate) => matches(state, candidate)) ? 'before' : matches(state, after) ? 'after' : 'mixed';
    figures[`found_${found}`] += 1;
    expect(found, `kill ${index} at ${Math.round(moment)} ms left ${JSON.stringify(state)}`).not.toBe('mixed');

    const leftovers = readdirSync(dir);
    if (leftovers.some((file) => file.endsWith('.lock'))) figures.stale_locks_recovered += 1;
    if (leftovers.some((file) => file.endsWith('.tmp'))) figures.stale_temporaries_removed += 1;
    if (state.integrity !== MISSING.integrity) {
      // Opening again takes over the dead process's lock and clears its temporary file.
      const reopened = await openDatabase(path, { lockTimeoutMs: 2000 });
      await reopened.close();
      expect(readdirSync(dir).filter((file) => file.endsWith('.lock') || file.endsWith('.tmp'))).toEqual([]);
      expect(matches(await snapshot(path), state)).toBe(true);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // The run's duration is measured again before every KILLS_PER_MEASUREMENT kills: the machine's
  // load changes (CI runs other suites beside this one), and a window measured under another load
  // would put the kills all inside the run or all after it. Each group takes every n-th slot, so
  // each measurement serves kills spread over the whole run.
  const fractions = killFractions(KILLS);
  const groups = Math.ceil(KILLS / KILLS_PER_MEASUREMENT);
  for (let group = 0; group < groups; group++) {
    const window = await windowMs();
    const moments = fractions.flatMap((fraction, index) => (index % groups === group ? [[index, fraction * window] as const] : []));
    // Two at a time (one per core of the machines this runs on): each kill has its own folder.
    const worker = async (): Promise<void> => {
      for (let next = moments.shift(); next !== undefined; next = moments.shift()) await killOnce(...next);
    };
    await Promise.all([worker(), worker()]);
  }
  return figures;
}

describe('crash safety under SIGKILL', () => {
  it(`a large import killed at ${KILLS} different moments leaves the state before or after it, never a mix`, async () => {
    const catalogueFile = join(folder, 'generated.json');
    writeFileSync(catalogueFile, generateCatalogue(500));
    const base = join(folder, 'base.sqlite');
    expect((await runCli(['auto-register', '--db', base])).exitCode).toBe(0);
    const complete = join(folder, 'complete.sqlite');
    copyFileSync(base, complete);
    const full = await runCli(['import', catalogueFile, '--db', complete]);
    expect(full.exitCode).toBe(0);
    const before = await snapshot(base);
    const after = await snapshot(complete);
    expect(after.blockTypes).toBe(before.blockTypes + 500);

    const importArgs = (path: string): string[] => ['import', catalogueFile, '--db', path];
    let duration = 0;
    // A quarter again as long as a run takes: some kills come after the end, and show "after". (Half
    // again left barely more than half the kills inside the run: 118 of 200 once, fewer on a busy machine.)
    const window = async (): Promise<number> => (duration = await parallelDuration(importArgs, (path) => copyFileSync(base, path))) * 1.25;
    const figures = await killRepeatedly('import', (_dir, path) => copyFileSync(base, path), importArgs, [before], after, window);
    expect(figures.found_before + figures.found_after).toBe(KILLS);
    expect(figures.killed_while_running).toBeGreaterThan(KILLS / 2);
    recordFigures('crash-import', { ...figures, run_ms: Math.round(duration) });
  });

  it(`launch-time registration killed at ${KILLS} different moments leaves no block types or all of them`, async () => {
    const complete = join(folder, 'launch-complete.sqlite');
    const full = await runCli(['auto-register', '--db', complete]);
    expect(full.exitCode).toBe(0);
    const after = await snapshot(complete);
    expect(after.blockTypes).toBe(54);
    // Before: no file yet, or the file with its tables and no block types.
    const emptyPath = join(folder, 'launch-empty.sqlite');
    await (await openDatabase(emptyPath)).close();
    const empty = await snapshot(emptyPath);
    expect(empty.blockTypes).toBe(0);

    const launchArgs = (path: string): string[] => ['auto-register', '--db', path];
    let duration = 0;
    const window = async (): Promise<number> => (duration = await parallelDuration(launchArgs, () => undefined)) * 1.5;
    const figures = await killRepeatedly('launch', () => undefined, launchArgs, [MISSING, empty], after, window);
    expect(figures.found_before + figures.found_after).toBe(KILLS);
    expect(figures.killed_while_running).toBeGreaterThan(KILLS / 2);
    recordFigures('crash-launch', { ...figures, run_ms: Math.round(duration) });
  });

  it('after a kill, the next launch completes the registration', async () => {
    const dir = join(folder, 'recover');
    mkdirSync(dir);
    const path = join(dir, 'registry.sqlite');
    const complete = join(folder, 'recover-complete.sqlite');
    const full = await runCli(['auto-register', '--db', complete]);
    const after = await snapshot(complete);
    // Killed halfway, then launched again.
    await runCli(['auto-register', '--db', path], full.ms / 2);
    expect((await runCli(['auto-register', '--db', path])).exitCode).toBe(0);
    expect(matches(await snapshot(path), after)).toBe(true);
  });
});
