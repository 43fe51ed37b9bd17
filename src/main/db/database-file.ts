// Recognising the database file: where it really is, whether it is SQLite, undamaged, and ours
// (not another program's, not a newer version's), and bringing it up to date by migrations.
// Anything that is not ours is refused before a byte of it is changed.
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, MIGRATION_LOCK_ID, Migrator, type Kysely } from 'kysely';
import type { Database as SqlJsDatabase } from 'sql.js';
import { errorMessage, RegistryError } from '../../shared/errors';
import { readRegularFile, regularFileExists } from '../platform/regular-file';
import { migrationProvider, migrations } from './migrations';

/**
 * SQLite's application_id (header offset 68) of our files: ASCII "BlkR". It says "Block
 * Registry" to `file(1)` and to us, whatever tables the file has; 0 in files of older versions,
 * which are recognised by their migrations instead.
 */
export const APPLICATION_ID = 0x426c6b52;

const SQLITE_HEADER = 'SQLite format 3\u0000';
const MIGRATION_TABLE = DEFAULT_MIGRATION_TABLE;
/** Every file of ours has applied this one first; another Kysely program's file has not. */
const FIRST_MIGRATION = '0001_initial';
const UNTOUCHED = ' It was left untouched.';

export type SqlJsConstructor = new (data?: ArrayLike<number> | null) => SqlJsDatabase;

/**
 * The file the path names, symlinks resolved: saves replace that file (in its folder) instead of
 * turning the link into a plain file, and the lock is the same for every name of it.
 */
export function resolveRealPath(path: string): string {
  if (path === '') throw new RegistryError('database_file', 'No database path was given.');
  try {
    return realpathSync(path);
  } catch {
    // Nothing there yet (or a dangling link, below): the folder's real path and the name.
  }
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    // nothing there
  }
  if (isLink) {
    throw new RegistryError('database_file', `${path} is a symbolic link to a file that does not exist (or cannot be reached). It was left untouched.`);
  }
  let folder = resolve(dirname(path));
  try {
    folder = realpathSync(folder);
  } catch {
    // the folder does not exist yet: it is created as named
  }
  return join(folder, basename(path));
}

/** Creates the folder of a new database file, with a readable reason when it cannot. */
export function createFolderOf(path: string, shownPath: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new RegistryError('save_failed', `Cannot create the folder of ${shownPath} (${errorMessage(error)}). Nothing was changed.`);
  }
}

const AS_DATABASE = { code: 'database_file', expected: 'a database file', suffix: UNTOUCHED } as const;

/** Whether the database file exists; throws if something else than a regular file is there. */
export function databaseFileExists(realPath: string): boolean {
  return regularFileExists(realPath, AS_DATABASE);
}

/**
 * The file's bytes if it is a regular file; null when there is none. Refuses anything else (a
 * FIFO would block the read, holding the lock, for ever), naming the file it really is.
 */
export function readDatabaseBytes(realPath: string): Buffer | null {
  return readRegularFile(realPath, AS_DATABASE);
}

/** Opens existing bytes after checking they are an undamaged SQLite database of ours. */
export function openExisting(shownPath: string, bytes: Uint8Array, Database: SqlJsConstructor): SqlJsDatabase {
  if (bytes.length === 0) {
    throw new RegistryError('database_file', `${shownPath} is empty (0 bytes), not a Block Registry database.${UNTOUCHED}`);
  }
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, SQLITE_HEADER.length));
  if (header !== SQLITE_HEADER) {
    throw new RegistryError('database_file', `${shownPath} is not a SQLite database.${UNTOUCHED}`);
  }
  let sqlDb: SqlJsDatabase | undefined;
  try {
    sqlDb = new Database(bytes);
    const verdict = sqlDb.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
    if (verdict !== 'ok') throw new Error(String(verdict));
  } catch (error) {
    sqlDb?.close();
    throw new RegistryError('database_file', `${shownPath} is damaged (${errorMessage(error)}).${UNTOUCHED}`);
  }
  if (!isOurs(sqlDb)) {
    sqlDb.close();
    throw new RegistryError('database_file', `${shownPath} is a SQLite database of another program, not Block Registry's.${UNTOUCHED}`);
  }
  return sqlDb;
}

/**
 * Ours: our application_id; or (files of versions before it) our first migration applied; or
 * no tables at all (an empty SQLite file: nothing to lose). Another program's Kysely file has a
 * kysely_migration table too, but not our migrations.
 */
function isOurs(sqlDb: SqlJsDatabase): boolean {
  const applicationId = Number(sqlDb.exec('PRAGMA application_id')[0]?.values[0]?.[0] ?? 0);
  if (applicationId !== 0) return applicationId === APPLICATION_ID;
  const tables = sqlDb.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values.map((row) => String(row[0])) ?? [];
  if (tables.length === 0) return true;
  if (!tables.includes(MIGRATION_TABLE)) return false;
  const first = sqlDb.exec(`SELECT 1 FROM ${MIGRATION_TABLE} WHERE name = '${FIRST_MIGRATION}'`);
  return first.length > 0;
}

/** Marks the file as ours in memory; saved with the next save (opening alone writes nothing). */
export function markAsOurs(sqlDb: SqlJsDatabase): void {
  sqlDb.run(`PRAGMA application_id = ${APPLICATION_ID}`);
}

/** Applies the migrations the file lacks; the number applied. Refuses a newer version's file. */
export async function migrate<T>(kysely: Kysely<T>, sqlDb: SqlJsDatabase, shownPath: string): Promise<number> {
  const known = new Set(Object.keys(migrations));
  const column = (query: string): string[] => sqlDb.exec(query)[0]?.values.map((row) => String(row[0])) ?? [];
  const tables = column("SELECT name FROM sqlite_master WHERE type = 'table'");
  if (tables.length === 0) return migrateNew(sqlDb, shownPath);
  if (tables.includes(MIGRATION_TABLE)) {
    const unknown = column(`SELECT name FROM ${MIGRATION_TABLE}`).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new RegistryError(
        'database_too_new',
        `${shownPath} was written by a newer version of Block Registry (schema ${unknown.join(', ')}). Update the app, or move the file aside to start fresh.${UNTOUCHED}`,
      );
    }
  }
  const { error, results } = await new Migrator({ db: kysely, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) {
    throw new RegistryError('database_file', `Could not prepare ${shownPath}: ${errorMessage(error)}`);
  }
  return results?.filter((result) => result.status === 'Success').length ?? 0;
}

// Kysely's Migrator's own two tables, exactly as it creates them on SQLite (kysely 0.28
// `migration/migrator.js`, compiled by its SQLite dialect): a test compares a new file's schema
// with the Migrator's, statement for statement.
const CREATE_MIGRATION_TABLE = `create table if not exists "${MIGRATION_TABLE}" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null)`;
const CREATE_MIGRATION_LOCK_TABLE = `create table if not exists "${DEFAULT_MIGRATION_LOCK_TABLE}" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null)`;

/**
 * A database without any table (a new file) gets every migration's statements at once, in one
 * transaction on the connection itself, recorded as Kysely's Migrator records them: later
 * versions' migrations then apply to it as to any file. The Migrator would first inspect the
 * database's tables several times over, and run each statement through Kysely: about half of
 * what opening a new file cost (docs/decisions/prepared-statements.md).
 */
function migrateNew(sqlDb: SqlJsDatabase, shownPath: string): number {
  const names = Object.keys(migrations);
  try {
    sqlDb.run('BEGIN');
    try {
      sqlDb.run(CREATE_MIGRATION_TABLE);
      sqlDb.run(CREATE_MIGRATION_LOCK_TABLE);
      sqlDb.run(`INSERT INTO ${DEFAULT_MIGRATION_LOCK_TABLE} (id, is_locked) VALUES (?, 0)`, [MIGRATION_LOCK_ID]);
      for (const name of names) {
        for (const statement of migrations[name]?.statements ?? []) sqlDb.run(statement);
        sqlDb.run(`INSERT INTO ${MIGRATION_TABLE} (name, timestamp) VALUES (?, ?)`, [name, new Date().toISOString()]);
      }
      sqlDb.run('COMMIT');
    } catch (error) {
      sqlDb.run('ROLLBACK');
      throw error;
    }
  } catch (error) {
    throw new RegistryError('database_file', `Could not prepare ${shownPath}: ${errorMessage(error)}`);
  }
  return names.length;
}
