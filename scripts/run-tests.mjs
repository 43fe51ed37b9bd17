// `npm test`: type-check, lint, build, then every suite (unit and integration, end-to-end,
// reliability); ends with one `N passed, N failed` line computed from the runners' own JSON
// reports. `--reliability-only` runs just the reliability suite (npm run test:reliability).
// To stay well inside CI's time on a 2-core machine, what mostly waits on other processes runs
// side by side: the Prefect venv is built while the code is checked, and the real-Prefect suite
// (Python servers) runs beside the end-to-end tests and the reliability suite (child
// processes); their output is printed whole, one suite after the other, as each ends.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureChromium, missingChromiumMessage, thisMachine } from './chromium.mjs';

const reliabilityOnly = process.argv.includes('--reliability-only');
const resultsDir = 'test-results';
mkdirSync(resultsDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
/** One line per skipped suite, with why: printed before the closing line. */
const skippedLines = [];
let runnerFailed = false;

// Each step's time, and the whole run's so far: what CI's time goes to (it must stay well under 20 minutes).
const runStarted = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

function run(title, command, args) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  console.log(`=== ${title}: ${seconds(started)} (${seconds(runStarted)} since the start)`);
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

function vitestArgs(name, extraArgs) {
  const report = join(resultsDir, `${name}.json`);
  rmSync(report, { force: true });
  return { report, args: ['run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`] };
}

function countVitest(report) {
  if (!existsSync(report)) {
    totals.failed += 1;
    return;
  }
  const counts = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += counts.numPassedTests;
  totals.failed += counts.numFailedTests;
  totals.skipped += counts.numPendingTests + (counts.numTodoTests ?? 0);
  // A skipped suite says why in its title (a platform, a missing permission).
  for (const file of counts.testResults ?? []) {
    const skipped = (file.assertionResults ?? []).filter((test) => test.status === 'skipped' || test.status === 'pending' || test.status === 'todo');
    const byReason = new Map();
    for (const test of skipped) {
      const why = [...(test.ancestorTitles ?? []), test.title].join(' > ');
      const suite = test.ancestorTitles?.length > 0 ? test.ancestorTitles.join(' > ') : why;
      byReason.set(suite, (byReason.get(suite) ?? 0) + 1);
    }
    for (const [suite, count] of byReason) skippedLines.push(`skipped: ${relative(process.cwd(), file.name)}: ${count} in "${suite}"`);
  }
  // A suite that fails to load has no tests to count: count it as a failure.
  if (counts.numFailedTestSuites > 0 && counts.numFailedTests === 0) totals.failed += counts.numFailedTestSuites;
}

function vitest(title, name, extraArgs) {
  const { report, args } = vitestArgs(name, extraArgs);
  run(title, bin('vitest'), args);
  countVitest(report);
}

/**
 * Runs a command beside the others, its output kept in test-results/<name>.log and printed whole
 * when it ends (interleaved lines of two suites would be unreadable). Resolves to its exit code.
 */
function inBackground(title, name, command, args) {
  const log = join(resultsDir, `${name}.log`);
  const started = performance.now();
  // The child writes straight into the file: the synchronous steps that run meanwhile block this
  // process's event loop, and a pipe nobody reads would stall the child once it is full.
  const fd = openSync(log, 'w');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
  closeSync(fd);
  return new Promise((resolvePromise) => {
    let finished = false;
    const finish = (code) => {
      if (finished) return;
      finished = true;
      console.log(`\n=== ${title}: ${command} ${args.join(' ')} (ran beside other steps, ${seconds(started)}; ${seconds(runStarted)} since the start)`);
      process.stdout.write(readFileSync(log));
      if (code !== 0) runnerFailed = true;
      resolvePromise(code ?? 1);
    };
    child.on('error', (error) => {
      console.log(error.message);
      finish(1);
    });
    child.on('exit', (code) => finish(code));
  });
}

function vitestInBackground(title, name, extraArgs) {
  const { report, args } = vitestArgs(name, extraArgs);
  return inBackground(title, name, bin('vitest'), args).then(() => countVitest(report));
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
  // Each skipped test of Playwright carries its reason (test.skip(condition, reason)).
  const reasons = new Map();
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'skipped') continue;
        const why = test.annotations?.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
        const key = `test/e2e/${spec.file}: ${why}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of JSON.parse(readFileSync(report, 'utf8')).suites ?? []) visit(suite);
  for (const [key, count] of reasons) skippedLines.push(`skipped: ${key.replace(': ', `: ${count} tests: `)}`);
}

/**
 * The pinned venv with real Prefect (.venv/ from test/prefect/requirements.txt), built in the
 * background when missing or stale: a minute or two of pip, while the code is checked and built.
 * Resolves to true when it is ready; when it cannot be built, one clear line, counted as a failure.
 */
function prefectVenvInBackground() {
  return inBackground('real Prefect: pinned venv (.venv/ from test/prefect/requirements.txt)', 'prefect-venv', process.execPath, ['scripts/prefect-venv.mjs']).then((code) => {
    if (code !== 0) totals.failed += 1;
    return code === 0;
  });
}

/** The same for the venv with every public collection (.venv-collections/), which only the real-Prefect suite needs. */
function collectionsVenvInBackground() {
  const title = 'real Prefect: collections venv (.venv-collections/ from test/prefect/collections/requirements.txt)';
  return inBackground(title, 'collections-venv', process.execPath, ['scripts/prefect-venv.mjs', '--collections']).then((code) => {
    if (code !== 0) totals.failed += 1;
    return code === 0;
  });
}

// Each reliability test records its figures here; the report at the end prints them.
rmSync(join(resultsDir, 'reliability'), { recursive: true, force: true });
const venvReady = reliabilityOnly ? Promise.resolve(false) : prefectVenvInBackground();
// Both venvs at once: pip mostly waits on downloads.
const collectionsReady = reliabilityOnly ? Promise.resolve(false) : collectionsVenvInBackground();
if (!reliabilityOnly) {
  // One program per environment (see tsconfig.json): Node code, the renderer, the e2e tests.
  for (const project of ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.window-tests.json']) {
    step(`type-check ${project}`, bin('tsc'), ['--noEmit', '-p', project]);
  }
  // Floating promises, import boundaries between processes and rooms, circles, correctness (.oxlintrc.json).
  step('lint', bin('oxlint'), []);
  // Files nothing reaches, exports nothing imports, dependencies nothing uses (knip.jsonc).
  step('unused code', bin('knip'), []);
  // The style the code is written in (prettier.config.mjs): npm run format fixes what this finds.
  step('format check', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
}
step('build', bin('electron-vite'), ['build']);
if (!reliabilityOnly) vitest('unit and integration tests', 'vitest', []);
// Some end-to-end journeys use real Prefect (a server, Python block files): the venv first.
const withPrefect = await venvReady;
// The real-Prefect suite is the longest, one file at a time and mostly one Python process busy:
// it runs beside the end-to-end tests and then the reliability suite, which keep the other core busy.
const prefect = withPrefect
  ? collectionsReady.then((withCollections) =>
      withCollections ? vitestInBackground('differential tests against real Prefect 3.9.1', 'vitest-prefect', ['--config', 'vitest.prefect.config.ts']) : undefined,
    )
  : Promise.resolve();
// The hostile-content test is end-to-end: it belongs to both runs.
playwright(reliabilityOnly ? ['test/e2e/hostile-content.spec.ts'] : []);
const reliability = vitestInBackground('reliability suite', 'vitest-reliability', ['--config', 'vitest.reliability.config.ts']);
await Promise.all([reliability, prefect]);
run('reliability report', process.execPath, ['scripts/reliability-report.mjs']);

if (skippedLines.length > 0) console.log(`\n${skippedLines.join('\n')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(runnerFailed || totals.failed > 0 ? 1 : 0);
