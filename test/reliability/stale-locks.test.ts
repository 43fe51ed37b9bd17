// Locks left behind: a lock naming a dead process is taken over by exactly one writer at a time,
// so that writers racing to take it over never save at once (no write lost); a lock file that is
// not one of ours (garbage) is taken over after the grace period instead of blocking for ever.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { acquireFileLock, EMPTY_LOCK_GRACE_MS, isProcessAlive, lockPathFor } from '../../src/main/platform/file-lock';
import { RegistryError } from '../../src/shared/errors';
import { readBlockTypes } from '../../src/main/registry/block-types';
import { recordFigures } from './record';
import { useTempFolder } from '../helpers/registry';

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');
const ROUNDS = 30;
const WRITERS = 8;
/** A pid that names no process on this host (checked below). */
const DEAD_PID = 999_999;

const folder = useTempFolder('stale-locks');
beforeAll(() => {});

function oneTypeFile(name: string, slug: string): string {
  const path = join(folder, name);
  const entry = {
    name: `Block ${slug}`,
    slug,
    block_schema: { fields: { title: slug, type: 'object', properties: {}, block_type_slug: slug, block_schema_references: {} }, capabilities: [], version: '1.0.0' },
  };
  writeFileSync(path, JSON.stringify([entry]));
  return path;
}

function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('stale locks', () => {
  it(
    `${ROUNDS} rounds of ${WRITERS} writers racing to take over a dead process's lock: every import that succeeded is in the file`,
    async () => {
      expect(isProcessAlive(DEAD_PID)).toBe(false);
      const files = Array.from({ length: WRITERS }, (_, i) => oneTypeFile(`writer-${i}.json`, `writer-${i}`));
      let succeeded = 0;
      let lost = 0;
      const failures: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const path = join(folder, `round-${round}.sqlite`);
        await (await openDatabase(path)).close();
        writeFileSync(lockPathFor(path), JSON.stringify({ pid: DEAD_PID, host: hostname(), since: new Date().toISOString() }));
        const runs = await Promise.all(files.map((file) => cli(['import', file, '--db', path])));
        const exitedZero = runs.filter((run) => run.code === 0).length;
        failures.push(...runs.filter((run) => run.code !== 0).map((run) => `round ${round}: ${run.stderr}`));
        const registry = await openDatabase(path);
        const stored = (await readBlockTypes(registry.db)).length;
        await registry.close();
        succeeded += exitedZero;
        lost += Math.max(0, exitedZero - stored);
      }
      recordFigures('stale-locks', { rounds: ROUNDS, writers: WRITERS, imports_succeeded: succeeded, writes_lost: lost });
      expect(lost, `writes lost over ${ROUNDS} rounds`).toBe(0);
      expect(failures).toEqual([]);
      expect(succeeded).toBe(ROUNDS * WRITERS);
      // 240 CLI processes: about 11 minutes on 2 busy cores, so more than the suite's 15 as margin.
    },
    30 * 60_000,
  );

  /** Counted as observed: the table reports these. */
  const garbageObserved = { tried: 0, taken_over: 0 };

  // Lock files that are not ours: as an empty lock (a writer killed before writing its pid),
  // described as "another process" during the grace period, taken over after it.
  const garbage: Array<[string, string]> = [
    ['null', 'null'],
    ['an empty object', '{}'],
    ['a number', '42'],
    ['a string', '"locked"'],
    ['an array', '[1234]'],
    ['pid -1', JSON.stringify({ pid: -1, host: hostname() })],
    ['pid 0', JSON.stringify({ pid: 0, host: hostname() })],
    ['a fractional pid', JSON.stringify({ pid: 1.5, host: hostname() })],
    ['a pid as text', JSON.stringify({ pid: '1234', host: hostname() })],
    ['no host', JSON.stringify({ pid: process.pid })],
    ['binary bytes', '\u0000\u00ff\u00fe'],
  ];

  it.each(garbage)('a lock holding %s: "another process" while fresh, taken over once older than the grace period', async (_name, text) => {
    const path = join(folder, `garbage-${_name.replace(/\W+/g, '-')}.sqlite`);
    await (await openDatabase(path)).close();
    writeFileSync(lockPathFor(path), text);
    const busy = await acquireFileLock(path, { timeoutMs: 100 }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(busy).toBeInstanceOf(RegistryError);
    expect(busy).toMatchObject({
      code: 'database_busy',
      message: `The database ${path} is in use by another process (a Block Registry window or command; its lock file is ${path}.lock). Try again when it has finished; if no Block Registry window or command is running, delete that lock file.`,
    });

    const old = (Date.now() - EMPTY_LOCK_GRACE_MS - 1000) / 1000;
    utimesSync(lockPathFor(path), old, old);
    const registry = await openDatabase(path, { lockTimeoutMs: 1000 });
    await registry.write((trx) => trx.deleteFrom('block_type').execute());
    await registry.close();
    garbageObserved.tried += 1;
    // Taken over: the write went through, and the lock it left is gone with it.
    if (!existsSync(lockPathFor(path))) garbageObserved.taken_over += 1;
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it('a folder at the lock path is not taken over: the writer says the database is in use at its deadline', async () => {
    const path = join(folder, 'lock-folder.sqlite');
    await (await openDatabase(path)).close();
    mkdirSync(lockPathFor(path));
    await expect(acquireFileLock(path, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'database_busy', message: expect.stringContaining('is in use by another process') });
    rmSync(lockPathFor(path), { recursive: true });
  });

  // A pid written before a crash and reboot (or before pids wrapped around) that now names an
  // unrelated live process: here a `sleep` started by the test, which never wrote a lock.
  describe.runIf(process.platform === 'linux')('a lock whose pid now names an unrelated live process (Linux only: a process start is read from /proc)', () => {
    let unrelated: ChildProcess;
    let unrelatedPid = 0;
    beforeAll(() => {
      unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
      unrelatedPid = unrelated.pid ?? 0;
      expect(isProcessAlive(unrelatedPid)).toBe(true);
    });
    afterAll(() => {
      unrelated.kill();
    });

    /** Read here from /proc directly (field 22 of /proc/PID/stat, and the boot's id), not by the code under test. */
    function startOf(pid: number): { boot_id: string; ticks: number } {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      return { boot_id: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), ticks };
    }

    async function databaseWithLock(name: string, lock: Record<string, unknown>, writtenSecondsAgo = 0): Promise<string> {
      const path = join(folder, `${name}.sqlite`);
      await (await openDatabase(path)).close();
      writeFileSync(lockPathFor(path), JSON.stringify({ pid: unrelatedPid, host: hostname(), since: new Date(Date.now() - writtenSecondsAgo * 1000).toISOString(), ...lock }));
      const when = (Date.now() - writtenSecondsAgo * 1000) / 1000;
      utimesSync(lockPathFor(path), when, when);
      return path;
    }

    async function writeWithin(path: string, timeoutMs: number): Promise<void> {
      const registry = await openDatabase(path, { lockTimeoutMs: timeoutMs });
      try {
        await registry.write((trx) => trx.deleteFrom('block_type').execute());
      } finally {
        await registry.close();
      }
    }

    it('a lock of an older version (no start recorded) written an hour before that process started is taken over', async () => {
      const path = await databaseWithLock('reused-pid-old-lock', {}, 3600);
      await writeWithin(path, 1000);
      expect(existsSync(lockPathFor(path))).toBe(false);
    });

    it('a lock recording another start of that pid (a process of the same boot, gone) is taken over', async () => {
      const start = startOf(unrelatedPid);
      const path = await databaseWithLock('reused-pid-other-start', { started: { ...start, ticks: start.ticks - 1 } });
      await writeWithin(path, 1000);
      expect(existsSync(lockPathFor(path))).toBe(false);
    });

    it('a lock written in an earlier boot (before a crash and reboot) is taken over', async () => {
      const path = await databaseWithLock('reused-pid-other-boot', { started: { ...startOf(unrelatedPid), boot_id: '00000000-0000-4000-8000-000000000000' } }, 3600);
      await writeWithin(path, 1000);
      expect(existsSync(lockPathFor(path))).toBe(false);
    });

    it("the holder's own lock (its start recorded, or none and written after it started) is waited for, and the message names the lock file", async () => {
      for (const [name, lock] of [
        ['live-holder-start-recorded', { started: startOf(unrelatedPid) }],
        ['live-holder-older-version', {}],
      ] as const) {
        const path = await databaseWithLock(name, lock);
        await expect(writeWithin(path, 200)).rejects.toMatchObject({
          code: 'database_busy',
          message: `The database ${path} is in use by process ${unrelatedPid} (a Block Registry window or command; its lock file is ${path}.lock). Try again when it has finished; if no Block Registry window or command is running, delete that lock file.`,
        });
        expect(existsSync(lockPathFor(path))).toBe(true);
      }
    });

    it('records its start in the lock it writes: the boot and the clock ticks /proc gives for this process', async () => {
      const path = join(folder, 'own-lock.sqlite');
      const release = await acquireFileLock(path);
      const written = JSON.parse(readFileSync(lockPathFor(path), 'utf8')) as Record<string, unknown>;
      release();
      expect(written).toMatchObject({ pid: process.pid, host: hostname(), started: startOf(process.pid) });
    });
  });

  it('records the garbage locks taken over', () => {
    recordFigures('garbage-locks', { garbage_locks_tried: garbageObserved.tried, taken_over: garbageObserved.taken_over });
  });
});
