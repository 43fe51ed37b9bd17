// `npm test`: type-check, lint, build, then every suite (unit and integration, end-to-end,
// reliability); ends with one `N passed, N failed` line computed from the runners' own JSON
// reports. `--reliability-only` runs just the reliability suite (npm run test:reliability).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium, missingChromiumMessage, thisMachine } from './chromium.mjs';
import { PrefectVenvError, ensurePrefectVenv } from './prefect-venv.mjs';

const reliabilityOnly = process.argv.includes('--reliability-only');
const resultsDir = 'test-results';
mkdirSync(resultsDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let runnerFailed = false;

function run(title, command, args) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) runnerFailed = true;
  return result.status === 0;
}

const bin = (name) => join('node_modules', '.bin', name);

// The end-to-end tests need a Chromium: find one or install one before spending minutes on the
// rest, and stop at once, in one line, when neither works.
const chromium = ensureChromium({ machine: thisMachine(bin('playwright')) });
if (!chromium.found) {
  console.error(missingChromiumMessage(chromium.reason));
  // The closing line CI reads, even for a run that could not start.
  console.log('\n0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
console.log(`Chromium for the end-to-end tests: ${chromium.path} (${chromium.source})`);

/** A failed step that is not a test (type-check, build) counts as one failure. */
function step(title, command, args) {
  if (!run(title, command, args)) totals.failed += 1;
}

function vitest(title, name, extraArgs) {
  const report = join(resultsDir, `${name}.json`);
  rmSync(report, { force: true });
  run(title, bin('vitest'), ['run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!existsSync(report)) {
    totals.failed += 1;
    return;
  }
  const counts = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += counts.numPassedTests;
  totals.failed += counts.numFailedTests;
  totals.skipped += counts.numPendingTests + (counts.numTodoTests ?? 0);
  // A suite that fails to load has no tests to count: count it as a failure.
  if (counts.numFailedTestSuites > 0 && counts.numFailedTests === 0) totals.failed += counts.numFailedTestSuites;
}

function playwright(files) {
  const report = join(resultsDir, 'playwright.json');
  rmSync(report, { force: true });
  run('end-to-end tests (the built window in Chromium, real handlers, real database file)', bin('playwright'), ['test', ...files]);
  if (!existsSync(report)) {
    totals.failed += 1;
    return;
  }
  const { stats, errors } = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected + (errors?.length ?? 0);
  totals.skipped += stats.skipped;
}

/**
 * The pinned venv with real Prefect (.venv/ from test/prefect/requirements.txt), built here when
 * missing or stale, BEFORE the end-to-end run: its servers page test starts a real Prefect server.
 * When it cannot be built: one clear line, counted as one failure, and the tests that need it skip.
 */
function prefectVenv() {
  console.log('\n=== real Prefect: pinned venv (.venv/ from test/prefect/requirements.txt)');
  try {
    ensurePrefectVenv((line) => console.log(line));
    return true;
  } catch (error) {
    if (!(error instanceof PrefectVenvError)) throw error;
    console.log(error.message);
    totals.failed += 1;
    runnerFailed = true;
    process.env.BLOCK_REGISTRY_NO_PREFECT_VENV = '1';
    return false;
  }
}

// Each reliability test records its figures here; the report at the end prints them.
rmSync(join(resultsDir, 'reliability'), { recursive: true, force: true });
if (!reliabilityOnly) {
  // One program per environment (see tsconfig.json): Node code, the renderer, the e2e tests.
  for (const project of ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.window-tests.json']) {
    step(`type-check ${project}`, bin('tsc'), ['--noEmit', '-p', project]);
  }
  // Floating promises, import boundaries between processes, correctness (.oxlintrc.json).
  step('lint', bin('oxlint'), []);
  // The style the code is written in (prettier.config.mjs): npm run format fixes what this finds.
  step('format check', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
}
step('build', bin('electron-vite'), ['build']);
if (!reliabilityOnly) vitest('unit and integration tests', 'vitest', []);
const prefectReady = !reliabilityOnly && prefectVenv();
// The hostile-content test is end-to-end: it belongs to both runs.
playwright(reliabilityOnly ? ['test/e2e/hostile-content.spec.ts'] : []);
// Differential tests against real Prefect, in the pinned venv.
if (prefectReady) vitest('differential tests against real Prefect 3.9.1', 'vitest-prefect', ['--config', 'vitest.prefect.config.ts']);
vitest('reliability suite', 'vitest-reliability', ['--config', 'vitest.reliability.config.ts']);
run('reliability report', process.execPath, ['scripts/reliability-report.mjs']);

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(runnerFailed || totals.failed > 0 ? 1 : 0);
