// The one SQLite file: sql.js holds it in memory, every committed write is saved to disk
// atomically before the write returns, and a file that is not ours is never overwritten.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, sql } from 'kysely';
import { SqlJsDialect } from 'kysely-wasm';
import type { Database as SqlJsDatabase } from 'sql.js';
import { RegistryError } from '../../shared/errors';
import { writeFileAtomic } from './atomic-file';
import { migrationProvider, migrations } from './migrations';
import { loadSqlJs } from './sqljs';
import type { RegistryTables } from './tables';

export type RegistryDb = Kysely<RegistryTables>;

export interface RegistryDatabase {
  readonly path: string;
  /** For reads. Do not keep it across writes: a failed save swaps it for the state on disk. */
  readonly db: RegistryDb;
  /** Runs `change` in one transaction and writes the file before returning. */
  write<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T>;
  /** Runs `change` in a transaction that is always rolled back: what it would do, writing nothing. */
  simulate<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
const MIGRATION_TABLE = 'kysely_migration';

export async function openRegistryDatabase(path: string): Promise<RegistryDatabase> {
  const SQL = await loadSqlJs();
  const isNew = !existsSync(path);
  let sqlDb: SqlJsDatabase;
  if (isNew) {
    mkdirSync(dirname(path), { recursive: true });
    sqlDb = new SQL.Database();
  } else {
    sqlDb = openExisting(path, readFileSync(path), SQL.Database);
  }
  let kysely = connect(sqlDb);

  const save = (): void => {
    // sql.js (1.16) copies the database with SQLite's backup API: the connection and its
    // pragmas stay as they are (a test checks that cascades still work after a save).
    writeFileAtomic(path, sqlDb.export());
  };

  try {
    const applied = await migrate(kysely, path);
    if (isNew || applied > 0) save();
  } catch (error) {
    await kysely.destroy();
    throw error;
  }

  const reloadFromDisk = async (): Promise<void> => {
    await kysely.destroy();
    sqlDb = existsSync(path) ? openExisting(path, readFileSync(path), SQL.Database) : new SQL.Database();
    kysely = connect(sqlDb);
  };

  return {
    path,
    get db() {
      return kysely;
    },
    async write<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T> {
      const result = await kysely.transaction().execute(change);
      try {
        save();
      } catch (error) {
        // The change is committed in memory but not on disk: go back to what the disk holds.
        await reloadFromDisk();
        throw new RegistryError('save_failed', `Could not save ${path}: ${describe(error)}. Nothing was changed.`);
      }
      return result;
    },
    async simulate<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T> {
      const rollback = Symbol('rollback');
      let result: { value: T } | undefined;
      try {
        await kysely.transaction().execute(async (trx) => {
          result = { value: await change(trx) };
          throw rollback;
        });
      } catch (error) {
        if (error !== rollback) throw error;
      }
      if (result === undefined) throw new RegistryError('internal', 'Simulated change produced no result.');
      return result.value;
    },
    async close() {
      await kysely.destroy();
    },
  };
}

function connect(sqlDb: SqlJsDatabase): RegistryDb {
  sqlDb.run('PRAGMA foreign_keys = ON');
  return new Kysely<RegistryTables>({ dialect: new SqlJsDialect({ database: sqlDb }) });
}

function openExisting(
  path: string,
  bytes: Uint8Array,
  Database: new (data?: ArrayLike<number> | null) => SqlJsDatabase,
): SqlJsDatabase {
  if (bytes.length === 0) {
    throw new RegistryError('database_file', `${path} is empty (0 bytes), not a Block Registry database. It was left untouched.`);
  }
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, SQLITE_HEADER.length));
  if (header !== SQLITE_HEADER) {
    throw new RegistryError('database_file', `${path} is not a SQLite database. It was left untouched.`);
  }
  let sqlDb: SqlJsDatabase | undefined;
  try {
    sqlDb = new Database(bytes);
    const check = sqlDb.exec('PRAGMA quick_check');
    const verdict = check[0]?.values[0]?.[0];
    if (verdict !== 'ok') throw new Error(String(verdict));
  } catch (error) {
    sqlDb?.close();
    throw new RegistryError('database_file', `${path} is damaged (${describe(error)}). It was left untouched.`);
  }
  const tables = sqlDb.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values.map((row) => String(row[0])) ?? [];
  if (tables.length > 0 && !tables.includes(MIGRATION_TABLE)) {
    sqlDb.close();
    throw new RegistryError('database_file', `${path} is a SQLite database of another program, not Block Registry's. It was left untouched.`);
  }
  return sqlDb;
}

async function migrate(kysely: RegistryDb, path: string): Promise<number> {
  const known = new Set(Object.keys(migrations));
  const existing = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${MIGRATION_TABLE}`.execute(kysely);
  if (existing.rows.length > 0) {
    const done = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)}`.execute(kysely);
    const unknown = done.rows.map((row) => row.name).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new RegistryError(
        'database_too_new',
        `${path} was written by a newer version of Block Registry (schema ${unknown.join(', ')}). Update the app, or move the file aside to start fresh. It was left untouched.`,
      );
    }
  }
  const { error, results } = await new Migrator({ db: kysely, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) {
    throw new RegistryError('database_file', `Could not prepare ${path}: ${describe(error)}`);
  }
  return results?.filter((result) => result.status === 'Success').length ?? 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
