// Two processes on one database: the app (this process, holding the file open) and command
// lines. Writes never interleave and none is lost; a writer that cannot get its turn says so.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { lockPathFor } from '../../src/main/platform/file-lock';
import { readBlockTypes } from '../../src/main/registry/block-types';
import { recordFigures } from './record';
import { useTempFolder } from '../helpers/registry';

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');
const folder = useTempFolder('concurrency');
beforeAll(() => {});

function entryFile(name: string, slugs: string[]): string {
  const path = join(folder, name);
  const entries = slugs.map((slug) => ({
    name: `Block ${slug}`,
    slug,
    description: `Registered by ${name}`,
    block_schema: { fields: { title: slug, type: 'object', properties: {}, block_type_slug: slug, block_schema_references: {} }, capabilities: [], version: '1.0.0' },
  }));
  writeFileSync(path, JSON.stringify(entries));
  return path;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('two processes on one database', () => {
  it('eight command lines importing at once: every import lands, none is lost', async () => {
    const path = join(folder, 'many.sqlite');
    await (await openDatabase(path)).close();
    const files = Array.from({ length: 8 }, (_, i) =>
      entryFile(
        `batch-${i}.json`,
        Array.from({ length: 25 }, (_, j) => `batch-${i}-block-${j}`),
      ),
    );
    const runs = await Promise.all(files.map((file) => cli(['import', file, '--db', path])));
    expect(
      runs.map((run) => run.code),
      runs.map((run) => run.stderr).join('\n'),
    ).toEqual(Array(8).fill(0));
    const registry = await openDatabase(path);
    expect((await readBlockTypes(registry.db)).length).toBe(200);
    await registry.close();
    recordFigures('concurrency', { concurrent_writers: 8, writes_lost: 0 });
  });

  it('the app and a command line: the app sees what the command line wrote, and its own next write keeps it', async () => {
    const path = join(folder, 'app.sqlite');
    const app = await openDatabase(path);
    const imported = await cli(['import', entryFile('cli.json', ['from-the-command-line']), '--db', path]);
    expect(imported.code).toBe(0);
    await app.refresh();
    expect((await readBlockTypes(app.db)).map((type) => type.slug)).toEqual(['from-the-command-line']);
    // A write from the app: first takes up the file as the command line left it.
    await app.write((trx) =>
      trx
        .insertInto('block_type')
        .values({
          id: '11111111-1111-4111-8111-111111111111',
          created: 'x',
          updated: 'x',
          name: 'From the app',
          slug: 'from-the-app',
          logo_url: null,
          documentation_url: null,
          description: null,
          code_example: null,
          is_protected: 0,
        })
        .execute(),
    );
    await app.close();
    const reopened = await openDatabase(path);
    expect((await readBlockTypes(reopened.db)).map((type) => type.slug).sort()).toEqual(['from-the-app', 'from-the-command-line']);
    await reopened.close();
  });

  it('a writer that cannot get its turn says clearly that the database is in use, and writes nothing', async () => {
    const path = join(folder, 'busy.sqlite');
    const app = await openDatabase(path);
    // Another live process holds the lock (this test's own process, as the app would).
    let releaseHeld: () => void = () => undefined;
    const held = app.write(() => new Promise<void>((resolve) => (releaseHeld = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const run = await cli(['import', entryFile('late.json', ['too-late']), '--db', path], { BLOCK_REGISTRY_LOCK_TIMEOUT_MS: '1000' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`block-registry: waiting for the database, in use by process ${process.pid}…`);
    expect(run.stderr).toMatch(new RegExp(`The database ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process ${process.pid}`));
    releaseHeld();
    await held;
    expect((await readBlockTypes(app.db)).length).toBe(0);
    await app.close();
    expect(lockPathFor(path)).toBe(`${path}.lock`);
  });
});
