// A session on the database: Kysely's typed handle for queries that run a few times, carrying
// the connection's prepared statements for the ones that run per row (db/statements.ts;
// docs/decisions/prepared-statements.md). The statements travel with the handle as a Kysely
// plugin that changes no query: every transaction Kysely makes from the handle keeps its
// plugins, so a registry function given a transaction reaches the very connection (and so the
// very transaction and savepoint) the transaction runs on.
import { Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { SqlJsDialect } from 'kysely-wasm';
import type { Database as SqlJsDatabase, SqlValue, Statement } from 'sql.js';
import { RegistryError } from '../../shared/errors';
import type { RawStatement } from './statements';
import type { Tables } from './tables';

export type Session = Kysely<Tables>;

/** A Kysely handle on the sql.js connection, with that connection's prepared statements. */
export function openSession(connection: SqlJsDatabase): Session {
  return new Kysely<Tables>({ dialect: new SqlJsDialect({ database: connection }), plugins: [new PreparedStatements(connection)] });
}

/** The prepared statements of the connection `session` runs on. */
export function statementsOf(session: Session): PreparedStatements {
  for (const plugin of session.getExecutor().plugins) if (plugin instanceof PreparedStatements) return plugin;
  throw new RegistryError('internal', 'A database session without its prepared statements: open it with openSession.');
}

/**
 * One sql.js Statement per statement of db/statements.ts, prepared on first use and kept until
 * the connection is closed (sql.js frees its statements then). Bound and stepped synchronously:
 * the per-row work of registration waits for no promise.
 */
export class PreparedStatements implements KyselyPlugin {
  readonly #connection: SqlJsDatabase;
  readonly #statements = new Map<string, Statement>();

  constructor(connection: SqlJsDatabase) {
    this.#connection = connection;
  }

  /** Runs a statement that returns no rows. */
  run<Params extends readonly SqlValue[]>(statement: RawStatement<Params, never>, params: Params): void {
    const prepared = this.#prepared(statement);
    try {
      prepared.bind([...params]);
      prepared.step();
    } finally {
      prepared.reset();
    }
  }

  /** The first row, or undefined when there is none. */
  row<Params extends readonly SqlValue[], Row>(statement: RawStatement<Params, Row>, params: Params): Row | undefined {
    const prepared = this.#prepared(statement);
    try {
      prepared.bind([...params]);
      // The statement's columns are its row type's (test/unit/main/statements.test.ts).
      return prepared.step() ? (prepared.getAsObject() as Row) : undefined;
    } finally {
      prepared.reset();
    }
  }

  /** Every row. */
  rows<Params extends readonly SqlValue[], Row>(statement: RawStatement<Params, Row>, params: Params): Row[] {
    const prepared = this.#prepared(statement);
    try {
      prepared.bind([...params]);
      const rows: Row[] = [];
      while (prepared.step()) rows.push(prepared.getAsObject() as Row);
      return rows;
    } finally {
      prepared.reset();
    }
  }

  #prepared(statement: { readonly text: string }): Statement {
    let prepared = this.#statements.get(statement.text);
    if (prepared === undefined) {
      prepared = this.#connection.prepare(statement.text);
      this.#statements.set(statement.text, prepared);
    }
    return prepared;
  }

  // A plugin that changes nothing: it is only carried along.
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
