// Which Chromium the end-to-end tests drive, and getting one where there is none. One lookup
// for everything: npm test (scripts/run-tests.mjs) installs what it finds missing, and
// playwright.config.ts launches what it finds. Plain JavaScript (JSDoc types, checked by
// tsconfig.node.json) because run-tests.mjs runs under plain Node, before anything is built.
// @ts-check
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's package (`apt-get install chromium`), then the name older Ubuntu releases use. */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * What the lookup reads, injectable so that the decision can be tested on a machine that has a
 * Chromium.
 * @typedef {object} ChromiumLookup
 * @property {string | undefined} chromiumPath $CHROMIUM_PATH
 * @property {readonly string[]} systemPaths
 * @property {() => string | undefined} playwrightPath where Playwright's own download would be
 * @property {(path: string) => boolean} exists
 */

/**
 * `installable: false` when installing would not help (a $CHROMIUM_PATH that names no file).
 * @typedef {{ found: true, path: string, source: 'CHROMIUM_PATH' | 'system' | 'playwright' }
 *   | { found: false, reason: string, installable: boolean }} ChromiumLocation
 */

/** @returns {ChromiumLookup} */
export function machineLookup() {
  return { chromiumPath: process.env.CHROMIUM_PATH, systemPaths: SYSTEM_CHROMIUM_PATHS, playwrightPath, exists: existsSync };
}

/**
 * $CHROMIUM_PATH, else the system's Chromium, else Playwright's own. A $CHROMIUM_PATH that names
 * no file is an error, not a reason to quietly test with another browser.
 * @param {ChromiumLookup} lookup
 * @returns {ChromiumLocation}
 */
export function findChromium(lookup = machineLookup()) {
  if (lookup.chromiumPath !== undefined && lookup.chromiumPath !== '') {
    if (lookup.exists(lookup.chromiumPath)) return { found: true, path: lookup.chromiumPath, source: 'CHROMIUM_PATH' };
    return { found: false, reason: `CHROMIUM_PATH=${lookup.chromiumPath} names no file`, installable: false };
  }
  const system = lookup.systemPaths.find((path) => lookup.exists(path));
  if (system !== undefined) return { found: true, path: system, source: 'system' };
  const downloaded = lookup.playwrightPath();
  if (downloaded !== undefined && lookup.exists(downloaded)) return { found: true, path: downloaded, source: 'playwright' };
  return { found: false, reason: `no Chromium at ${[...lookup.systemPaths, downloaded ?? "Playwright's download folder"].join(', ')}`, installable: true };
}

/** @returns {string | undefined} */
function playwrightPath() {
  try {
    // Loaded only when asked: Playwright is large, and the system's Chromium usually answers first.
    /** @type {{ chromium: { executablePath(): string } }} */
    const playwright = createRequire(import.meta.url)('@playwright/test');
    return playwright.chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * The ways to get a Chromium, in the order tried: Playwright's installer (needs its download
 * host), then Debian's package (needs root and apt-get).
 * @typedef {{ title: string, command: string, args: string[] }} InstallStep
 * @typedef {{ isRoot: boolean, hasAptGet: boolean, playwrightBin: string }} Machine
 */

/**
 * @param {Machine} machine
 * @returns {InstallStep[][]} alternatives; the steps of one run in order
 */
export function installPlans(machine) {
  /** @type {InstallStep[][]} */
  const plans = [[{ title: "Playwright's Chromium", command: machine.playwrightBin, args: ['install', 'chromium'] }]];
  if (machine.isRoot && machine.hasAptGet) {
    plans.push([
      { title: 'apt-get update', command: 'apt-get', args: ['update', '-qq'] },
      { title: "Debian's chromium", command: 'apt-get', args: ['install', '-y', '-qq', 'chromium'] },
    ]);
  }
  return plans;
}

/** @param {string} reason */
export function missingChromiumMessage(reason) {
  return `npm test needs Chromium for its end-to-end tests (${reason}): install it (as root: apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`;
}

/** @param {string} playwrightBin @returns {Machine} */
export function thisMachine(playwrightBin) {
  return { isRoot: process.getuid?.() === 0, hasAptGet: spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0, playwrightBin };
}

/**
 * Runs one step with its output kept: an installer that cannot reach its download host retries
 * and prints a stack trace each time, which would fill a passing run's log. Only its last line
 * that is not a stack frame is said, when it fails.
 * @param {InstallStep} step @returns {boolean} whether it succeeded
 */
function runStep(step) {
  const result = spawnSync(step.command, step.args, { encoding: 'utf8', timeout: 10 * 60_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status === 0) return true;
  console.log(`${step.title}: ${failureLine(`${result.stdout ?? ''}\n${result.stderr ?? ''}`) ?? result.error?.message ?? `exit code ${String(result.status)}`}`);
  return false;
}

/** @param {string} output @returns {string | undefined} the last line of an output that says something (not a stack frame) */
export function failureLine(output) {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '))
    .at(-1);
}

/**
 * Finds a Chromium, installing one when there is none and the machine allows it. Each plan is
 * tried until a lookup finds one.
 * @param {{ machine: Machine, find?: () => ChromiumLocation, run?: (step: InstallStep) => boolean, log?: (line: string) => void }} options
 * @returns {ChromiumLocation}
 */
export function ensureChromium({ machine, find = () => findChromium(), run = runStep, log = console.log }) {
  let location = find();
  if (location.found || !location.installable) return location;
  for (const plan of installPlans(machine)) {
    log(`No Chromium found (${location.reason}); trying ${plan.map((step) => step.title).join(', then ')}.`);
    const installed = plan.every(run);
    location = find();
    if (location.found) return location;
    if (!installed) log(`${plan.at(-1)?.title ?? 'Chromium'} could not be installed here.`);
  }
  return location;
}
