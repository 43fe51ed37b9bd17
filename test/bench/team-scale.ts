// The team-scale figures of `npm run bench`: Prefect 3.9.1 servers on PostgreSQL (a throwaway
// cluster, test/prefect/postgres.ts) reached through a latency proxy (25 ms each way,
// test/helpers/latency-proxy.ts), as a team's shared server far away. For each size: our `server
// push` of N generated types to an empty server, `server pull` of them into a new file, `server
// diff` against them, and Prefect's own client registering the same types on a second empty server
// (test/prefect/python/bench_client_register.py), all whole processes with their peak memory.
// Then, on servers filled straight in PostgreSQL (test/bench/fill-prefect.ts: 50,000 types take
// hours over REST), `server pull` and `server diff` with the bytes the server sent beside their
// peak memory, and the window's comparison of two such servers (test/bench/compare-servers-main.ts).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefectEnv } from '../../scripts/prefect-venv.mjs';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { startLatencyProxy, type LatencyProxy } from '../helpers/latency-proxy';
import { newPrefectDatabase, startPostgresCluster, stopPostgresCluster, type PostgresCluster } from '../prefect/postgres';
import { filterAll, startPrefectServer, type PrefectServer } from '../prefect/server';
import { measureProcess, splitGnuTime, timedCommand, type ProcessFigures } from './native';
import { fillGeneratedTypes, listedChecksums, readListing } from './fill-prefect';
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

/** A pull and a diff of a server filled in PostgreSQL, with what the server sent for each. */
export interface FilledResult {
  types: number;
  /** Null when the server listed every generated type under its checksum after the fill. */
  fillFailure: string | null;
  pull: TeamStep | null;
  diff: TeamStep | null;
  /** The server's listing as JSON (decoded): the data a pull, or a diff, reads. */
  listingMiB: number | null;
  /** Bytes the server sent for the pull and for the diff on the wire (gzipped, headers included). */
  pullWireMiB: number | null;
  diffWireMiB: number | null;
}

/** The window's comparison of two filled servers, both far away: `types` on the left, `rightTypes` (a few more) on the right. */
export interface CompareResult {
  types: number;
  rightTypes: number;
  compare: TeamStep | null;
  /** Both servers' listings as JSON (decoded). */
  listingMiB: number | null;
}

export interface TeamScaleSizes {
  /** Push (and pull, diff, copy, Prefect's client) of a generated catalogue: BENCH_TEAM_TYPES, default 500,5000. */
  pushed: number[];
  /** Pull and diff of a server filled in PostgreSQL: BENCH_TEAM_PULL_TYPES, default 50000. */
  filled: number[];
  /** Two filled servers compared: BENCH_TEAM_COMPARE_TYPES, default 5000. */
  compared: number[];
}

/** Sizes from the environment (each a list separated by commas; empty for none). */
export function teamScaleSizes(env: NodeJS.ProcessEnv): TeamScaleSizes {
  return { pushed: sizesFrom(env, 'BENCH_TEAM_TYPES', '500,5000'), filled: sizesFrom(env, 'BENCH_TEAM_PULL_TYPES', '50000'), compared: sizesFrom(env, 'BENCH_TEAM_COMPARE_TYPES', '5000') };
}

function sizesFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): number[] {
  const text = env[name] ?? fallback;
  if (text.trim() === '') return [];
  const sizes = text.split(',').map((part) => part.trim());
  if (sizes.some((size) => !/^[1-9]\d{0,5}$/.test(size))) throw new Error(`${name} must be whole numbers separated by commas, e.g. ${fallback}, or empty for none (got ${JSON.stringify(text)})`);
  return sizes.map(Number);
}

/** A whole process's run: its exit code, its output, and its peak memory where GNU time is there. */
export interface TimedRun {
  wallMs: number;
  code: number | null;
  stdout: string;
  /** Without GNU time's own lines. */
  stderr: string;
  maxRssKiB: number | null;
}

/**
 * One whole process, timed from spawn to exit with its peak memory (GNU time's `%M`), without
 * blocking this process: the latency proxy lives in it and must keep forwarding meanwhile.
 */
export function spawnTimed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const timed = timedCommand(command, args);
  const started = performance.now();
  const child = spawn(timed.command, timed.args, { env });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      resolve({ wallMs, code, stdout: Buffer.concat(out).toString('utf8'), ...splitGnuTime(Buffer.concat(err).toString('utf8'), timed.withTime) });
    });
  });
}

/** spawnTimed, failing unless the process exits 0. */
async function measureProcessAsync(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessFigures> {
  const run = await spawnTimed(command, args, env);
  if (run.code !== 0) throw Object.assign(new Error(`${command} ${args.join(' ')} exited ${run.code}`), { stderr: run.stderr });
  return { wallMs: run.wallMs, maxRssKiB: run.maxRssKiB, stdout: run.stdout };
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

export interface DistantServer {
  server: PrefectServer;
  proxy: LatencyProxy;
  databaseUrl: string;
  stop: () => Promise<void>;
}

/**
 * A server on a new database of the cluster, and the proxy that puts it far away. With
 * `registerBlocks` it registers the blocks its Python has installed at start-up, as a server does
 * by default; otherwise it holds none.
 */
export async function distantServer(cluster: PostgresCluster, python: string, options: { registerBlocks?: boolean } = {}): Promise<DistantServer> {
  const databaseUrl = newPrefectDatabase(cluster);
  const server = await startPrefectServer({ PREFECT_SERVER_REGISTER_BLOCKS_ON_START: String(options.registerBlocks ?? false), PREFECT_SERVER_DATABASE_CONNECTION_URL: databaseUrl }, 180_000, python);
  const proxy = await startLatencyProxy(server.api, ONE_WAY_MS);
  return {
    server,
    proxy,
    databaseUrl,
    stop: async () => {
      await proxy.close();
      await server.stop();
    },
  };
}

interface TeamContext {
  builtCli: string;
  folder: string;
  python: string;
  cluster: PostgresCluster;
  cliEnv: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface TeamScaleResults {
  pushed: TeamScaleResult[];
  filled: FilledResult[];
  compared: CompareResult[];
  /** Peak memory of the command line doing nothing (`--version`): what every process of ours starts from. */
  idleMiB: number | null;
}

export async function measureTeamScale(options: { builtCli: string; folder: string; python: string; sizes: TeamScaleSizes; log: (line: string) => void }): Promise<TeamScaleResults> {
  const { builtCli, folder, python, sizes, log } = options;
  log('bench: starting a PostgreSQL cluster and migrating its template database…');
  const cluster = startPostgresCluster(python);
  const emptyHome = join(folder, 'team-empty-prefect-home');
  mkdirSync(emptyHome, { recursive: true });
  const cliEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PREFECT_')));
  cliEnv.PREFECT_HOME = emptyHome;
  const context: TeamContext = { builtCli, folder, python, cluster, cliEnv, log };
  try {
    const idle = await measureProcessAsync(process.execPath, [builtCli, '--version'], cliEnv);
    const results: TeamScaleResults = { pushed: [], filled: [], compared: [], idleMiB: mib(idle.maxRssKiB) };
    for (const types of sizes.filled) results.filled.push(await measureFilledPull(context, types));
    for (const types of sizes.compared) results.compared.push(await measureCompare(context, types));
    results.pushed = await measurePushed(context, sizes.pushed);
    return results;
  } finally {
    stopPostgresCluster(cluster);
  }
}

/** A server filled with `types` generated types in PostgreSQL, checked over REST; null (and the failure said) when it does not list them. */
async function filledServer(context: TeamContext, types: number): Promise<{ server: DistantServer; failure: string | null; listingMiB: number }> {
  const server = await distantServer(context.cluster, context.python);
  try {
    fillGeneratedTypes(context.cluster, server.databaseUrl, types);
    const listing = await readListing(server.server);
    return { server, failure: listedChecksums(listing, types), listingMiB: mibOf(listing.bytes) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const mibOf = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** `server pull` of a filled server into a new file, then `server diff` of that file against it, each with the bytes the server sent. */
async function measureFilledPull(context: TeamContext, types: number): Promise<FilledResult> {
  const { builtCli, folder, cliEnv, log } = context;
  const count = types.toLocaleString('en-US');
  log(`bench: filling a PostgreSQL-backed server with ${count} generated types, then its pull and diff ${2 * ONE_WAY_MS} ms away…`);
  const { server, failure, listingMiB } = await filledServer(context, types);
  const result: FilledResult = { types, fillFailure: failure, pull: null, diff: null, listingMiB, pullWireMiB: null, diffWireMiB: null };
  try {
    if (failure !== null) return result;
    const pulled = join(folder, `team-filled-pulled-${types}.sqlite`);
    const before = server.proxy.bytesFromServer();
    result.pull = await step(
      () => measureProcessAsync(process.execPath, [builtCli, 'server', 'pull', '--api-url', server.proxy.api, '--db', pulled, '--json'], cliEnv),
      (figures) => {
        const { totals } = JSON.parse(figures.stdout) as { totals: { created: number } };
        return totals.created === types ? null : `created ${totals.created} types, not ${types}`;
      },
    );
    const afterPull = server.proxy.bytesFromServer();
    result.pullWireMiB = mibOf(afterPull - before);
    if (result.pull.failure !== null) return result;
    result.diff = await step(
      () => measureProcessAsync(process.execPath, [builtCli, 'server', 'diff', '--api-url', server.proxy.api, '--db', pulled, '--json'], cliEnv),
      (figures) => ((JSON.parse(figures.stdout) as { same: boolean }).same ? null : 'the pulled file differs from the server it was pulled from'),
    );
    result.diffWireMiB = mibOf(server.proxy.bytesFromServer() - afterPull);
    return result;
  } finally {
    await server.stop();
  }
}

/** Extra types on the right server of a comparison: what it finds only there. */
const COMPARE_EXTRA_TYPES = 10;

/** The window's comparison of two filled servers far away, in a process of its own. */
async function measureCompare(context: TeamContext, types: number): Promise<CompareResult> {
  const { cliEnv, log } = context;
  const rightTypes = types + COMPARE_EXTRA_TYPES;
  log(`bench: filling two servers with ${types.toLocaleString('en-US')} and ${rightTypes.toLocaleString('en-US')} types, then comparing them, both ${2 * ONE_WAY_MS} ms away…`);
  const result: CompareResult = { types, rightTypes, compare: null, listingMiB: null };
  const left = await filledServer(context, types);
  try {
    const right = await filledServer(context, rightTypes);
    try {
      const failure = left.failure ?? right.failure;
      if (failure !== null) {
        result.compare = { ms: 0, maxRssMiB: null, failure: `the fill: ${failure}` };
        return result;
      }
      result.listingMiB = Math.round((left.listingMiB + right.listingMiB) * 10) / 10;
      result.compare = await step(
        () => measureProcessAsync(process.execPath, ['--import', 'tsx', COMPARE_SCRIPT, left.server.proxy.api, right.server.proxy.api], cliEnv),
        (figures) => {
          const { counts } = JSON.parse(figures.stdout) as { counts: { only_left: number; only_right: number; differing: number; same: number } };
          const expected = { only_left: 0, only_right: COMPARE_EXTRA_TYPES, differing: 0, same: types };
          return JSON.stringify(counts) === JSON.stringify(expected) ? null : `counted ${JSON.stringify(counts)}, not ${JSON.stringify(expected)}`;
        },
      );
      return result;
    } finally {
      await right.server.stop();
    }
  } finally {
    await left.server.stop();
  }
}

const COMPARE_SCRIPT = join(import.meta.dirname, 'compare-servers-main.ts');

/** For each size: push of a generated catalogue, pull, diff and copy of it, and Prefect's own client registering it. */
async function measurePushed(context: TeamContext, sizes: readonly number[]): Promise<TeamScaleResult[]> {
  const { builtCli, folder, python, cluster, cliEnv, log } = context;
  const results: TeamScaleResult[] = [];
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
  return results;
}
