// What the --db path names, as the command line meets it: a symlink is written through (the link
// stays, the target gets the data, one lock beside the target); anything that is not a regular
// file is refused at once, with a clear message, changing nothing (a FIFO used to hang the
// command while it held the lock).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { readLastImport } from '../../src/main/operations/last-import';
import { readBlockTypes } from '../../src/main/registry/block-types';
import { recordFigures } from './record';
import { useTempFolder } from '../helpers/registry';

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');
const folder = useTempFolder('paths');
let entries: string;
beforeAll(() => {
  entries = join(folder, 'one.json');
  const slug = 'through-the-link';
  writeFileSync(
    entries,
    JSON.stringify([
      { name: 'Through', slug, block_schema: { fields: { title: 'T', type: 'object', properties: {}, block_type_slug: slug, block_schema_references: {} }, capabilities: [], version: '1' } },
    ]),
  );
});

function run(...args: string[]): { status: number | null; stderr: string } {
  // A timeout, so that a command hanging on a FIFO fails the test instead of blocking it.
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stderr: result.stderr };
}

/** Counted as observed (before the assertions, which would stop a failing case): the table reports these. */
const figures = { symlinked_databases_written_through: 0, non_regular_paths_refused: 0, commands_refused: 0 };

describe('the --db path', () => {
  it('a symlink to a database: import writes through it, the link stays a link, only the last import is left, beside the file itself', async () => {
    const targetFolder = join(folder, 'target');
    const linkFolder = join(folder, 'links');
    mkdirSync(targetFolder);
    mkdirSync(linkFolder);
    const target = join(targetFolder, 'registry.sqlite');
    await (await openDatabase(target)).close();
    const link = join(linkFolder, 'link.sqlite');
    symlinkSync(target, link);
    const imported = run('import', entries, '--db', link);
    expect(imported.status, imported.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const registry = await openDatabase(target);
    const slugs = (await readBlockTypes(registry.db)).map((type) => type.slug);
    const lastImport = readLastImport(registry.filePath);
    await registry.close();
    const targetFiles = readdirSync(targetFolder).sort();
    const linkFiles = readdirSync(linkFolder);
    const writtenThrough = imported.status === 0 && lstatSync(link).isSymbolicLink() && slugs.join() === 'through-the-link' && lastImport?.totals.created === 1 && linkFiles.join() === 'link.sqlite';
    if (writtenThrough) figures.symlinked_databases_written_through += 1;
    expect(slugs).toEqual(['through-the-link']);
    // The import's report is kept beside the file itself, where the window finds it whichever name opened it.
    expect(lastImport?.totals.created).toBe(1);
    expect(targetFiles).toEqual(['registry.sqlite', 'registry.sqlite.last-import.json']);
    expect(linkFiles).toEqual(['link.sqlite']);
  });

  it.each<[string, string, (path: string) => Promise<Server | undefined>]>([
    [
      'a folder',
      'a folder',
      (path) => {
        mkdirSync(path);
        return Promise.resolve(undefined);
      },
    ],
    ['a named pipe', 'a named pipe (FIFO)', (path) => Promise.resolve(void spawnSync('mkfifo', [path]))],
    [
      'a socket',
      'a socket',
      (path) =>
        new Promise((resolve) => {
          const server = createServer().listen(path, () => resolve(server));
        }),
    ],
    [
      'a device',
      'a device',
      (path) => {
        symlinkSync('/dev/null', path);
        return Promise.resolve(undefined);
      },
    ],
  ])('%s as --db: every command refuses it at once with a clear message, changing nothing', async (name, kind, make) => {
    const dir = join(folder, name.replace(/\W+/g, '-'));
    mkdirSync(dir);
    const path = join(dir, 'odd.sqlite');
    const server = await make(path);
    try {
      const refusal = new RegExp(`^block-registry: \\S+ is ${kind.replace(/[()]/g, '\\$&')}, not a database file\\. It was left untouched\\.`);
      let refusedByAll = true;
      for (const command of [['types'], ['auto-register'], ['import', entries], ['export']]) {
        const result = run(...command, '--db', path);
        const refused = result.status === 1 && refusal.test(result.stderr) && !/\n\s+at /.test(result.stderr);
        if (refused) figures.commands_refused += 1;
        refusedByAll &&= refused;
        expect(result.status, `${command.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr).toMatch(refusal);
        expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
      const untouched = readdirSync(dir).join() === 'odd.sqlite' && !existsSync(`${path}.lock`);
      if (refusedByAll && untouched) figures.non_regular_paths_refused += 1;
      expect(readdirSync(dir)).toEqual(['odd.sqlite']);
      expect(existsSync(`${path}.lock`)).toBe(false);
    } finally {
      server?.close();
    }
  });

  it('records the figures', () => {
    recordFigures('database-paths', figures);
  });
});
