// Prepared statements for registration's per-row work. Building a Kysely query and having sql.js
// prepare it again for every row cost more than SQLite's own work (docs/decisions/prepared-statements.md): the hot path keeps
// one sql.js Statement per SQL text and only binds and steps it. It runs on the very connection
// (and so in the very transaction and savepoint) of the Kysely handle it is given.
import type { Database as SqlJsDatabase, SqlValue, Statement } from 'sql.js';
import { RegistryError } from '../../shared/errors';
import type { RegistryDb } from './database';

/** The sql.js database under each Kysely handle (the connection's, and each transaction's). */
const rawDatabases = new WeakMap<RegistryDb, SqlJsDatabase>();
const preparedByDatabase = new WeakMap<SqlJsDatabase, PreparedStatements>();

export function attachRawDatabase(db: RegistryDb, raw: SqlJsDatabase): void {
  rawDatabases.set(db, raw);
}

/** The prepared statements of the connection `db` runs on. */
export function prepared(db: RegistryDb): PreparedStatements {
  const raw = rawDatabases.get(db);
  if (raw === undefined) throw new RegistryError('internal', 'A registry handle without its database connection: open it with openRegistryDatabase.');
  let statements = preparedByDatabase.get(raw);
  if (statements === undefined) {
    statements = new PreparedStatements(raw);
    preparedByDatabase.set(raw, statements);
  }
  return statements;
}

/**
 * One Statement per SQL text, prepared on first use and kept until the database is closed
 * (sql.js frees its statements then). Only constant SQL texts may be given: they key the cache.
 */
export class PreparedStatements {
  readonly #raw: SqlJsDatabase;
  readonly #statements = new Map<string, Statement>();

  constructor(raw: SqlJsDatabase) {
    this.#raw = raw;
  }

  /** Runs a statement that returns no rows. */
  run(sql: string, params: SqlValue[]): void {
    const statement = this.#statement(sql);
    try {
      statement.bind(params);
      statement.step();
    } finally {
      statement.reset();
    }
  }

  /** The first column of the first row, or undefined when there is no row. */
  value(sql: string, params: SqlValue[]): SqlValue | undefined {
    const statement = this.#statement(sql);
    try {
      statement.bind(params);
      return statement.step() ? statement.get()[0] : undefined;
    } finally {
      statement.reset();
    }
  }

  /** The first row as an object keyed by column name, or undefined. */
  row(sql: string, params: SqlValue[]): Record<string, SqlValue> | undefined {
    const statement = this.#statement(sql);
    try {
      statement.bind(params);
      return statement.step() ? statement.getAsObject() : undefined;
    } finally {
      statement.reset();
    }
  }

  /** Every row, as objects keyed by column name. */
  rows(sql: string, params: SqlValue[]): Array<Record<string, SqlValue>> {
    const statement = this.#statement(sql);
    try {
      statement.bind(params);
      const rows: Array<Record<string, SqlValue>> = [];
      while (statement.step()) rows.push(statement.getAsObject());
      return rows;
    } finally {
      statement.reset();
    }
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#raw.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
