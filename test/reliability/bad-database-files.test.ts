// Database files the app cannot use: every one is refused with a clear message by the command
// line, left byte for byte as it was, and the way out (move it aside) is said.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { loadSqlJs } from '../../src/main/db/sqljs';
import { recordFigures } from './record';
import { useTempFolder } from '../helpers/registry';

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');
const folder = useTempFolder('bad-files');
let valid: Buffer;

beforeAll(async () => {
  const path = join(folder, 'valid.sqlite');
  const registry = await openDatabase(path);
  await registry.close();
  expect(spawnSync(process.execPath, [CLI, 'auto-register', '--db', path]).status).toBe(0);
  valid = readFileSync(path);
});

function flipBytes(bytes: Buffer, from: number, count: number, seed: number): Buffer {
  const copy = Buffer.from(bytes);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const at = from + (state % Math.max(1, copy.length - from));
    copy[at] = (copy[at] ?? 0) ^ 0xff;
  }
  return copy;
}

async function newerSchemaFile(): Promise<Buffer> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(valid);
  db.run("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2099-01-01T00:00:00.000Z')");
  const bytes = Buffer.from(db.export());
  db.close();
  return bytes;
}

async function otherProgramFile(): Promise<Buffer> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  const bytes = Buffer.from(db.export());
  db.close();
  return bytes;
}

/** Another Kysely program's file: a kysely_migration table of its own, none of our migrations. */
async function otherKyselyProgramFile(): Promise<Buffer> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)');
  db.run('CREATE TABLE kysely_migration_lock (id varchar(255) NOT NULL PRIMARY KEY, is_locked integer DEFAULT 0 NOT NULL)');
  db.run("INSERT INTO kysely_migration VALUES ('2024_01_01_users', '2024-01-01T00:00:00.000Z')");
  db.run('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)');
  const bytes = Buffer.from(db.export());
  db.close();
  return bytes;
}

const cases: Array<[string, () => Buffer | Promise<Buffer>, RegExp]> = [
  ['zero bytes', () => Buffer.alloc(0), /is empty \(0 bytes\)/],
  ['plain text', () => Buffer.from('these are my notes, not a database\n'), /is not a SQLite database/],
  ['a JSON file', () => Buffer.from('{"collections": {}}'), /is not a SQLite database/],
  ['the SQLite header only', () => valid.subarray(0, 100), /is damaged/],
  ['truncated to half', () => valid.subarray(0, Math.floor(valid.length / 2)), /is damaged/],
  ['truncated by one page', () => valid.subarray(0, valid.length - 4096), /is damaged/],
  ['header page overwritten with garbage', () => Buffer.concat([valid.subarray(0, 16), Buffer.alloc(4080, 0xab), valid.subarray(4096)]), /is damaged|is not a SQLite database/],
  ['b-tree pages scrambled', () => flipBytes(valid, 4096, 2000, 7), /is damaged/],
  ['from a newer version of the app', newerSchemaFile, /written by a newer version of Block Registry/],
  ["another program's SQLite database", otherProgramFile, /a SQLite database of another program/],
  ["another Kysely program's SQLite database", otherKyselyProgramFile, /a SQLite database of another program/],
];

/** What was observed, counted as it happens: the table reports these, not the number of cases. */
const observed = { files_tried: 0, refused_untouched: 0, refusals: 0, foreign_kysely_files_refused: 0 };

describe('database files the app cannot use', () => {
  it.each(cases)('%s: refused with a clear message, the file untouched, the way out said', async (name, make, message) => {
    const path = join(folder, `bad-${name.replace(/\W+/g, '-')}.sqlite`);
    const bytes = await make();
    writeFileSync(path, bytes);
    observed.files_tried += 1;
    let refusedEverywhere = true;
    for (const command of [['types'], ['auto-register'], ['import', join(folder, 'nothing.json')]]) {
      const run = spawnSync(process.execPath, [CLI, ...command, '--db', path], { encoding: 'utf8' });
      const refused =
        run.status === 1 && message.test(run.stderr) && run.stderr.includes('It was left untouched.') && run.stderr.includes('To start fresh, move the file aside') && readFileSync(path).equals(bytes);
      if (refused) observed.refusals += 1;
      refusedEverywhere &&= refused;
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('It was left untouched.');
      expect(run.stderr).toContain('To start fresh, move the file aside');
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
    const app = await openDatabase(path).then(
      () => null,
      (error: unknown) => error,
    );
    const appRefused = app instanceof Error && message.test(app.message) && readFileSync(path).equals(bytes);
    if (appRefused) observed.refusals += 1;
    if (refusedEverywhere && appRefused) {
      observed.refused_untouched += 1;
      if (name === "another Kysely program's SQLite database") observed.foreign_kysely_files_refused += 1;
    }
    expect(app).toMatchObject({ message });
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('moving the file aside, as the message says, starts fresh', () => {
    const path = join(folder, 'moved.sqlite');
    writeFileSync(path, 'garbage');
    const aside = `${path}.20261124-120000.bak`;
    copyFileSync(path, aside);
    rmSync(path);
    const run = spawnSync(process.execPath, [CLI, 'auto-register', '--db', path], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(readFileSync(aside, 'utf8')).toBe('garbage');
    expect(existsSync(path)).toBe(true);
  });

  it('records what it observed', () => {
    recordFigures('bad-database-files', observed);
  });
});
