// The team-scale figures of `npm run bench`: Prefect 3.9.1 servers on PostgreSQL (a throwaway
// cluster, test/prefect/postgres.ts) reached through a latency proxy (25 ms each way,
// test/helpers/latency-proxy.ts), as a team's shared server far away. For each size: our `server
// push` of N generated types to an empty server, `server pull` of them into a new file, `server
// diff` against them, and Prefect's own client registering the same types on a second empty server
// (test/prefect/python/bench_client_register.py), all whole processes with their peak memory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefectEnv } from '../../scripts/prefect-venv.mjs';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { startLatencyProxy, type LatencyProxy } from '../helpers/latency-proxy';
import { newPrefectDatabase, startPostgresCluster, stopPostgresCluster, type PostgresCluster } from '../prefect/postgres';
import { filterAll, startPrefectServer, type PrefectServer } from '../prefect/server';
import { measureProcess, type ProcessFigures } from './native';
import { CLIENT_SCRIPT } from './server';

export const ONE_WAY_MS = 25;

export interface TeamStep {
  ms: number;
  maxRssMiB: number | null;
  /** Null when it completed as expected. */
  failure: string | null;
}

export interface TeamScaleResult {
  types: number;
  /** The generated catalogue's size: about what a pull reads. */
  catalogueMiB: number;
  push: TeamStep;
  pull: TeamStep | null;
  diff: TeamStep | null;
  prefectClient: TeamStep | null;
  /** `server copy` from the pushed server to another empty one, both far away. */
  copy: TeamStep | null;
}

/** Sizes from BENCH_TEAM_TYPES (`500,5000`), else 500 and 5,000. */
export function teamScaleSizes(env: NodeJS.ProcessEnv): number[] {
  const text = env.BENCH_TEAM_TYPES ?? '500,5000';
  const sizes = text.split(',').map((part) => part.trim());
  if (sizes.some((size) => !/^[1-9]\d{0,5}$/.test(size))) throw new Error(`BENCH_TEAM_TYPES must be whole numbers separated by commas, e.g. 500,5000 (got ${JSON.stringify(text)})`);
  return sizes.map(Number);
}

/**
 * One whole process, timed from spawn to exit with its peak memory (GNU time's `%M`), without
 * blocking this process: the latency proxy lives in it and must keep forwarding meanwhile.
 */
function measureProcessAsync(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessFigures> {
  const withTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const child = withTime ? spawn('/usr/bin/time', ['-f', '%M', command, ...args], { env }) : spawn(command, args, { env });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== 0) {
        reject(Object.assign(new Error(`${command} ${args.join(' ')} exited ${code}`), { stderr }));
        return;
      }
      const lastLine = stderr.trim().split('\n').at(-1) ?? '';
      resolve({ wallMs, maxRssKiB: withTime && /^\d+$/.test(lastLine) ? Number(lastLine) : null, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

const mib = (kib: number | null): number | null => (kib === null ? null : Math.round((kib / 1024) * 10) / 10);

async function step(run: () => Promise<ProcessFigures>, check: (figures: ProcessFigures) => string | null): Promise<TeamStep> {
  const started = performance.now();
  try {
    const figures = await run();
    return { ms: figures.wallMs, maxRssMiB: mib(figures.maxRssKiB), failure: check(figures) };
  } catch (error) {
    const stderr = typeof error === 'object' && error !== null && 'stderr' in error && typeof error.stderr === 'string' ? error.stderr : '';
    const text = stderr === '' ? (error instanceof Error ? error.message : String(error)) : (stderr.trim().split('\n').at(-1) ?? stderr);
    return { ms: performance.now() - started, maxRssMiB: null, failure: (/block-registry: .*/.exec(text)?.[0] ?? text.split('\n')[0] ?? text).slice(0, 400) };
  }
}

async function generatedHeld(server: PrefectServer): Promise<{ types: number; schemas: number }> {
  const types = await filterAll<{ id: string; slug: string }>(server, '/block_types/filter');
  const schemas = await filterAll<{ id: string; block_type: { slug: string } }>(server, '/block_schemas/filter');
  return { types: types.filter((type) => type.slug.startsWith('generated-block-')).length, schemas: schemas.filter((schema) => schema.block_type.slug.startsWith('generated-block-')).length };
}

/** A server on a new database of the cluster, and the proxy that puts it far away. */
async function distantServer(cluster: PostgresCluster, python: string): Promise<{ server: PrefectServer; proxy: LatencyProxy; stop: () => Promise<void> }> {
  const server = await startPrefectServer({ PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false', PREFECT_SERVER_DATABASE_CONNECTION_URL: newPrefectDatabase(cluster) }, 180_000, python);
  const proxy = await startLatencyProxy(server.api, ONE_WAY_MS);
  return {
    server,
    proxy,
    stop: async () => {
      await proxy.close();
      await server.stop();
    },
  };
}

export async function measureTeamScale(options: { builtCli: string; folder: string; python: string; sizes: number[]; log: (line: string) => void }): Promise<TeamScaleResult[]> {
  const { builtCli, folder, python, sizes, log } = options;
  log('bench: starting a PostgreSQL cluster and migrating its template database…');
  const cluster = startPostgresCluster(python);
  const emptyHome = join(folder, 'team-empty-prefect-home');
  mkdirSync(emptyHome, { recursive: true });
  const cliEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PREFECT_')));
  cliEnv.PREFECT_HOME = emptyHome;
  const results: TeamScaleResult[] = [];
  try {
    for (const types of sizes) {
      const count = types.toLocaleString('en-US');
      const catalogue = join(folder, `team-generated-${types}.json`);
      writeFileSync(catalogue, generateCatalogue(types));
      const source = join(folder, `team-source-${types}.sqlite`);
      measureProcess(process.execPath, [builtCli, 'import', catalogue, '--db', source]);
      const cli =
        (...argv: string[]): (() => Promise<ProcessFigures>) =>
        () =>
          measureProcessAsync(process.execPath, [builtCli, ...argv], cliEnv);

      log(`bench: push, pull and diff of ${count} types to a PostgreSQL-backed server ${2 * ONE_WAY_MS} ms away…`);
      const ours = await distantServer(cluster, python);
      let result: TeamScaleResult;
      try {
        const push = await step(cli('server', 'push', '--api-url', ours.proxy.api, '--db', source, '--json'), () => null);
        if (push.failure !== null) log(`bench: the push failed; the server's log, last lines:\n${ours.server.log().slice(-3000)}`);
        const held = await generatedHeld(ours.server);
        if (push.failure === null && (held.types !== types || held.schemas !== types)) push.failure = `the server holds ${held.types} generated types and ${held.schemas} schemas, not ${types}`;
        result = { types, catalogueMiB: Math.round((statSync(catalogue).size / 1024 / 1024) * 10) / 10, push, pull: null, diff: null, prefectClient: null, copy: null };
        if (push.failure === null) {
          result.pull = await step(cli('server', 'pull', '--api-url', ours.proxy.api, '--db', join(folder, `team-pulled-${types}.sqlite`), '--json'), (figures) => {
            const { totals } = JSON.parse(figures.stdout) as { totals: { created: number } };
            return totals.created === types ? null : `created ${totals.created} types, not ${types}`;
          });
          // The pushed database against the server it was pushed to: nothing differs but the protected types.
          result.diff = await step(cli('server', 'diff', '--api-url', ours.proxy.api, '--db', source, '--json'), () => null);
          log(`bench: server copy of the ${count} types to another server, both ${2 * ONE_WAY_MS} ms away…`);
          const target = await distantServer(cluster, python);
          try {
            result.copy = await step(cli('server', 'copy', '--from', ours.proxy.api, '--to', target.proxy.api, '--json'), () => null);
            const copied = await generatedHeld(target.server);
            if (result.copy.failure === null && (copied.types !== types || copied.schemas !== types))
              result.copy.failure = `the target holds ${copied.types} generated types and ${copied.schemas} schemas, not ${types}`;
          } finally {
            await target.stop();
          }
        }
      } finally {
        await ours.stop();
      }

      log(`bench: Prefect's own client registering the same ${count} types, ${2 * ONE_WAY_MS} ms away…`);
      const theirs = await distantServer(cluster, python);
      try {
        const { env, home } = prefectEnv();
        env.PREFECT_API_URL = theirs.proxy.api;
        try {
          result.prefectClient = await step(
            // Timed inside its process, from its first request to its last (its imports not counted: in its favour).
            async () => {
              const figures = await measureProcessAsync(python, [CLIENT_SCRIPT, catalogue], env);
              return { ...figures, wallMs: (JSON.parse(figures.stdout) as { ms: number }).ms };
            },
            (figures) => {
              const client = JSON.parse(figures.stdout) as { types_created: number; schemas_created: number };
              return client.types_created === types && client.schemas_created === types ? null : `created ${client.types_created} types and ${client.schemas_created} schemas, not ${types}`;
            },
          );
        } finally {
          rmSync(home, { recursive: true, force: true });
        }
      } finally {
        await theirs.stop();
      }
      results.push(result);
    }
  } finally {
    stopPostgresCluster(cluster);
  }
  return results;
}
