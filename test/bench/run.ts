// `npm run bench`: the app against a native reference doing the same work, on the
// same generated files in the same run, plus real Prefect 3.9.1's auto-registration.
// `npm run bench -- --json` prints the figures as one JSON object (progress goes to stderr);
// then the window's figures (a Playwright run in Chromium, test/bench/window.bench.ts).
// `--window-only` measures only the window. `--server-only` measures only push and pull against a
// real Prefect server beside Prefect's own client (BENCH_SERVER_TYPES=200 for a quick run);
// `--no-server` leaves that part out, `--no-window` the window's. `--team-scale` measures only push,
// pull and diff against PostgreSQL-backed servers 50 ms away beside Prefect's own client
// (BENCH_TEAM_TYPES=500,5000 by default), pull and diff of a server filled in PostgreSQL
// (BENCH_TEAM_PULL_TYPES=50000) and the comparison of two (BENCH_TEAM_COMPARE_TYPES=5000); any of
// them empty for none (test/bench/team-scale.ts), then Prefect's `prefect transfer` beside our
// server copy (test/bench/transfer-peer.ts); `--transfer-peer` measures only the latter.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runBlockAutoRegistration } from '../../src/main/operations/auto-register';
import { openDatabase } from '../../src/main/db/database';
import { parseBlockFiles } from '../helpers/block-files';
import { importEntries } from '../../src/main/operations/import';
import { textFile } from '../helpers/registry';
import { bundledSources } from '../../src/main/sources/bundled';
import { CATALOGUE_FILE, findResourcesDir } from '../../src/main/platform/resources';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { PrefectVenvError, ensureCollectionsVenv, ensurePrefectVenv, prefectEnv } from '../../scripts/prefect-venv.mjs';
import { ensureBetterSqlite3, measureProcess, NATIVE_SCRIPT, type ProcessFigures } from './native';
import { measureServer, serverBenchTypes, type ServerStep } from './server';
import { measureTeamScale, ONE_WAY_MS, teamScaleSizes, type FilledResult, type TeamStep } from './team-scale';
import { measureTransferPeer, type PeerCopy } from './transfer-peer';

const asJson = process.argv.includes('--json');
const windowOnly = process.argv.includes('--window-only');
const serverOnly = process.argv.includes('--server-only');
const noServer = process.argv.includes('--no-server');
const noWindow = process.argv.includes('--no-window');
const teamScaleOnly = process.argv.includes('--team-scale');
const transferPeerOnly = process.argv.includes('--transfer-peer');
if (serverOnly && (windowOnly || noServer)) throw new Error('--server-only cannot be combined with --window-only or --no-server');
if (windowOnly && noWindow) throw new Error('--window-only cannot be combined with --no-window');
const log = (line: string): void => {
  if (asJson) process.stderr.write(`${line}\n`);
  else console.log(line);
};

// The command line as users run it: built first (quietly), so that what is timed is current.
execFileSync(process.execPath, [join(process.cwd(), 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
const builtCli = join(process.cwd(), 'out/main/cli.js');

const folder = mkdtempSync(join(tmpdir(), 'block-registry-bench-'));
const resourcesDir = findResourcesDir();
const sources = bundledSources(resourcesDir);
let fileCounter = 0;
const newPath = (): string => join(folder, `bench-${++fileCounter}.sqlite`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

type Figure = {
  ms?: number;
  ours_ms?: number;
  native_ms?: number;
  ratio?: number;
  prefect_client_ms?: number;
  ours_max_rss_mib?: number | null;
  native_max_rss_mib?: number | null;
  memory_ratio?: number | null;
  target?: string;
  note?: string;
};
const figures: Record<string, Figure> = {};
const WARM_RUNS = 21;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const mib = (kib: number | null): number | null => (kib === null ? null : Math.round((kib / 1024) * 10) / 10);
const ratio = (ours: number, native: number): number => Math.round((ours / native) * 100) / 100;

function record(key: string, what: string, figure: Figure): void {
  figures[key] = figure;
  const parts: string[] = [];
  if (figure.ms !== undefined) parts.push(ms(figure.ms));
  if (figure.ours_ms !== undefined && figure.native_ms !== undefined) {
    parts.push(`ours ${ms(figure.ours_ms)}, native ${ms(figure.native_ms)}: ${figure.ratio}x`);
  }
  if (figure.ours_ms !== undefined && figure.prefect_client_ms !== undefined) {
    parts.push(`ours ${ms(figure.ours_ms)}, Prefect's client ${ms(figure.prefect_client_ms)}: ${figure.ratio}x`);
  }
  if (figure.ours_max_rss_mib != null && figure.native_max_rss_mib != null) parts.push(`peak ${figure.ours_max_rss_mib} / ${figure.native_max_rss_mib} MiB: ${figure.memory_ratio}x`);
  if (figure.note !== undefined) parts.push(figure.note);
  log(`${what}\n    ${parts.join('; ')}${figure.target === undefined ? '' : `  (target ${figure.target})`}`);
}

async function coreFigures(): Promise<void> {
  // 0. The native reference: better-sqlite3, installed on demand.
  const native = ensureBetterSqlite3(log);
  const nativeEnv = 'dir' in native ? { ...process.env, BENCH_BETTER_SQLITE3: native.dir } : null;
  if (nativeEnv === null) log(`native reference skipped: ${'error' in native ? native.error : ''}`);

  // 1. Whole processes, new database file each time, ours and native alternating (the machine is
  // shared: alternating spreads its noise over both), medians of 3.
  const generatedFile = join(folder, 'generated-5000.json');
  writeFileSync(generatedFile, generateCatalogue(5000));
  const catalogueFile = join(resourcesDir, CATALOGUE_FILE);

  function compareProcesses(file: string): { ours: ProcessFigures[]; native: ProcessFigures[] } {
    const ours: ProcessFigures[] = [];
    const natives: ProcessFigures[] = [];
    for (let run = 0; run < 3; run++) {
      ours.push(measureProcess(process.execPath, [builtCli, 'import', file, '--db', newPath()]));
      if (nativeEnv !== null) {
        const figures = measureProcess(process.execPath, [NATIVE_SCRIPT, 'import', newPath(), file], nativeEnv);
        const written = JSON.parse(figures.stdout) as { checksum_mismatches: number; block_types: number };
        if (written.checksum_mismatches > 0) throw new Error(`native reference: ${written.checksum_mismatches} checksums differ from the recorded ones`);
        natives.push(figures);
      }
    }
    return { ours, native: natives };
  }

  function processFigure(runs: { ours: ProcessFigures[]; native: ProcessFigures[] }, target: string): Figure {
    const oursMs = median(runs.ours.map((run) => run.wallMs));
    const oursRss = runs.ours[0]?.maxRssKiB == null ? null : median(runs.ours.map((run) => run.maxRssKiB ?? 0));
    if (runs.native.length === 0) return { ours_ms: oursMs, ours_max_rss_mib: mib(oursRss), target };
    const nativeMs = median(runs.native.map((run) => run.wallMs));
    const nativeRss = runs.native[0]?.maxRssKiB == null ? null : median(runs.native.map((run) => run.maxRssKiB ?? 0));
    return {
      ours_ms: oursMs,
      native_ms: nativeMs,
      ratio: ratio(oursMs, nativeMs),
      ours_max_rss_mib: mib(oursRss),
      native_max_rss_mib: mib(nativeRss),
      memory_ratio: oursRss === null || nativeRss === null ? null : ratio(oursRss, nativeRss),
      target,
    };
  }

  const generatedMb = (statSync(generatedFile).size / 1e6).toFixed(1);
  record(
    'import_5000_process',
    `import of 5,000 generated block types (${generatedMb} MB), whole process, new file (median of 3)`,
    processFigure(compareProcesses(generatedFile), '≤ 3x wall, ≤ 2x peak memory'),
  );
  record('import_catalogue_process', "import of Prefect's 40-type catalogue, whole process, new file (median of 3)", processFigure(compareProcesses(catalogueFile), '≤ 2.5x wall'));

  // 2. Launch registration into a new file (54 types), in-process, warmed up: median of the last 9 of 12.
  const coldRuns: number[] = [];
  for (let run = 0; run < 12; run++) {
    const registry = await openDatabase(newPath());
    coldRuns.push(await timed(() => runBlockAutoRegistration(registry, sources)));
    await registry.close();
  }
  const oursLaunch = median(coldRuns.slice(3));
  if (nativeEnv !== null) {
    const nativeRuns = (JSON.parse(measureProcess(process.execPath, [NATIVE_SCRIPT, 'launch', folder, dirname(catalogueFile), '12'], nativeEnv).stdout) as { runs_ms: number[] }).runs_ms;
    const nativeLaunch = median(nativeRuns.slice(3));
    record('launch_registration', 'launch registration of 54 types into a new file, in-process (median of the last 9 of 12)', {
      ours_ms: oursLaunch,
      native_ms: nativeLaunch,
      ratio: ratio(oursLaunch, nativeLaunch),
      target: '≤ 3x',
    });
  } else {
    record('launch_registration', 'launch registration of 54 types into a new file, in-process (median of the last 9 of 12)', { ms: oursLaunch });
  }
  record('launch_registration_first_run', 'the same, first run in this process (JIT cold)', { ms: coldRuns[0] as number });

  // 3. Warm launch: nothing changed (sources read and hashed, nothing parsed or written). The
  // median of many runs: a single run is a millisecond or so, and one preempted run on a shared
  // machine is ten times that.
  const warmPath = newPath();
  {
    const registry = await openDatabase(warmPath);
    await runBlockAutoRegistration(registry, sources);
    await registry.close();
  }
  const warmRuns: number[] = [];
  const openRuns: number[] = [];
  for (let run = 0; run < WARM_RUNS; run++) {
    const start = performance.now();
    const registry = await openDatabase(warmPath);
    openRuns.push(performance.now() - start);
    warmRuns.push(await timed(() => runBlockAutoRegistration(registry, sources)));
    await registry.close();
  }
  record('warm_launch', `warm launch, nothing changed: registration work (median of ${WARM_RUNS})`, {
    ms: median(warmRuns),
    target: '≤ 1 ms',
    note: `fastest ${ms(Math.min(...warmRuns))}, slowest ${ms(Math.max(...warmRuns))}`,
  });
  record('open_54', `opening the 54-type database file (median of ${WARM_RUNS})`, { ms: median(openRuns) });

  // 4. In-process import of the same 5,000 types (registration without process start-up).
  const catalogue = generateCatalogue(5000);
  const importRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const registry = await openDatabase(newPath());
    importRuns.push(await timed(async () => importEntries(registry, await parseBlockFiles([textFile('generated.json', catalogue)]))));
    await registry.close();
  }
  record('import_5000_in_process', 'import of 5,000 generated block types, in-process (median of 3)', { ms: median(importRuns) });

  // 5. Save time against database size: one small committed change, written atomically.
  for (const types of [54, 1000, 5000]) {
    const path = newPath();
    const registry = await openDatabase(path);
    if (types === 54) await runBlockAutoRegistration(registry, sources);
    else await importEntries(registry, await parseBlockFiles([textFile('generated.json', generateCatalogue(types))]));
    const saves: number[] = [];
    for (let run = 0; run < 9; run++) {
      saves.push(
        await timed(() =>
          registry.write((trx) =>
            trx
              .updateTable('block_type')
              .set({ description: `run ${run}` })
              .where('slug', '=', 'secret')
              .execute(),
          ),
        ),
      );
    }
    await registry.close();
    record(`save_${types}`, `save after one change, ${types} types (${(statSync(path).size / 1e6).toFixed(2)} MB file, median of 9)`, { ms: median(saves) });
  }

  // 6. Real Prefect 3.9.1 (the pinned venv): run_block_auto_registration into an empty SQLite
  // database (its tables recreated before each run, not timed), beside ours.
  try {
    const python = ensurePrefectVenv((line) => process.stderr.write(`${line}\n`));
    const { env, home } = prefectEnv();
    const output = execFileSync(python, [join(process.cwd(), 'test/prefect/python/bench_registration.py'), '5', join(folder, 'prefect.db')], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    rmSync(home, { recursive: true, force: true });
    const prefect = JSON.parse(output) as { runs_ms: number[]; block_types: number; block_schemas: number };
    const prefectMedian = median(prefect.runs_ms);
    record('prefect_auto_registration', `Prefect 3.9.1 run_block_auto_registration, empty SQLite (${prefect.block_types} types, ${prefect.block_schemas} schemas, median of 5)`, {
      ms: prefectMedian,
      note: `${(prefectMedian / oursLaunch).toFixed(0)}x ours (launch registration)`,
    });
  } catch (error) {
    if (!(error instanceof PrefectVenvError)) throw error;
    record('prefect_auto_registration', 'Prefect 3.9.1 run_block_auto_registration', { note: `skipped: ${error.message}` });
  }
}

/** Push and pull against a real Prefect server, beside Prefect's own client registering the same blocks. */
async function serverFigures(): Promise<void> {
  const types = serverBenchTypes(process.env);
  const count = types.toLocaleString('en-US');
  let python: string;
  try {
    python = ensurePrefectVenv((line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    if (!(error instanceof PrefectVenvError)) throw error;
    record('server', 'push and pull against a Prefect server', { note: `skipped: ${error.message}` });
    return;
  }
  const result = await measureServer({ builtCli, folder, python, types, log });
  const client = result.prefectClient;
  const made = (step: ServerStep, verb: string): string =>
    step.failure === null
      ? `${step.types} types and ${step.schemas} schemas ${verb}`
      : `FAILED after ${ms(step.ms)}: ${step.failure} (the server then held ${step.types} types, ${step.schemas} schemas)`;
  const beside = (step: ServerStep): Figure => (step.failure === null && client.failure === null ? { ours_ms: step.ms, prefect_client_ms: client.ms, ratio: ratio(step.ms, client.ms) } : {});
  record(`server_push_${types}`, `server push of ${count} generated types to an empty Prefect 3.9.1 server (SQLite), whole process`, {
    ...beside(result.push),
    note: made(result.push, 'created'),
  });
  if (result.pull !== null) {
    record(`server_pull_${types}`, `server pull of the same ${count} types into a new file, whole process`, {
      ...beside(result.pull),
      note: result.pull.failure === null ? `${result.pull.types} types and ${result.pull.schemas} schemas registered` : `FAILED: ${result.pull.failure}`,
    });
  } else {
    record(`server_pull_${types}`, `server pull of the same ${count} types into a new file`, { note: 'skipped: the push did not complete' });
  }
  record(`prefect_client_register_${types}`, `Prefect 3.9.1's client registering the same ${count} types on a second empty server, sequential`, {
    ...(client.failure === null ? { ms: client.ms } : {}),
    note: `whole process ${ms(result.prefectProcessMs)}; ${made(client, 'created')}`,
  });
}

/** The window's figures: keystroke to result and the report's first paint with 5,054 types (Playwright in Chromium). */
function windowFigures(): void {
  const out = join(folder, 'window.json');
  try {
    execFileSync('npx', ['playwright', 'test', '--config', 'playwright.bench.config.ts'], {
      env: { ...process.env, BENCH_WINDOW_OUT: out },
      stdio: ['ignore', asJson ? 'ignore' : 'inherit', 'inherit'],
    });
  } catch {
    record('window', 'window figures (Playwright, Chromium)', { note: 'failed: see the output above' });
    return;
  }
  const measured = JSON.parse(readFileSync(out, 'utf8')) as { keystrokeToResult: number[]; keystrokeToPaint: number[]; reportFirstOpen: number[]; reportRender: number[]; reportElements: number };
  const runs = measured.keystrokeToResult.length;
  record('search_keystroke_5054', `search keystroke to result in the grid, 5,054 types (median of ${runs})`, { ms: median(measured.keystrokeToResult) });
  record('search_keystroke_paint_5054', '  the same, to the next frame painted', { ms: median(measured.keystrokeToPaint) });
  record('report_render_5054', `report first paint from the catalogue, 5,054 types, report in the store (median of ${measured.reportRender.length})`, { ms: median(measured.reportRender) });
  record('report_first_open_5054', '  the same, its first open: fetched over the harness bridge', { ms: median(measured.reportFirstOpen) });
  record('report_elements_5054', '  elements on the report page', { note: measured.reportElements.toLocaleString('en-US') });
}

/** Push, pull and diff against PostgreSQL-backed servers far away, beside Prefect's own client. */
async function teamScaleFigures(): Promise<void> {
  const python = ensurePrefectVenv((line) => process.stderr.write(`${line}\n`));
  const results = await measureTeamScale({ builtCli, folder, python, sizes: teamScaleSizes(process.env), log });
  const away = `PostgreSQL-backed Prefect 3.9.1, ${2 * ONE_WAY_MS} ms round trip`;
  const said = (step: TeamStep | null): string => (step === null ? 'not run' : step.failure === null ? `peak ${step.maxRssMiB ?? '?'} MiB` : `FAILED after ${ms(step.ms)}: ${step.failure}`);
  record('team_idle', 'the command line doing nothing (--version): the peak every process of ours starts from', { ours_max_rss_mib: results.idleMiB, note: `${results.idleMiB ?? '?'} MiB` });
  recordFilled(results.filled, results.idleMiB, said);
  for (const result of results.compared) {
    const { compare } = result;
    record(
      `team_compare_${result.types}`,
      `the window's comparison of two servers of ${result.types.toLocaleString('en-US')} and ${result.rightTypes.toLocaleString('en-US')} types (filled in PostgreSQL), both ${2 * ONE_WAY_MS} ms away, whole process under tsx`,
      {
        ...(compare?.failure === null ? { ms: compare.ms } : {}),
        ours_max_rss_mib: compare?.maxRssMiB ?? null,
        note: `the two listings ${result.listingMiB ?? '?'} MiB of JSON; ${said(compare)}`,
      },
    );
  }
  for (const result of results.pushed) {
    const n = result.types;
    const count = n.toLocaleString('en-US');
    const { push, pull, diff, prefectClient } = result;
    const beside = (step: TeamStep | null, other: TeamStep | null): Figure =>
      step === null || other === null || step.failure !== null || other.failure !== null ? {} : { ours_ms: step.ms, prefect_client_ms: other.ms, ratio: ratio(step.ms, other.ms) };
    record(`team_push_${n}`, `server push of ${count} generated types to an empty ${away}, whole process, against Prefect's own client (ratio: ours / theirs)`, {
      ...beside(push, prefectClient),
      note: said(push),
    });
    record(`team_prefect_client_${n}`, `Prefect's own client registering the same ${count} types, one request at a time`, {
      ...(prefectClient?.failure === null ? { ms: prefectClient.ms } : {}),
      note: prefectClient?.failure === null ? 'from its first request to its last' : said(prefectClient),
    });
    const pullDone = pull !== null && pull.failure === null;
    record(`team_pull_${n}`, `server pull of the same ${count} types into a new file (the catalogue is ${result.catalogueMiB} MiB)`, {
      ...(pullDone ? { ms: pull.ms } : {}),
      ours_max_rss_mib: pull?.maxRssMiB ?? null,
      note: `${pullDone && push.failure === null ? `${ratio(push.ms, pull.ms)}x faster than the push; ` : ''}${said(pull)}`,
    });
    const copied = result.copy;
    const copyFigure: Figure =
      copied !== null && copied.failure === null && push.failure === null ? { ms: copied.ms, note: `${ratio(copied.ms, push.ms)}x the push's time; ${said(copied)}` } : { note: said(copied) };
    record(`team_copy_${n}`, `server copy of the same ${count} types from that server to another empty one, both ${2 * ONE_WAY_MS} ms away`, copyFigure);
    record(`team_diff_${n}`, `server diff of the pushed file against that server, ${count} types`, {
      ...(diff?.failure === null ? { ms: diff.ms } : {}),
      ours_max_rss_mib: diff?.maxRssMiB ?? null,
      note: said(diff),
    });
  }
}

/** Pull and diff of servers filled in PostgreSQL: time, peak memory, the bytes the server sent, and their ratio. */
function recordFilled(results: readonly FilledResult[], idleMiB: number | null, said: (step: TeamStep | null) => string): void {
  for (const result of results) {
    const count = result.types.toLocaleString('en-US');
    if (result.fillFailure !== null) {
      record(`team_filled_${result.types}`, `the fill of a server with ${count} types`, { note: `FAILED: ${result.fillFailure}` });
      continue;
    }
    const read = result.listingMiB;
    for (const [name, step, wire] of [
      ['pull', result.pull, result.pullWireMiB],
      ['diff', result.diff, result.diffWireMiB],
    ] as const) {
      const peak = step?.failure === null ? step.maxRssMiB : null;
      const share =
        peak !== null && read !== null && read > 0 ? `; peak / data ${ratio(peak, read)}x${idleMiB === null ? '' : `, (peak - idle ${idleMiB} MiB) / data ${ratio(peak - idleMiB, read)}x`}` : '';
      record(
        `team_filled_${name}_${result.types}`,
        `server ${name} of a server filled with ${count} types (PostgreSQL, ${2 * ONE_WAY_MS} ms away)${name === 'diff' ? ', the pulled file against it' : ' into a new file'}`,
        {
          ...(step?.failure === null ? { ms: step.ms } : {}),
          ours_max_rss_mib: peak,
          note: `data pulled (the listing as JSON) ${read ?? '?'} MiB, ${wire ?? '?'} MiB on the wire (gzip)${share}; ${said(step)}`,
        },
      );
    }
  }
}

/** `prefect transfer` and ours, copying a server's documents (and their types and schemas) to an empty one far away. */
async function transferPeerFigures(): Promise<void> {
  const stderr = (line: string): boolean => process.stderr.write(`${line}\n`);
  const result = await measureTransferPeer({ builtCli, folder, python: ensurePrefectVenv(stderr), collectionsPython: ensureCollectionsVenv(stderr), log });
  const { source, prefectTransfer, ours } = result;
  const exactness = (copy: PeerCopy): string =>
    `${copy.failure === null ? '' : `FAILED: ${copy.failure}; `}the target holds ${copy.schemas} schemas and ${copy.documents} documents, ${copy.notOnSource.length} of the schemas under a checksum the source does not hold${copy.notOnSource.length === 0 ? '' : ` (${copy.notOnSource.join(', ')})`}`;
  const what = `${source.documents} documents of ${source.types} types (${source.schemas} schemas: the public collections, registered by Prefect itself) to an empty server, both PostgreSQL-backed and ${2 * ONE_WAY_MS} ms away`;
  record('transfer_peer_prefect', `prefect transfer of ${what}, one process`, { ms: prefectTransfer.ms, note: exactness(prefectTransfer) });
  record('transfer_peer_ours', `server copy (every type and schema) then documents copy of the same, two processes (copy ${ms(ours.copyMs)}, documents ${ms(ours.documentsMs)})`, {
    ms: ours.ms,
    note: `${ratio(ours.ms, prefectTransfer.ms)}x prefect transfer's time (${ours.ms < prefectTransfer.ms ? 'faster' : 'slower'}); ${exactness(ours)}`,
  });
}

if (transferPeerOnly) {
  await transferPeerFigures();
} else if (teamScaleOnly) {
  await teamScaleFigures();
  await transferPeerFigures();
} else {
  if (!windowOnly && !serverOnly) await coreFigures();
  if (!windowOnly && !noServer) await serverFigures();
  if (!serverOnly && !noWindow) windowFigures();
}
rmSync(folder, { recursive: true, force: true });
if (asJson) {
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString().slice(0, 10), cores: availableParallelism(), node: process.version, figures }, null, 2)}\n`);
}
