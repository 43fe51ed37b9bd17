// The Chromium lookup and install decisions (scripts/chromium.mjs), on made-up machines: this
// one has a Chromium, so "none anywhere" exists only through the injected inputs.
import { describe, expect, it } from 'vitest';
import { ensureChromium, failureLine, findChromium, installPlans, missingChromiumMessage, type ChromiumLocation, type InstallStep } from '../../../scripts/chromium.mjs';

const PLAYWRIGHT_CHROME = '/home/u/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

function lookup(files: string[], chromiumPath?: string) {
  return {
    chromiumPath,
    systemPaths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    playwrightPath: () => PLAYWRIGHT_CHROME,
    exists: (path: string) => files.includes(path),
  };
}

describe('findChromium', () => {
  it("takes $CHROMIUM_PATH first, then the system Chromium, then Playwright's download", () => {
    const all = ['/opt/chrome', '/usr/bin/chromium', PLAYWRIGHT_CHROME];
    expect(findChromium(lookup(all, '/opt/chrome'))).toEqual({ found: true, path: '/opt/chrome', source: 'CHROMIUM_PATH' });
    expect(findChromium(lookup(all))).toEqual({ found: true, path: '/usr/bin/chromium', source: 'system' });
    expect(findChromium(lookup(['/usr/bin/chromium-browser', PLAYWRIGHT_CHROME]))).toEqual({ found: true, path: '/usr/bin/chromium-browser', source: 'system' });
    expect(findChromium(lookup([PLAYWRIGHT_CHROME]))).toEqual({ found: true, path: PLAYWRIGHT_CHROME, source: 'playwright' });
  });

  it('an empty $CHROMIUM_PATH counts as unset', () => {
    expect(findChromium(lookup(['/usr/bin/chromium'], ''))).toMatchObject({ found: true, source: 'system' });
  });

  it('a $CHROMIUM_PATH naming no file is an error that installing would not fix, even with a Chromium elsewhere', () => {
    expect(findChromium(lookup(['/usr/bin/chromium'], '/nowhere/chrome'))).toEqual({ found: false, reason: 'CHROMIUM_PATH=/nowhere/chrome names no file', installable: false });
  });

  it('none anywhere: missing, installable, and the reason lists where it looked', () => {
    const location = findChromium(lookup([]));
    expect(location).toMatchObject({ found: false, installable: true });
    if (location.found) return;
    expect(location.reason).toBe(`no Chromium at /usr/bin/chromium, /usr/bin/chromium-browser, ${PLAYWRIGHT_CHROME}`);
  });
});

describe('installPlans', () => {
  const titles = (plans: InstallStep[][]) => plans.map((plan) => plan.map((step) => `${step.command} ${step.args.join(' ')}`));

  it("tries Playwright's installer, then apt-get as root", () => {
    expect(titles(installPlans({ isRoot: true, hasAptGet: true, playwrightBin: 'playwright' }))).toEqual([['playwright install chromium'], ['apt-get update -qq', 'apt-get install -y -qq chromium']]);
  });

  it('no apt-get step without root or without apt-get', () => {
    expect(titles(installPlans({ isRoot: false, hasAptGet: true, playwrightBin: 'playwright' }))).toEqual([['playwright install chromium']]);
    expect(titles(installPlans({ isRoot: true, hasAptGet: false, playwrightBin: 'playwright' }))).toEqual([['playwright install chromium']]);
  });
});

describe('ensureChromium', () => {
  const MISSING: ChromiumLocation = { found: false, reason: 'no Chromium at /usr/bin/chromium', installable: true };
  const INSTALLED: ChromiumLocation = { found: true, path: '/usr/bin/chromium', source: 'system' };
  const root = { isRoot: true, hasAptGet: true, playwrightBin: 'playwright' };

  /** A machine where the given commands work, and the first success installs Chromium. */
  function machineWhere(working: (step: InstallStep) => boolean) {
    const ran: string[] = [];
    let installed = false;
    const result = (machine = root) =>
      ensureChromium({
        machine,
        find: () => (installed ? INSTALLED : MISSING),
        run: (step) => {
          ran.push(`${step.command} ${step.args.join(' ')}`);
          const ok = working(step);
          if (ok && step.args.includes('chromium')) installed = true;
          return ok;
        },
        log: () => {},
      });
    return { ran, result };
  }

  it('installs nothing when a Chromium is there', () => {
    const ran: string[] = [];
    expect(ensureChromium({ machine: root, find: () => INSTALLED, run: (step) => (ran.push(step.command), true), log: () => {} })).toEqual(INSTALLED);
    expect(ran).toEqual([]);
  });

  it("uses Playwright's installer where it can download", () => {
    const { ran, result } = machineWhere(() => true);
    expect(result()).toEqual(INSTALLED);
    expect(ran).toEqual(['playwright install chromium']);
  });

  it('falls through to apt-get when Playwright cannot download (as here)', () => {
    const { ran, result } = machineWhere((step) => step.command === 'apt-get');
    expect(result()).toEqual(INSTALLED);
    expect(ran).toEqual(['playwright install chromium', 'apt-get update -qq', 'apt-get install -y -qq chromium']);
  });

  it('does not install after a failed apt-get update, and gives up with the reason', () => {
    const { ran, result } = machineWhere((step) => step.command === 'apt-get' && step.args[0] === 'install');
    expect(result()).toEqual(MISSING);
    expect(ran).toEqual(['playwright install chromium', 'apt-get update -qq']);
  });

  it('without root, gives up after Playwright', () => {
    const { ran, result } = machineWhere((step) => step.command === 'apt-get');
    expect(result({ ...root, isRoot: false })).toEqual(MISSING);
    expect(ran).toEqual(['playwright install chromium']);
  });

  it('installs nothing for a wrong $CHROMIUM_PATH', () => {
    const wrong: ChromiumLocation = { found: false, reason: 'CHROMIUM_PATH=/x names no file', installable: false };
    const ran: string[] = [];
    expect(ensureChromium({ machine: root, find: () => wrong, run: (step) => (ran.push(step.command), true), log: () => {} })).toEqual(wrong);
    expect(ran).toEqual([]);
  });

  it('the message when none is found is one line saying what to install and how', () => {
    const message = missingChromiumMessage('no Chromium at /usr/bin/chromium');
    expect(message).not.toContain('\n');
    expect(message).toContain('apt-get install -y chromium');
    expect(message).toContain('CHROMIUM_PATH');
  });
});

describe('failureLine', () => {
  it("says an installer's failure in its last line that is not a stack frame (its retries' traces are not printed)", () => {
    const output = [
      'Downloading Chromium 140.0 from https://cdn.playwright.dev/…',
      'Error: getaddrinfo EAI_AGAIN cdn.playwright.dev',
      '    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:120:26)',
      'Failed to install browsers',
      'Error: Failed to download Chromium 140.0, caused by',
      '    at /node_modules/playwright-core/lib/server/registry/browserFetcher.js:91:13',
      '',
    ].join('\n');
    expect(failureLine(output)).toBe('Error: Failed to download Chromium 140.0, caused by');
    expect(failureLine('\n   \n')).toBeUndefined();
  });
});
