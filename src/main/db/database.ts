// The one SQLite file: sql.js holds it in memory, every committed write is saved to disk
// atomically before the write returns, and a file that is not ours is never overwritten.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, sql } from 'kysely';
import { SqlJsDialect } from 'kysely-wasm';
import type { Database as SqlJsDatabase } from 'sql.js';
import { RegistryError } from '../../shared/errors';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-file';
import { acquireFileLock } from './file-lock';
import { migrationProvider, migrations } from './migrations';
import { loadSqlJs } from './sqljs';
import type { RegistryTables } from './tables';

export type RegistryDb = Kysely<RegistryTables>;

export interface RegistryDatabase {
  readonly path: string;
  /** For reads. Do not keep it across awaits of `write` or `refresh`: they may swap it. */
  readonly db: RegistryDb;
  /**
   * Runs `change` in one transaction and writes the file before returning. Holds the file lock
   * meanwhile, and first takes up what another process saved, so that writes never interleave.
   */
  write<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T>;
  /** Runs `change` in a transaction that is always rolled back: what it would do, writing nothing. */
  simulate<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T>;
  /** Takes up what another process saved since this one last read or wrote the file. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** How long a write waits for another process's write before failing with `database_busy`. */
  lockTimeoutMs?: number;
  /** Told when a write has to wait for another process. */
  onLockWait?: (holder: string) => void;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
const MIGRATION_TABLE = 'kysely_migration';

/** Identifies the file's content on disk cheaply: a save (rename) gives a new inode and mtime. */
type FileStamp = string;

function stampOf(path: string): FileStamp | null {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return null;
  }
}

export async function openRegistryDatabase(path: string, options: OpenOptions = {}): Promise<RegistryDatabase> {
  const SQL = await loadSqlJs();
  const lockOptions = { timeoutMs: options.lockTimeoutMs, onWait: options.onLockWait };
  mkdirSync(dirname(path), { recursive: true });

  const load = (): SqlJsDatabase => (existsSync(path) ? openExisting(path, readFileSync(path), SQL.Database) : new SQL.Database());
  let sqlDb: SqlJsDatabase;
  let kysely: RegistryDb;
  let stamp: FileStamp | null;

  const save = (): void => {
    // sql.js (1.16) copies the database with SQLite's backup API: the connection and its
    // pragmas stay as they are (a test checks that cascades still work after a save).
    writeFileAtomic(path, sqlDb.export());
    stamp = stampOf(path);
  };

  // Opening may create or migrate the file: that is a write like any other. In a folder that
  // cannot be written (read-only media), an up-to-date database can still be read.
  let release: () => void = () => undefined;
  try {
    release = await acquireFileLock(path, lockOptions);
  } catch (error) {
    if (!(error instanceof RegistryError && error.code === 'save_failed' && existsSync(path))) throw error;
  }
  try {
    try {
      removeStaleTemporaries(path);
    } catch {
      // a read-only folder: nothing to clean
    }
    const isNew = !existsSync(path);
    stamp = stampOf(path);
    sqlDb = load();
    kysely = connect(sqlDb);
    try {
      const applied = await migrate(kysely, path);
      if (isNew || applied > 0) {
        try {
          save();
        } catch (error) {
          throw new RegistryError('save_failed', `Could not save ${path}: ${describe(error)}. Nothing was changed.`);
        }
      }
    } catch (error) {
      await kysely.destroy();
      throw error;
    }
  } finally {
    release();
  }

  const reload = async (): Promise<void> => {
    const fresh = load();
    await kysely.destroy();
    sqlDb = fresh;
    kysely = connect(sqlDb);
    stamp = stampOf(path);
  };
  const refreshIfChanged = async (): Promise<void> => {
    const current = stampOf(path);
    // A file deleted or moved away while the app runs: keep working from memory (the next
    // write puts the file back) rather than showing an empty database without tables.
    if (current !== null && current !== stamp) await reload();
  };

  // Writes of this process one after another; the file lock orders them with other processes'.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    path,
    get db() {
      return kysely;
    },
    write<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T> {
      return exclusive(async () => {
        const releaseLock = await acquireFileLock(path, lockOptions);
        try {
          await refreshIfChanged();
          const result = await kysely.transaction().execute(change);
          try {
            save();
          } catch (error) {
            // Committed in memory but not on disk: go back to what the disk holds.
            await reload();
            throw new RegistryError('save_failed', `Could not save ${path}: ${describe(error)}. Nothing was changed.`);
          }
          return result;
        } finally {
          releaseLock();
        }
      });
    },
    simulate<T>(change: (trx: RegistryDb) => Promise<T>): Promise<T> {
      return exclusive(async () => {
        await refreshIfChanged();
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
      });
    },
    refresh: () => exclusive(refreshIfChanged),
    close: () => exclusive(() => kysely.destroy()),
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
