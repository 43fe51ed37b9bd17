// The file layer: one SQLite file opened with sql.js, migrations, atomic saves, refusal to touch
// files that are not ours, and foreign keys that survive sql.js's export.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, sql, type Migration } from 'kysely';
import { SqlJsDialect } from 'kysely-wasm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Session } from '../../src/main/db/database';
import { APPLICATION_ID } from '../../src/main/db/database-file';
import { migrationProvider, migrations } from '../../src/main/db/migrations';
import { loadSqlJs } from '../../src/main/db/sqljs';
import { createBlockSchema } from '../../src/main/registry/block-schemas';
import { launchRegistry } from '../../src/main/operations/launch';
import { createBlockType, readBlockTypeBySlug, readBlockTypes } from '../../src/main/registry/block-types';
import { NON_VERSIONED } from '../../src/shared/blocks';
import type { JsonObject } from '../../src/shared/json';
import { clientChildChecksum, countRows, json, registryError, typeInput, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

/** Queries a database file with a fresh sql.js instance, independent of the registry. */
async function queryFile(path: string, query: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    return db.exec(query)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

/** A registry file with one type in it, closed. */
async function existingRegistryFile(): Promise<{ dir: string; path: string }> {
  const { dir, path, registry } = await temp.fresh();
  await registry.write((trx) => createBlockType(trx, typeInput('x', 'x')));
  await registry.close();
  return { dir, path };
}

/** Parent `p` nesting child `c`: two schemas and one reference row. */
async function createNested(registry: Database): Promise<{ parentTypeId: string; childTypeId: string }> {
  const child = json('{"title": "C", "type": "object", "properties": {"a": {"title": "A", "type": "string"}}, "block_type_slug": "c", "secret_fields": [], "block_schema_references": {}}');
  const definitions: JsonObject = { C: child };
  const childChecksum = clientChildChecksum(child, definitions);
  const parent = json(
    `{"title": "P", "type": "object", "properties": {"c": {"$ref": "#/definitions/C"}}, "block_type_slug": "p", "secret_fields": [], "block_schema_references": {"c": {"block_type_slug": "c", "block_schema_checksum": "${childChecksum}"}}}`,
  );
  parent.definitions = definitions;
  return registry.write(async (trx) => {
    const parentType = await createBlockType(trx, typeInput('P', 'p'));
    const childType = await createBlockType(trx, typeInput('C', 'c'));
    await createBlockSchema(trx, { fields: parent, block_type_id: parentType.id, capabilities: [], version: NON_VERSIONED });
    return { parentTypeId: parentType.id, childTypeId: childType.id };
  });
}

describe('opening', () => {
  it('creates a new file (and its folder) with the migrations applied', async () => {
    const dir = temp.dir();
    const path = join(dir, 'nested', 'folder', 'registry.sqlite');
    const registry = await temp.open(path);
    expect(registry.path).toBe(path);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).subarray(0, 16).equals(SQLITE_HEADER)).toBe(true);

    const tables = (await queryFile(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).map((row) => row[0]);
    expect(tables).toEqual(expect.arrayContaining(['block_schema', 'block_schema_reference', 'block_type', 'kysely_migration', 'registration_source']));
    // Every migration the app knows is recorded as applied, the first being the initial schema.
    const applied = (await queryFile(path, 'SELECT name FROM kysely_migration ORDER BY name')).map((row) => row[0]);
    expect(applied).toEqual(Object.keys(migrations).sort());
    expect(applied[0]).toBe('0001_initial');
    const indexes = (await queryFile(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((row) => row[0]);
    expect(indexes).toEqual(
      expect.arrayContaining(['uq_block_type__slug', 'uq_block_schema__checksum_version', 'ix_block_schema__block_type_id', 'ix_block_schema__created', 'ix_block_type__updated']),
    );
    expect(await countRows(registry.db, 'block_type')).toBe(0);
  });

  it("gives a new file exactly the schema and records Kysely's Migrator makes, so that later migrations apply to it", async () => {
    const { path } = await temp.fresh();
    const SQL = await loadSqlJs();
    // The same migrations run by Kysely's Migrator itself, into an empty database.
    const reference = new SQL.Database();
    const referenceDb = new Kysely<unknown>({ dialect: new SqlJsDialect({ database: reference }) });
    expect((await new Migrator({ db: referenceDb, provider: migrationProvider }).migrateToLatest()).error).toBeUndefined();
    const schema = 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name';
    expect(await queryFile(path, schema)).toEqual(reference.exec(schema)[0]?.values);
    const records = 'SELECT name FROM kysely_migration ORDER BY name; SELECT id, is_locked FROM kysely_migration_lock';
    const [names, lock] = reference.exec(records);
    expect(await queryFile(path, 'SELECT name FROM kysely_migration ORDER BY name')).toEqual(names?.values);
    expect(await queryFile(path, 'SELECT id, is_locked FROM kysely_migration_lock')).toEqual(lock?.values);
    await referenceDb.destroy();

    // The Migrator finds nothing to do in the new file, and applies a later migration to it.
    const file = new Kysely<unknown>({ dialect: new SqlJsDialect({ database: new SQL.Database(readFileSync(path)) }) });
    expect((await new Migrator({ db: file, provider: migrationProvider }).migrateToLatest()).results).toEqual([]);
    const later: Migration = { up: (db) => sql`CREATE TABLE later_table (id TEXT)`.execute(db).then(() => undefined) };
    const laterProvider = { getMigrations: () => Promise.resolve({ ...migrations, '9999_later': later }) };
    const { error, results } = await new Migrator({ db: file, provider: laterProvider }).migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.map((result) => [result.migrationName, result.status])).toEqual([['9999_later', 'Success']]);
    await file.destroy();
  });

  it('keeps the data when the file is reopened, without migrating again', async () => {
    const { path } = await existingRegistryFile();
    const before = readFileSync(path);
    const registry = await temp.open(path);
    expect((await readBlockTypeBySlug(registry.db, 'x'))?.name).toBe('x');
    expect(await countRows(registry.db, 'block_type')).toBe(1);
    // Opening an up-to-date file does not rewrite it.
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a zero-byte file and leaves it untouched', async () => {
    const dir = temp.dir();
    const path = join(dir, 'empty.sqlite');
    writeFileSync(path, '');
    const error = await registryError(() => openDatabase(path), 'database_file');
    expect(error.message).toBe(`${path} is empty (0 bytes), not a Block Registry database. It was left untouched.`);
    expect(readFileSync(path)).toHaveLength(0);
    expect(readdirSync(dir)).toEqual(['empty.sqlite']);
  });

  it('refuses a text file and leaves it untouched', async () => {
    const dir = temp.dir();
    const path = join(dir, 'notes.sqlite');
    const text = 'These are my notes, not a database.\n';
    writeFileSync(path, text);
    const error = await registryError(() => openDatabase(path), 'database_file');
    expect(error.message).toBe(`${path} is not a SQLite database. It was left untouched.`);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['notes.sqlite']);
  });

  it('refuses a truncated copy of a registry file (first 1000 bytes) and leaves it untouched', async () => {
    const { path: original } = await existingRegistryFile();
    const dir = temp.dir();
    const path = join(dir, 'truncated.sqlite');
    const truncated = readFileSync(original).subarray(0, 1000);
    writeFileSync(path, truncated);
    const error = await registryError(() => openDatabase(path), 'database_file');
    expect(error.message).toMatch(/is damaged \(.+\)\. It was left untouched\.$/);
    expect(error.message.startsWith(path)).toBe(true);
    expect(readFileSync(path).equals(truncated)).toBe(true);
    expect(readdirSync(dir)).toEqual(['truncated.sqlite']);
  });

  it("refuses another program's SQLite database and leaves it untouched", async () => {
    const SQL = await loadSqlJs();
    const foreign = new SQL.Database();
    foreign.run('CREATE TABLE foo(x)');
    foreign.run("INSERT INTO foo VALUES ('keep me')");
    const bytes = foreign.export();
    foreign.close();
    const dir = temp.dir();
    const path = join(dir, 'other.sqlite');
    writeFileSync(path, bytes);
    const error = await registryError(() => openDatabase(path), 'database_file');
    expect(error.message).toBe(`${path} is a SQLite database of another program, not Block Registry's. It was left untouched.`);
    expect(readFileSync(path).equals(Buffer.from(bytes))).toBe(true);
    expect(await queryFile(path, 'SELECT x FROM foo')).toEqual([['keep me']]);
    expect(readdirSync(dir)).toEqual(['other.sqlite']);
  });

  it('refuses a file migrated by a newer version (unknown migration) and leaves it untouched', async () => {
    const { dir, path } = await existingRegistryFile();
    const SQL = await loadSqlJs();
    const db = new SQL.Database(readFileSync(path));
    db.run("INSERT INTO kysely_migration (name, timestamp) VALUES ('0002_from_the_future', '2030-01-01T00:00:00.000Z')");
    const bytes = db.export();
    db.close();
    writeFileSync(path, bytes);

    const error = await registryError(() => openDatabase(path), 'database_too_new');
    expect(error.message).toContain('0002_from_the_future');
    expect(error.message.startsWith(`${path} was written by a newer version of Block Registry`)).toBe(true);
    expect(readFileSync(path).equals(Buffer.from(bytes))).toBe(true);
    expect(readdirSync(dir)).toEqual(['block-registry.sqlite']);
  });
});

describe('writing', () => {
  it('has the change on disk as soon as write resolves', async () => {
    const { path, registry } = await temp.fresh();
    await registry.write((trx) => createBlockType(trx, typeInput('On Disk', 'on-disk', { description: 'saved' })));
    expect(await queryFile(path, "SELECT name, description FROM block_type WHERE slug = 'on-disk'")).toEqual([['On Disk', 'saved']]);

    // And a second registry opened on the same file sees it.
    const other = await openDatabase(path);
    try {
      expect((await readBlockTypeBySlug(other.db, 'on-disk'))?.description).toBe('saved');
    } finally {
      await other.close();
    }
  });

  it('returns the value of the callback', async () => {
    const { registry } = await temp.fresh();
    const value = await registry.write(async (trx) => {
      await createBlockType(trx, typeInput('x', 'x'));
      return 42;
    });
    expect(value).toBe(42);
  });

  it('leaves the file bytes and the data unchanged when the callback throws', async () => {
    const { path, registry } = await temp.fresh();
    await registry.write((trx) => createBlockType(trx, typeInput('x', 'x')));
    const before = readFileSync(path);
    const failure = new Error('callback failed');
    await expect(
      registry.write(async (trx) => {
        await createBlockType(trx, typeInput('y', 'y'));
        await trx.deleteFrom('block_type').where('slug', '=', 'x').execute();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await readBlockTypeBySlug(registry.db, 'y')).toBeNull();
    expect(await readBlockTypeBySlug(registry.db, 'x')).not.toBeNull();
    // The registry still works afterwards.
    await registry.write((trx) => createBlockType(trx, typeInput('z', 'z')));
    expect(await queryFile(path, 'SELECT slug FROM block_type ORDER BY slug')).toEqual([['x'], ['z']]);
  });

  it('serialises concurrent writes; each is on disk when it resolves', async () => {
    const { path, registry } = await temp.fresh();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        registry
          .write(async (trx) => {
            await createBlockType(trx, typeInput(`first ${i}`, `first-${i}`));
            await createBlockType(trx, typeInput(`second ${i}`, `second-${i}`));
            return i;
          })
          .then(async (value) => ({ value, onDisk: await queryFile(path, `SELECT COUNT(*) FROM block_type WHERE slug IN ('first-${i}', 'second-${i}')`) })),
      ),
    );
    expect(results).toEqual(Array.from({ length: 8 }, (_, i) => ({ value: i, onDisk: [[2]] })));
    expect(await countRows(registry.db, 'block_type')).toBe(16);
    expect(await queryFile(path, 'SELECT COUNT(*) FROM block_type')).toEqual([[16]]);
  });

  it('leaves no temporary files in the folder', async () => {
    const { dir, registry } = await temp.fresh();
    for (let i = 0; i < 5; i++) await registry.write((trx) => createBlockType(trx, typeInput(`t${i}`, `t${i}`)));
    await expect(registry.write(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(readdirSync(dir)).toEqual(['block-registry.sqlite']);
  });
});

describe('writing only when asked: writeIf, stage and commitStaged', () => {
  it('writeIf keeps and saves what keep accepts, and rolls back (writing nothing) what it refuses', async () => {
    const { path, registry } = await temp.fresh();
    const before = readFileSync(path);
    const refused = await registry.writeIf(
      (trx) => createBlockType(trx, typeInput('Refused', 'refused')),
      () => false,
    );
    expect(refused.kept).toBe(false);
    expect(refused.value.slug).toBe('refused');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await readBlockTypeBySlug(registry.db, 'refused')).toBeNull();
    const kept = await registry.writeIf(
      (trx) => createBlockType(trx, typeInput('Kept', 'kept')),
      () => true,
    );
    expect(kept.kept).toBe(true);
    expect(await queryFile(path, "SELECT slug FROM block_type WHERE slug = 'kept'")).toEqual([['kept']]);
  });

  it('stage writes nothing and leaves memory as it was; commitStaged then saves that very outcome', async () => {
    const { path, registry } = await temp.fresh();
    const before = readFileSync(path);
    const { value, staged } = await registry.stage(
      (trx) => createBlockType(trx, typeInput('Staged', 'staged')),
      () => true,
    );
    expect(staged).not.toBeNull();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await readBlockTypeBySlug(registry.db, 'staged')).toBeNull();
    expect(await registry.commitStaged(staged as NonNullable<typeof staged>)).toBe(true);
    // The row the staged run created, not a new one: same id.
    expect((await readBlockTypeBySlug(registry.db, 'staged'))?.id).toBe(value.id);
    expect(await queryFile(path, "SELECT id FROM block_type WHERE slug = 'staged'")).toEqual([[value.id]]);
    // Committed once: a second commit of the same outcome is stale.
    expect(await registry.commitStaged(staged as NonNullable<typeof staged>)).toBe(false);
  });

  it('an outcome keep refuses is not staged', async () => {
    const { registry } = await temp.fresh();
    const { staged } = await registry.stage(
      (trx) => createBlockType(trx, typeInput('No', 'no')),
      () => false,
    );
    expect(staged).toBeNull();
  });

  it('a write of this process after the stage makes it stale: commitStaged writes nothing, and the write stays', async () => {
    const { path, registry } = await temp.fresh();
    const { staged } = await registry.stage(
      (trx) => createBlockType(trx, typeInput('Staged', 'staged')),
      () => true,
    );
    await registry.write((trx) => createBlockType(trx, typeInput('Between', 'between')));
    const between = readFileSync(path);
    expect(await registry.commitStaged(staged as NonNullable<typeof staged>)).toBe(false);
    expect(readFileSync(path).equals(between)).toBe(true);
    expect(await readBlockTypeBySlug(registry.db, 'staged')).toBeNull();
  });

  it("another process's save after the stage makes it stale: its write is not undone", async () => {
    const { path, registry } = await temp.fresh();
    const { staged } = await registry.stage(
      (trx) => createBlockType(trx, typeInput('Staged', 'staged')),
      () => true,
    );
    const other = await temp.open(path);
    await other.write((trx) => createBlockType(trx, typeInput('Other', 'other')));
    await other.close();
    expect(await registry.commitStaged(staged as NonNullable<typeof staged>)).toBe(false);
    expect(await queryFile(path, 'SELECT slug FROM block_type ORDER BY slug')).toEqual([['other']]);
  });
});

/** Deletes a block type row (the app never deletes: the foreign keys' cascades are what is tested); the rows deleted. */
async function deleteType(trx: Session, id: string): Promise<number> {
  const result = await trx.deleteFrom('block_type').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

describe('foreign keys', () => {
  it('cascade: deleting a type deletes its schemas and their reference rows', async () => {
    const { registry } = await temp.fresh();
    const { parentTypeId } = await createNested(registry);
    expect(await countRows(registry.db, 'block_schema')).toBe(2);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(1);
    expect(await registry.write((trx) => deleteType(trx, parentTypeId))).toBe(1);
    expect(await countRows(registry.db, 'block_schema')).toBe(1);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(0);
  });

  it('stay enabled after a save (sql.js export resets pragmas): a later write still cascades, on disk too', async () => {
    const { path, registry } = await temp.fresh();
    const { childTypeId } = await createNested(registry); // first write, then save
    const pragma = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(registry.db);
    expect(pragma.rows[0]?.foreign_keys).toBe(1);

    // Second write: deleting the child type removes the child schema and, through it, the reference row.
    expect(await registry.write((trx) => deleteType(trx, childTypeId))).toBe(1);
    expect(await countRows(registry.db, 'block_schema')).toBe(1);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(0);
    expect(await queryFile(path, 'SELECT COUNT(*) FROM block_schema')).toEqual([[1]]);
    expect(await queryFile(path, 'SELECT COUNT(*) FROM block_schema_reference')).toEqual([[0]]);
  });

  it('are enabled on a reopened file', async () => {
    const { path, registry } = await temp.fresh();
    const { parentTypeId } = await createNested(registry);
    await registry.close();
    const reopened = await temp.open(path);
    expect(await reopened.write((trx) => deleteType(trx, parentTypeId))).toBe(1);
    expect(await countRows(reopened.db, 'block_schema')).toBe(1);
    expect(await countRows(reopened.db, 'block_schema_reference')).toBe(0);
  });

  it('refuse a schema pointing at a block type that does not exist', async () => {
    const { path, registry } = await temp.fresh();
    const before = readFileSync(path);
    await expect(registry.write((trx) => createBlockSchema(trx, { fields: {}, block_type_id: '00000000-0000-4000-8000-000000000000', capabilities: [], version: NON_VERSIONED }))).rejects.toThrow(
      /FOREIGN KEY constraint failed/,
    );
    expect(await countRows(registry.db, 'block_schema')).toBe(0);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('the file removed while the app runs', () => {
  it('reads keep working from memory, and the next write puts the file back', async () => {
    const dir = temp.dir();
    const { registry } = await launchRegistry(dir);
    rmSync(registry.path);
    await registry.refresh();
    expect((await readBlockTypes(registry.db)).length).toBe(54);
    await registry.write((trx) => trx.updateTable('block_type').set({ description: 'after removal' }).where('slug', '=', 'secret').execute());
    expect(existsSync(registry.path)).toBe(true);
    await registry.close();
    const { registry: reopened } = await launchRegistry(dir);
    expect((await readBlockTypes(reopened.db)).find((type) => type.slug === 'secret')?.description).toBe('after removal');
    await reopened.close();
  });
});

describe('the path given', () => {
  it('a symlink to a database is written through: the link stays a link, the target gets the data, one lock for both names', async () => {
    const { dir, path: target } = await existingRegistryFile();
    const link = join(temp.dir(), 'link.sqlite');
    symlinkSync(target, link);
    const registry = await temp.open(link);
    expect(registry.path).toBe(link);
    await registry.write((trx) => createBlockType(trx, typeInput('Through', 'through')));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect((await queryFile(target, 'SELECT slug FROM block_type ORDER BY slug')).map((row) => row[0])).toEqual(['through', 'x']);
    // The lock and the temporary file are beside the target: two names for one file, one lock.
    let releaseHeld: () => void = () => undefined;
    const held = registry.write(() => new Promise<void>((resolve) => (releaseHeld = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(`${target}.lock`)).toBe(true);
    expect(existsSync(`${link}.lock`)).toBe(false);
    await expect(openDatabase(target, { lockTimeoutMs: 100 }).then((other) => other.write(() => Promise.resolve()))).rejects.toMatchObject({ code: 'database_busy' });
    releaseHeld();
    await held;
    expect(readdirSync(dir).sort()).toEqual(['block-registry.sqlite']);
  });

  it('keeps the mode of an existing file (0644 stays 0644); a new file is 0600', async () => {
    const { path } = await existingRegistryFile();
    chmodSync(path, 0o644);
    const registry = await temp.open(path);
    await registry.write((trx) => createBlockType(trx, typeInput('Mode', 'mode')));
    expect(statSync(path).mode & 0o777).toBe(0o644);
    const fresh = join(temp.dir(), 'new.sqlite');
    await temp.open(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  });

  it('refuses to write a file made read-only (no owner-write bit: root would write it anyway), changing nothing; reads still work', async () => {
    const { dir, path } = await existingRegistryFile();
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    const registry = await temp.open(path);
    let ran = false;
    const error = await registryError(
      () =>
        registry.write(async (trx) => {
          ran = true;
          await createBlockType(trx, typeInput('Refused', 'refused'));
        }),
      'save_failed',
    );
    expect(error.message).toBe(`${path} is read-only; nothing was changed. Make the file writable (chmod u+w) to change it.`);
    expect(ran).toBe(false);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(readdirSync(dir).sort()).toEqual(['block-registry.sqlite']);
    expect((await readBlockTypes(registry.db)).map((type) => type.slug)).toEqual(['x']);
    chmodSync(path, 0o644);
    await registry.write((trx) => createBlockType(trx, typeInput('Allowed', 'allowed')));
    expect((await queryFile(path, 'SELECT slug FROM block_type ORDER BY slug')).map((row) => row[0])).toEqual(['allowed', 'x']);
  });

  it.each([
    ['a folder', (path: string) => mkdirSync(path), 'a folder'],
    ['a named pipe (FIFO)', (path: string) => execFileSync('mkfifo', [path]), 'a named pipe (FIFO)'],
  ])('refuses %s at the database path at once, without a lock, changing nothing', async (_name, make, kind) => {
    const dir = temp.dir();
    const path = join(dir, 'odd.sqlite');
    make(path);
    const error = await registryError(() => openDatabase(path, { lockTimeoutMs: 100 }), 'database_file');
    expect(error.message).toBe(`${path} is ${kind}, not a database file. It was left untouched.`);
    expect(readdirSync(dir)).toEqual(['odd.sqlite']);
  });

  it('refuses an unreadable file with a readable reason', async () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const { dir, path } = await existingRegistryFile();
    chmodSync(path, 0o000);
    const error = await registryError(() => openDatabase(path), 'database_file');
    expect(error.message).toBe(`${path} cannot be read (permission denied). It was left untouched.`);
    chmodSync(path, 0o600);
    expect(readdirSync(dir)).toEqual(['block-registry.sqlite']);
  });

  it('with { create: false }, a file that does not exist is reported and nothing is created, not even its folder', async () => {
    const dir = temp.dir();
    const path = join(dir, 'missing', 'registry.sqlite');
    const error = await registryError(() => openDatabase(path, { create: false }), 'not_found');
    expect(error.message).toBe(`The database ${path} does not exist. Nothing was created; "block-registry auto-register" (or starting the app) creates it and registers Prefect's blocks in it.`);
    expect(readdirSync(dir)).toEqual([]);
    const { path: existing } = await existingRegistryFile();
    const registry = await temp.open(existing);
    expect(await countRows(registry.db, 'block_type')).toBe(1);
  });
});

describe("another Kysely program's file", () => {
  async function foreignKyselyFile(ownMigrations: string[]): Promise<Buffer> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)');
    db.run('CREATE TABLE kysely_migration_lock (id varchar(255) NOT NULL PRIMARY KEY, is_locked integer DEFAULT 0 NOT NULL)');
    for (const name of ownMigrations) db.run('INSERT INTO kysely_migration VALUES (?, ?)', [name, '2024-01-01T00:00:00.000Z']);
    db.run('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)');
    db.run("INSERT INTO users (email) VALUES ('keep@example.com')");
    const bytes = Buffer.from(db.export());
    db.close();
    return bytes;
  }

  it.each([
    ['its own migrations applied', ['2024_01_create_users']],
    ['no migration recorded (tables made otherwise)', []],
  ])('is refused untouched: it has a kysely_migration table, but none of our migrations (%s)', async (_name, ownMigrations) => {
    const dir = temp.dir();
    const path = join(dir, 'other-app.sqlite');
    const bytes = await foreignKyselyFile(ownMigrations);
    writeFileSync(path, bytes);
    const error = await registryError(() => openDatabase(path), 'database_file');
    expect(error.message).toBe(`${path} is a SQLite database of another program, not Block Registry's. It was left untouched.`);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['other-app.sqlite']);
  });

  it('a file we create or migrate carries our application_id', async () => {
    const { path } = await temp.fresh();
    expect(await queryFile(path, 'PRAGMA application_id')).toEqual([[APPLICATION_ID]]);
  });
});
