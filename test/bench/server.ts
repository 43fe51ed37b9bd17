// The bench against a real Prefect 3.9.1 server: `server push` and `server pull` of N
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

/** One timed step: what it made (or, when it failed, what the server held then). */
export interface ServerStep {
  /** Wall time to completion, or to the failure. */
  ms: number;
  /** Why it stopped; null when it completed and the server holds all N. */
  failure: string | null;
  types: number;
  schemas: number;
}

export interface ServerBenchResult {
  types: number;
  push: ServerStep;
  /** Null when the push failed (nothing complete to pull). */
  pull: ServerStep | null;
  /** Prefect's client, timed inside its process (imports and reading the file not counted). */
  prefectClient: ServerStep;
  /** The same, its whole process from spawn to exit. */
  prefectProcessMs: number;
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

/** The generated types and schemas the server holds, counted over REST. */
async function serverHolds(server: PrefectServer): Promise<{ types: number; schemas: number }> {
  const types = await filterAll<{ id: string; slug: string }>(server, '/block_types/filter');
  const schemas = await filterAll<{ id: string; block_type: { slug: string } }>(server, '/block_schemas/filter');
  return {
    types: types.filter((type) => type.slug.startsWith('generated-block-')).length,
    schemas: schemas.filter((schema) => schema.block_type.slug.startsWith('generated-block-')).length,
  };
}

/** The step as it ended: a failure when it threw or the server does not hold exactly N of each. */
async function finish(server: PrefectServer, expected: number, ms: number, made: { types: number; schemas: number }, failure: string | null): Promise<ServerStep> {
  const held = await serverHolds(server);
  if (failure !== null) return { ms, failure, ...held };
  if (held.types !== expected || held.schemas !== expected) return { ms, failure: `the server holds ${held.types} generated types and ${held.schemas} schemas, not ${expected}`, ...held };
  return { ms, failure: null, ...made };
}

/** A failed process's message: its own last `block-registry:`/Python error line, not the whole output. */
function failureOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // measureProcess puts the process's stderr after `… exited N: ` on the same line.
  const lines = text.split('\n').flatMap((line) => /(block-registry: .*|\w*(Error|Exception)\b.*)/.exec(line)?.[1] ?? []);
  return (lines.at(-1) ?? text.split('\n')[0] ?? text).slice(0, 400);
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

  // 1. Ours: push, then pull from that server into a new empty file. A failure is a figure too.
  log(`bench: starting a Prefect server for push and pull of ${types.toLocaleString('en-US')} types…`);
  const ours = await startPrefectServer(serverEnv('prefect-ours'), 180_000, python);
  let push: ServerStep;
  let pull: ServerStep | null = null;
  try {
    const started = performance.now();
    try {
      const run = measureProcess(process.execPath, [builtCli, 'server', 'push', '--api-url', ours.api, '--db', source, '--json'], cliEnv);
      const report = JSON.parse(run.stdout) as PushJson;
      const mismatches = report.counts.checksum_mismatches;
      push = await finish(
        ours,
        types,
        run.wallMs,
        { types: report.counts.types_created, schemas: report.counts.schemas_created },
        mismatches > 0 ? `${mismatches} checksums differ on the server` : null,
      );
    } catch (error) {
      push = await finish(ours, types, performance.now() - started, { types: 0, schemas: 0 }, failureOf(error));
    }
    if (push.failure === null) {
      const pulledStart = performance.now();
      try {
        const run = measureProcess(process.execPath, [builtCli, 'server', 'pull', '--api-url', ours.api, '--db', join(folder, 'server-pulled.sqlite'), '--json'], cliEnv);
        const { totals } = JSON.parse(run.stdout) as PullJson;
        const failure = totals.created !== types || totals.failed > 0 ? `created ${totals.created} types (${totals.failed} failed), not ${types}` : null;
        pull = { ms: run.wallMs, failure, types: totals.created, schemas: totals.schemas_created };
      } catch (error) {
        pull = { ms: performance.now() - pulledStart, failure: failureOf(error), types: 0, schemas: 0 };
      }
    }
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
    let prefectClient: ServerStep;
    let prefectProcessMs: number;
    try {
      const output = execFileSync(python, [CLIENT_SCRIPT, generatedFile], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
      prefectProcessMs = performance.now() - start;
      const client = JSON.parse(output) as ClientJson;
      prefectClient = await finish(theirs, types, client.ms, { types: client.types_created, schemas: client.schemas_created }, null);
    } catch (error) {
      prefectProcessMs = performance.now() - start;
      const stderr = typeof error === 'object' && error !== null && 'stderr' in error && typeof error.stderr === 'string' ? error.stderr : '';
      prefectClient = await finish(theirs, types, prefectProcessMs, { types: 0, schemas: 0 }, failureOf(new Error(stderr || String(error))));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    return { types, push, pull, prefectClient, prefectProcessMs };
  } finally {
    await theirs.stop();
  }
}
