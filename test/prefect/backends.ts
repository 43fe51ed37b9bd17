// The databases a test's Prefect server can stand on: SQLite (a file in the server's home, copied
// from the migrated template; writes one at a time) and PostgreSQL (a team's server: a database
// of the cluster vitest's global setup started, copied from its migrated template; concurrent
// writes). Suites that talk to servers run over both with describe.each(SERVER_BACKENDS).
import { inject } from 'vitest';
import { newPrefectDatabase } from './postgres';

export const SERVER_BACKENDS = ['sqlite', 'postgresql'] as const;
export type ServerBackend = (typeof SERVER_BACKENDS)[number];

/**
 * The settings that put a new server's database on `backend`. For SQLite, `sqliteFile` names a
 * file that survives the server (a restart on the same database); without it the server's home
 * holds the database. A PostgreSQL database always survives its server (the cluster ends with the run).
 */
export function serverDatabaseEnv(backend: ServerBackend, sqliteFile?: string): NodeJS.ProcessEnv {
  if (backend === 'sqlite') return sqliteFile === undefined ? {} : { PREFECT_SERVER_DATABASE_CONNECTION_URL: `sqlite+aiosqlite:///${sqliteFile}` };
  return { PREFECT_SERVER_DATABASE_CONNECTION_URL: newPrefectDatabase(inject('postgresCluster')) };
}
