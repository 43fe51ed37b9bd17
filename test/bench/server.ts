// The bench against a real Prefect 3.9.1 server (issue 11): `server push` and `server pull` of N
// generated block types as whole processes, and Prefect's own client registering the same blocks
// on a second fresh server (test/prefect/python/bench_client_register.py). Each server is a
// `prefect server start` on loopback (test/prefect/server.ts): free port, temporary PREFECT_HOME,
// analytics off, its own SQLite file, no blocks registered at start-up, so that after each run the
// server holds exactly the N generated types, counted over REST.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefectEnv } from '../../scripts/prefect-venv.mjs';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { filterAll, startPrefectServer, type PrefectServer } from '../prefect/server';
import { measureProcess } from './native';

export const CLIENT_SCRIPT = join(process.cwd(), 'test', 'prefect', 'python', 'bench_client_register.py');

export interface ServerBenchResult {
  types: number;
  pushMs: number;
  pullMs: number;
  /** Prefect's client, timed inside its process (imports and reading the file not counted). */
  prefectClientMs: number;
  /** The same, its whole process from spawn to exit. */
  prefectProcessMs: number;
  pushCreated: { types: number; schemas: number };
  pulled: { types: number; schemas: number };
  prefectCreated: { types: number; schemas: number };
}

interface PushJson {
  counts: { types_created: number; schemas_created: number; checksum_mismatches: number };
}
interface PullJson {
  totals: { created: number; schemas_created: number; failed: number };
}
interface ClientJson {
  ms: number;
  types_created: number;
  schemas_created: number;
}

/** N from BENCH_SERVER_TYPES (a whole number), else 5,000. */
export function serverBenchTypes(env: NodeJS.ProcessEnv): number {
  const configured = env.BENCH_SERVER_TYPES;
  if (configured === undefined) return 5000;
  if (!/^[1-9]\d{0,5}$/.test(configured.trim())) throw new Error(`BENCH_SERVER_TYPES must be a whole number of block types, e.g. 200 (got ${JSON.stringify(configured)})`);
  return Number(configured.trim());
}

/** Fails unless the server holds exactly `expected` generated types and one schema each. */
async function requireServerHolds(server: PrefectServer, expected: number, after: string): Promise<void> {
  const types = await filterAll<{ id: string; slug: string }>(server, '/block_types/filter');
  const generated = types.filter((type) => type.slug.startsWith('generated-block-')).length;
  const schemas = await filterAll<{ id: string; block_type: { slug: string } }>(server, '/block_schemas/filter');
  const generatedSchemas = schemas.filter((schema) => schema.block_type.slug.startsWith('generated-block-')).length;
  if (generated !== expected || generatedSchemas !== expected) {
    throw new Error(`after ${after} the server holds ${generated} generated types and ${generatedSchemas} schemas, not ${expected}`);
  }
}

export async function measureServer(options: { builtCli: string; folder: string; python: string; types: number; log: (line: string) => void }): Promise<ServerBenchResult> {
  const { builtCli, folder, python, types, log } = options;
  const generatedFile = join(folder, `server-generated-${types}.json`);
  writeFileSync(generatedFile, generateCatalogue(types));
  const source = join(folder, 'server-source.sqlite');
  measureProcess(process.execPath, [builtCli, 'import', generatedFile, '--db', source]);

  // The command line as a user runs it, but with no user's Prefect settings: --api-url names the server.
  const emptyHome = join(folder, 'server-empty-prefect-home');
  mkdirSync(emptyHome, { recursive: true });
  const cliEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PREFECT_')));
  cliEnv.PREFECT_HOME = emptyHome;

  const serverEnv = (name: string): NodeJS.ProcessEnv => ({
    PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false',
    PREFECT_SERVER_DATABASE_CONNECTION_URL: `sqlite+aiosqlite:///${join(folder, `${name}.db`)}`,
  });

  // 1. Ours: push, then pull from that server into a new empty file.
  log(`bench: starting a Prefect server for push and pull of ${types.toLocaleString('en-US')} types…`);
  const ours = await startPrefectServer(serverEnv('prefect-ours'), 180_000, python);
  let pushMs: number;
  let pullMs: number;
  let pushCreated: ServerBenchResult['pushCreated'];
  let pulled: ServerBenchResult['pulled'];
  try {
    const push = measureProcess(process.execPath, [builtCli, 'server', 'push', '--api-url', ours.api, '--db', source, '--json'], cliEnv);
    const pushReport = JSON.parse(push.stdout) as PushJson;
    if (pushReport.counts.checksum_mismatches > 0) throw new Error(`server push: ${pushReport.counts.checksum_mismatches} checksums differ on the server`);
    pushMs = push.wallMs;
    pushCreated = { types: pushReport.counts.types_created, schemas: pushReport.counts.schemas_created };
    await requireServerHolds(ours, types, 'server push');

    const pull = measureProcess(process.execPath, [builtCli, 'server', 'pull', '--api-url', ours.api, '--db', join(folder, 'server-pulled.sqlite'), '--json'], cliEnv);
    const pullReport = JSON.parse(pull.stdout) as PullJson;
    if (pullReport.totals.created !== types || pullReport.totals.failed > 0)
      throw new Error(`server pull created ${pullReport.totals.created} types (${pullReport.totals.failed} failed), not ${types}`);
    pullMs = pull.wallMs;
    pulled = { types: pullReport.totals.created, schemas: pullReport.totals.schemas_created };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver log:\n${ours.log()}`);
  } finally {
    await ours.stop();
  }

  // 2. Prefect's own client, the same blocks, on a second fresh server.
  log("bench: starting a second Prefect server for Prefect's own client…");
  const theirs = await startPrefectServer(serverEnv('prefect-client'), 180_000, python);
  try {
    const { env, home } = prefectEnv();
    env.PREFECT_API_URL = theirs.api;
    const start = performance.now();
    const output = execFileSync(python, [CLIENT_SCRIPT, generatedFile], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const prefectProcessMs = performance.now() - start;
    rmSync(home, { recursive: true, force: true });
    const client = JSON.parse(output) as ClientJson;
    await requireServerHolds(theirs, types, "Prefect's client");
    return {
      types,
      pushMs,
      pullMs,
      prefectClientMs: client.ms,
      prefectProcessMs,
      pushCreated,
      pulled,
      prefectCreated: { types: client.types_created, schemas: client.schemas_created },
    };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver log:\n${theirs.log()}`);
  } finally {
    await theirs.stop();
  }
}
