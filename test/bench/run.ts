// `npm run bench`: prints medians of the figures the registry core promises (see README), then
// the window's (a Playwright run in Chromium, test/bench/window.bench.ts).
// `npm run bench -- --json` prints one JSON document instead (the table goes to stderr);
// `--window-only` measures only the window.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBlockAutoRegistration } from '../../src/main/operations/auto-register';
import { openRegistryDatabase } from '../../src/main/db/database';
import { parseBlockFiles } from '../../src/main/files/read-block-files';
import { importEntries } from '../../src/main/operations/import';
import { textFile } from '../helpers/registry';
import { bundledSources } from '../../src/main/sources/bundled';
import { findResourcesDir } from '../../src/main/sources/resources';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { PrefectVenvError, ensurePrefectVenv, prefectEnv } from '../../scripts/prefect-venv.mjs';

const folder = mkdtempSync(join(tmpdir(), 'block-registry-bench-'));
const sources = bundledSources(findResourcesDir());
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

const json = process.argv.includes('--json');
const windowOnly = process.argv.includes('--window-only');

interface Figure {
  what: string;
  value: string;
  /** The figure in milliseconds, when it is a time. */
  ms: number | null;
  target: string;
}
const figures: Figure[] = [];
const report = (what: string, value: string, target = ''): void => {
  const milliseconds = /^(\d+(?:\.\d+)?) ms$/.exec(value);
  figures.push({ what, value, ms: milliseconds === null ? null : Number(milliseconds[1]), target });
  const line = `${what.padEnd(58)} ${value.padStart(12)}  ${target}`;
  if (json) console.error(line);
  else console.log(line);
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;

if (!windowOnly) await coreFigures();
windowFigures();
rmSync(folder, { recursive: true, force: true });
if (json) {
  const machine = { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? null, platform: process.platform, arch: process.arch, node: process.version };
  console.log(JSON.stringify({ date: new Date().toISOString(), machine, figures }, null, 2));
}

async function coreFigures(): Promise<void> {
  // 1. Cold: full auto-registration into a new file (the first launch), in a warmed-up process.
  const coldRuns: number[] = [];
  for (let run = 0; run < 12; run++) {
    const registry = await openRegistryDatabase(newPath());
    coldRuns.push(await timed(() => runBlockAutoRegistration(registry, sources)));
    await registry.close();
  }
  report('cold auto-registration, new file (median of last 9 of 12)', ms(median(coldRuns.slice(3))), 'target < 50 ms');
  report('cold auto-registration, first run in this process', ms(coldRuns[0] as number));

  // The same, as a user's first launch: a fresh process running the built command line.
  const builtCli = join(process.cwd(), 'out/main/cli.js');
  if (existsSync(builtCli)) {
    const processRuns: number[] = [];
    for (let run = 0; run < 3; run++) {
      const path = newPath();
      const output = execFileSync(process.execPath, [builtCli, 'auto-register', '--json', '--db', path], { encoding: 'utf8' });
      processRuns.push((JSON.parse(output) as { duration_ms: number }).duration_ms);
    }
    report('cold auto-registration, fresh process (median of 3)', ms(median(processRuns)));
  }

  // 2. Warm: launch with nothing changed (sources hashed, nothing parsed or written).
  const warmPath = newPath();
  {
    const registry = await openRegistryDatabase(warmPath);
    await runBlockAutoRegistration(registry, sources);
    await registry.close();
  }
  const warmRuns: number[] = [];
  const openRuns: number[] = [];
  for (let run = 0; run < 15; run++) {
    const start = performance.now();
    const registry = await openRegistryDatabase(warmPath);
    openRuns.push(performance.now() - start);
    warmRuns.push(await timed(() => runBlockAutoRegistration(registry, sources)));
    await registry.close();
  }
  report('warm start, nothing changed (median of 15)', ms(median(warmRuns)), 'target < 5 ms');
  report('opening the 54-type database file (median of 15)', ms(median(openRuns)));

  // 3. Import of a generated catalogue: 5,000 block types, every fifth with a nested schema.
  const catalogue = generateCatalogue(5000);
  const importRuns: number[] = [];
  let bigPath = '';
  for (let run = 0; run < 3; run++) {
    bigPath = newPath();
    const registry = await openRegistryDatabase(bigPath);
    importRuns.push(await timed(async () => importEntries(registry, await parseBlockFiles([textFile('generated.json', catalogue)]))));
    await registry.close();
  }
  report(`import of 5,000 generated block types (${(catalogue.length / 1e6).toFixed(1)} MB, median of 3)`, ms(median(importRuns)), 'target < 2000 ms');

  // 4. Save time against database size: one small committed change, written atomically.
  for (const types of [54, 1000, 5000, 20000]) {
    const path = newPath();
    const registry = await openRegistryDatabase(path);
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
    report(`save after one change, ${types} types (${(statSync(path).size / 1e6).toFixed(2)} MB file)`, ms(median(saves)));
  }

  // 5. Real Prefect 3.9.1 (the pinned venv) doing the same work: run_block_auto_registration into
  // an empty SQLite database (its tables recreated before each run, not timed), beside ours.
  try {
    const python = ensurePrefectVenv();
    const { env, home } = prefectEnv();
    const output = execFileSync(python, [join(process.cwd(), 'test/prefect/python/bench_registration.py'), '5', join(folder, 'prefect.db')], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    rmSync(home, { recursive: true, force: true });
    const prefect = JSON.parse(output) as { runs_ms: number[]; block_types: number; block_schemas: number };
    const prefectMedian = median(prefect.runs_ms);
    const oursMedian = median(coldRuns.slice(3));
    report(`Prefect 3.9.1 run_block_auto_registration, empty SQLite (${prefect.block_types} types, ${prefect.block_schemas} schemas, median of 5)`, ms(prefectMedian));
    report('  ratio Prefect / ours (cold auto-registration, new file)', `${(prefectMedian / oursMedian).toFixed(0)}x`);
  } catch (error) {
    if (!(error instanceof PrefectVenvError)) throw error;
    report('Prefect 3.9.1 run_block_auto_registration', 'skipped', error.message);
  }
}

// 6. The window with 5,054 block types, from a Playwright run in Chromium against the harness
// (the built renderer, window.api running the real handlers). `npm run bench` builds first.
function windowFigures(): void {
  const out = join(folder, 'window.json');
  try {
    execFileSync('npx', ['playwright', 'test', '--config', 'playwright.bench.config.ts'], {
      env: { ...process.env, BENCH_WINDOW_OUT: out },
      stdio: ['ignore', json ? 'ignore' : 'inherit', 'inherit'],
    });
  } catch {
    report('window figures (Playwright, Chromium)', 'failed', 'see the output above');
    return;
  }
  const measured = JSON.parse(readFileSync(out, 'utf8')) as { keystrokeToResult: number[]; keystrokeToPaint: number[]; reportFirstOpen: number[]; reportRender: number[]; reportElements: number };
  const runs = measured.keystrokeToResult.length;
  report(`search keystroke to result in the grid, 5,054 types (median of ${runs})`, ms(median(measured.keystrokeToResult)));
  report('  the same, to the next frame painted', ms(median(measured.keystrokeToPaint)));
  report(`report first paint from the catalogue, 5,054 types, report in the store (median of ${measured.reportRender.length})`, ms(median(measured.reportRender)));
  report('  the same, its first open: fetched over the harness bridge', ms(median(measured.reportFirstOpen)));
  report('  elements on the report page', measured.reportElements.toLocaleString('en-US'));
}
