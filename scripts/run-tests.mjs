// `npm test`: type-check, then every test suite; ends with one `N passed, N failed` line
// computed from the runners' own JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

function bin(name) {
  return join('node_modules', '.bin', name);
}

// A failed type-check or build counts as one failure (a success is not counted as a test).
if (!run('type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])) totals.failed += 1;

const vitestReport = join(resultsDir, 'vitest.json');
rmSync(vitestReport, { force: true });
run('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A suite that fails to load has no tests to count: count it as a failure.
  if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) totals.failed += report.numFailedTestSuites;
} else {
  totals.failed += 1;
}

// End-to-end: the built renderer in Chromium against the real handlers and a real database file.
if (!run('build', bin('electron-vite'), ['build'])) totals.failed += 1;
const playwrightReport = join(resultsDir, 'playwright.json');
rmSync(playwrightReport, { force: true });
run('end-to-end tests', bin('playwright'), ['test']);
if (existsSync(playwrightReport)) {
  const { stats, errors } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected + (errors?.length ?? 0);
  totals.skipped += stats.skipped;
} else {
  totals.failed += 1;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(runnerFailed || totals.failed > 0 ? 1 : 0);
