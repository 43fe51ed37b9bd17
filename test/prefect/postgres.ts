// A throwaway PostgreSQL cluster for Prefect servers at team scale: Debian's PostgreSQL (installed
// with apt-get when missing), `initdb` as the `postgres` user (PostgreSQL refuses to run as root)
// in a temporary folder, listening on a free loopback port only. A database migrated once by the
// venv's Prefect is the template of every server's own database (`CREATE DATABASE … TEMPLATE`):
// a server then starts without running Prefect's migrations (about 10 s each here).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prefectEnv } from '../../scripts/prefect-venv.mjs';

/** The database every server's own is a copy of: Prefect's migrations applied, nothing else. */
const TEMPLATE_DATABASE = 'prefect_migrated';
const SUPERUSER = 'postgres';

export interface PostgresCluster {
  port: number;
  /** The cluster's folder (data and socket), removed by stop(). */
  folder: string;
}

/** The newest installed PostgreSQL's bin folder; installs Debian's package when none is. */
function postgresBin(): string {
  const installed = (): string | null => {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return null;
    const versions = readdirSync(root)
      .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] === undefined ? null : join(root, versions[0], 'bin');
  };
  const found = installed();
  if (found !== null) return found;
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const after = installed();
  if (after === null) throw new Error('PostgreSQL is not installed and apt-get install postgresql did not install it');
  return after;
}

/** `command args` as the postgres user when this process is root (PostgreSQL will not run as root). */
function asPostgres(command: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const run = asRoot ? spawnSync('runuser', ['-u', SUPERUSER, '--', command, ...args], { encoding: 'utf8' }) : spawnSync(command, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`.slice(-3000));
}

/** A SQL statement on the cluster's `postgres` database, through psql over loopback (trust authentication). */
function psql(cluster: PostgresCluster, sql: string): void {
  execFileSync(join(postgresBin(), 'psql'), ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', SUPERUSER, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * Rows into a table of one of the cluster's databases (its connection URL, as newPrefectDatabase
 * gives it), through psql's COPY from standard input: `rows` are COPY's text format, one a line.
 */
export function copyRows(cluster: PostgresCluster, databaseUrl: string, table: string, columns: readonly string[], rows: string): void {
  const database = new URL(databaseUrl.replace(/^postgresql\+asyncpg:/, 'postgresql:')).pathname.slice(1);
  execFileSync(
    join(postgresBin(), 'psql'),
    ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', SUPERUSER, '-d', database, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy ${table} (${columns.join(', ')}) FROM STDIN`],
    { input: rows, stdio: ['pipe', 'ignore', 'pipe'], maxBuffer: 1024 * 1024 },
  );
}

/** A loopback port: PostgreSQL binds it itself, so a port is tried until one is free. */
function startOnFreePort(bin: string, data: string, folder: string): number {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    try {
      asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(folder, 'server.log'), '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']);
      return port;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/**
 * A new cluster with the migrated template database (`python`'s Prefect migrates it). Synchronous:
 * vitest's global setup runs it once per run. fsync is off: a throwaway cluster need not survive
 * a power cut, and the tests kill servers, not the machine.
 */
export function startPostgresCluster(python: string): PostgresCluster {
  const bin = postgresBin();
  const folder = mkdtempSync(join(tmpdir(), 'block-registry-postgres-'));
  // The postgres user owns the cluster's folder; its parents (the temporary folder) let it in.
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(folder, uid, gid);
  }
  chmodSync(folder, 0o700);
  const data = join(folder, 'data');
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--no-sync']);
  const cluster = { port: startOnFreePort(bin, data, folder), folder };
  try {
    psql(cluster, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
    const { env, home } = prefectEnv();
    try {
      env.PREFECT_SERVER_DATABASE_CONNECTION_URL = connectionUrl(cluster, TEMPLATE_DATABASE);
      const migrated = spawnSync(python, ['-m', 'prefect', 'server', 'database', 'upgrade', '-y'], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (migrated.status !== 0) throw new Error(`prefect server database upgrade on PostgreSQL failed:\n${migrated.stderr.slice(-2000)}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  } catch (error) {
    stopPostgresCluster(cluster);
    throw error;
  }
  return cluster;
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Stops the cluster at once (its databases are throwaway) and removes its folder. */
export function stopPostgresCluster(cluster: PostgresCluster): void {
  try {
    asPostgres(join(postgresBin(), 'pg_ctl'), ['-D', join(cluster.folder, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(cluster.folder, { recursive: true, force: true });
  }
}

/** Prefect's setting for a database of the cluster. */
function connectionUrl(cluster: PostgresCluster, database: string): string {
  return `postgresql+asyncpg://${SUPERUSER}@127.0.0.1:${cluster.port}/${database}`;
}

let databases = 0;

/** A new database, a copy of the migrated template, and Prefect's setting naming it. */
export function newPrefectDatabase(cluster: PostgresCluster): string {
  databases += 1;
  const name = `prefect_${process.pid}_${databases}_${Date.now().toString(36)}`;
  psql(cluster, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  return connectionUrl(cluster, name);
}
