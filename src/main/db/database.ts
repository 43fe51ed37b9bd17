// The one SQLite file: sql.js holds it in memory, every committed write is saved to disk
// atomically before the write returns, and a file that is not ours is never overwritten.
import type { Database as SqlJsDatabase } from 'sql.js';
import { errorMessage, RegistryError } from '../../shared/errors';
import { fileIdentity } from '../platform/file-stamp';
import { SerialGate } from '../platform/serial-gate';
import { refuseReadOnly, removeStaleTemporaries, writeFileAtomic } from '../platform/atomic-file';
import { createFolderOf, databaseFileExists, markAsOurs, migrate, openExisting, readDatabaseBytes, resolveRealPath, type SqlJsConstructor } from './database-file';
import { acquireFileLock, type LockOptions } from '../platform/file-lock';
import { openSession, type Session } from './session';
import { loadSqlJs } from './sqljs';

export type { Session } from './session';

export interface Database {
  readonly path: string;
  /** The file itself, symlinks resolved: what is read, saved and locked, and where side files (the last import) go. */
  readonly filePath: string;
  /** For reads. Do not keep it across awaits of the methods below: they may swap it. */
  readonly db: Session;
  /**
   * Runs `change` in one transaction and writes the file before returning. Holds the file lock
   * meanwhile, and first takes up what another process saved, so that writes never interleave.
   */
  write<T>(change: (trx: Session) => Promise<T>): Promise<T>;
  /**
   * `write`, kept only when `keep` says so of what `change` returned; otherwise the transaction
   * is rolled back and nothing is written.
   */
  writeIf<T>(change: (trx: Session) => Promise<T>, keep: (result: T) => boolean): Promise<{ value: T; kept: boolean }>;
  /** Runs `change` in a transaction that is always rolled back: what it would do, writing nothing. */
  simulate<T>(change: (trx: Session) => Promise<T>): Promise<T>;
  /**
   * `simulate`, whose outcome (when `keep` says so) is set aside: `commitStaged` saves it later
   * without running `change` again. Writes nothing and takes no lock; memory is left as it was.
   */
  stage<T>(change: (trx: Session) => Promise<T>, keep: (result: T) => boolean): Promise<{ value: T; staged: StagedWrite | null }>;
  /**
   * Saves a staged outcome, under the file lock and atomically as `write` does, if neither this
   * process nor another changed the database since it was staged; false (nothing written) if one did.
   */
  commitStaged(staged: StagedWrite): Promise<boolean>;
  /** Takes up what another process saved since this one last read or wrote the file. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** How long a write waits for another process's write before failing with `database_busy`. */
  lockTimeoutMs?: number;
  /** Told when a write has to wait for another process. */
  onLockWait?: (holder: string) => void;
  /**
   * Whether a missing file is created (default true). Read-only commands pass false: a mistyped
   * path is reported (`not_found`) instead of leaving an empty database and folders behind.
   */
  create?: boolean;
}

/** The outcome of a staged transaction: the whole database as it would be, and what it was based on. */
export class StagedWrite {
  readonly database: Database;
  readonly bytes: Uint8Array;
  /** The database's generation it was staged on: any later change makes it stale. */
  readonly generation: number;

  constructor(database: Database, bytes: Uint8Array, generation: number) {
    this.database = database;
    this.bytes = bytes;
    this.generation = generation;
  }
}

export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  return InMemoryDatabase.open(path, options);
}

class InMemoryDatabase implements Database {
  readonly path: string;
  readonly filePath: string;
  readonly #SqlJs: SqlJsConstructor;
  readonly #lockOptions: LockOptions;
  #sqlDb: SqlJsDatabase;
  #kysely: Session;
  /** The file as last loaded or saved (platform/file-stamp): a save by another process (a rename) gives a new inode and times. */
  #stamp: string | null;
  /** Writes of this process one after another; the file lock orders them with other processes'. */
  readonly #queue = new SerialGate();
  /** Counts the changes of what memory holds (writes, reloads): a staged outcome is based on one. */
  #generation = 0;

  private constructor(path: string, realPath: string, SqlJs: SqlJsConstructor, lockOptions: LockOptions) {
    this.path = path;
    this.filePath = realPath;
    this.#SqlJs = SqlJs;
    this.#lockOptions = lockOptions;
    this.#stamp = fileIdentity(realPath);
    this.#sqlDb = this.#load();
    this.#kysely = connect(this.#sqlDb);
  }

  static async open(path: string, options: OpenOptions): Promise<InMemoryDatabase> {
    const SQL = await loadSqlJs();
    const realPath = resolveRealPath(path);
    // Checked before the lock is taken: a FIFO or a folder is refused at once, changing nothing.
    const exists = databaseFileExists(realPath);
    if (!exists && options.create === false) {
      throw new RegistryError(
        'not_found',
        `The database ${path} does not exist. Nothing was created; "block-registry auto-register" (or starting the app) creates it and registers Prefect's blocks in it.`,
      );
    }
    if (!exists) createFolderOf(realPath, path);
    const lockOptions: LockOptions = { timeoutMs: options.lockTimeoutMs, onWait: options.onLockWait };
    // Opening may create or migrate the file: that is a write like any other. In a folder that
    // cannot be written (read-only media), an up-to-date database can still be read.
    let release: () => void = () => undefined;
    try {
      release = await acquireFileLock(realPath, lockOptions);
    } catch (error) {
      if (!(error instanceof RegistryError && error.code === 'save_failed' && exists)) throw error;
    }
    try {
      try {
        removeStaleTemporaries(realPath);
      } catch {
        // a read-only folder: nothing to clean
      }
      const registry = new InMemoryDatabase(path, realPath, SQL.Database, lockOptions);
      await registry.#prepare();
      return registry;
    } finally {
      release();
    }
  }

  /** Migrates the file, saving it when that changed anything or it is new. */
  async #prepare(): Promise<void> {
    const isNew = this.#stamp === null;
    try {
      const applied = await migrate(this.#kysely, this.#sqlDb, this.path);
      if (isNew || applied > 0) this.#saveOrExplain();
    } catch (error) {
      await this.#kysely.destroy();
      throw error;
    }
  }

  get db(): Session {
    return this.#kysely;
  }

  async write<T>(change: (trx: Session) => Promise<T>): Promise<T> {
    return (await this.writeIf(change, () => true)).value;
  }

  writeIf<T>(change: (trx: Session) => Promise<T>, keep: (result: T) => boolean): Promise<{ value: T; kept: boolean }> {
    return this.#queue.run(async () => {
      const releaseLock = await acquireFileLock(this.filePath, this.#lockOptions);
      try {
        // Before any work: a file made read-only is refused as it is, not after an import has run.
        refuseReadOnly(this.filePath, this.path);
        await this.#refreshIfChanged();
        this.#generation += 1;
        const outcome = await this.#transactionIf(change, keep);
        if (!outcome.kept) return outcome;
        try {
          this.#saveOrExplain();
        } catch (error) {
          // Committed in memory but not on disk: go back to what the disk holds.
          await this.#reload();
          throw error;
        }
        return outcome;
      } finally {
        releaseLock();
      }
    });
  }

  simulate<T>(change: (trx: Session) => Promise<T>): Promise<T> {
    return this.#queue.run(async () => {
      await this.#refreshIfChanged();
      return (await this.#transactionIf(change, () => false)).value;
    });
  }

  stage<T>(change: (trx: Session) => Promise<T>, keep: (result: T) => boolean): Promise<{ value: T; staged: StagedWrite | null }> {
    return this.#queue.run(async () => {
      await this.#refreshIfChanged();
      // sql.js cannot copy a database inside a transaction: the outcome is committed in memory,
      // copied, and memory is put back as it was (a copy of a few megabytes takes milliseconds).
      const before = this.#sqlDb.export();
      const outcome = await this.#transactionIf(change, keep);
      if (!outcome.kept) return { value: outcome.value, staged: null };
      const after = this.#sqlDb.export();
      await this.#replaceMemory(before);
      return { value: outcome.value, staged: new StagedWrite(this, after, this.#generation) };
    });
  }

  commitStaged(staged: StagedWrite): Promise<boolean> {
    return this.#queue.run(async () => {
      if (staged.database !== this || staged.generation !== this.#generation) return false;
      const releaseLock = await acquireFileLock(this.filePath, this.#lockOptions);
      try {
        refuseReadOnly(this.filePath, this.path);
        const current = fileIdentity(this.filePath);
        // Another process saved meanwhile: the outcome would undo its write.
        if (current !== null && current !== this.#stamp) return false;
        this.#saveBytes(staged.bytes);
        await this.#replaceMemory(staged.bytes);
        this.#generation += 1;
        return true;
      } finally {
        releaseLock();
      }
    });
  }

  refresh(): Promise<void> {
    return this.#queue.run(() => this.#refreshIfChanged());
  }

  close(): Promise<void> {
    return this.#queue.run(() => this.#kysely.destroy());
  }

  /**
   * A Kysely transaction (its handle carries the connection's prepared statements, db/session),
   * committed only when `keep` says so of its result, else rolled back.
   */
  async #transactionIf<T>(change: (trx: Session) => Promise<T>, keep: (result: T) => boolean): Promise<{ value: T; kept: boolean }> {
    const rollback = Symbol('rollback');
    let result: { value: T; kept: boolean } | undefined;
    try {
      await this.#kysely.transaction().execute(async (trx) => {
        const value = await change(trx);
        result = { value, kept: keep(value) };
        if (!result.kept) throw rollback;
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    if (result === undefined) throw new RegistryError('internal', 'A transaction ended without a result.');
    return result;
  }

  #load(): SqlJsDatabase {
    const bytes = readDatabaseBytes(this.filePath);
    return bytes === null ? new this.#SqlJs() : openExisting(this.path, bytes, this.#SqlJs);
  }

  #saveOrExplain(): void {
    // sql.js (1.16) copies the database with SQLite's backup API: the connection and its
    // pragmas stay as they are (a test checks that cascades still work after a save).
    this.#saveBytes(this.#sqlDb.export());
  }

  #saveBytes(bytes: Uint8Array): void {
    try {
      refuseReadOnly(this.filePath, this.path);
      writeFileAtomic(this.filePath, bytes);
      this.#stamp = fileIdentity(this.filePath);
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      throw new RegistryError('save_failed', `Could not save ${this.path}: ${errorMessage(error)}. Nothing was changed.`);
    }
  }

  async #reload(): Promise<void> {
    const fresh = this.#load();
    await this.#kysely.destroy();
    this.#sqlDb = fresh;
    this.#kysely = connect(fresh);
    this.#stamp = fileIdentity(this.filePath);
    this.#generation += 1;
  }

  /** Memory holds these bytes from now on (the file is not touched). */
  async #replaceMemory(bytes: Uint8Array): Promise<void> {
    const replacement = new this.#SqlJs(bytes);
    await this.#kysely.destroy();
    this.#sqlDb = replacement;
    this.#kysely = connect(replacement);
  }

  async #refreshIfChanged(): Promise<void> {
    const current = fileIdentity(this.filePath);
    // A file deleted or moved away while the app runs: keep working from memory (the next
    // write puts the file back) rather than showing an empty database without tables.
    if (current !== null && current !== this.#stamp) await this.#reload();
  }
}

function connect(sqlDb: SqlJsDatabase): Session {
  sqlDb.run('PRAGMA foreign_keys = ON');
  // The database lives in memory and reaches the disk only whole, by an atomic save: a rollback
  // journal in sql.js's in-memory file system bought nothing but copying every changed page
  // through it. In memory it still serves ROLLBACK and savepoints. An exclusive lock spares
  // each statement re-checking the (in-memory) file for other writers, which cannot exist.
  sqlDb.run('PRAGMA journal_mode = MEMORY');
  sqlDb.run('PRAGMA locking_mode = EXCLUSIVE');
  markAsOurs(sqlDb);
  return openSession(sqlDb);
}
