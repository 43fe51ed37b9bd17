// The same user journeys in the real Electron app (out/main/index.js with its preload and IPC),
// through Playwright's Electron launcher, a fresh user-data folder per test. There is no harness
// here: a call cannot be made to fail on purpose and the clipboard is not read back, so those
// parts of the journeys are left out. Links are clicked only once the system browser is replaced
// in the main process (shell.openExternal recorded instead of opening a browser).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { JOURNEYS, type JourneyContext } from './journeys';

const MAIN_ENTRY = join(process.cwd(), 'out', 'main', 'index.js');

/** The Electron binary, when this machine has it (`require('electron')` throws without it). */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

let electronApp: ElectronApplication | null = null;
let userData: string | null = null;

test.beforeEach(() => {
  test.skip(binary === null, 'No Electron binary on this machine (npm run electron:fetch downloads it): the same journeys ran in Chromium against the real handlers');
  test.skip(noDisplay, 'Electron needs a display: no DISPLAY or WAYLAND_DISPLAY (run under xvfb-run); the same journeys ran in Chromium against the real handlers');
  if (!existsSync(MAIN_ENTRY)) throw new Error('out/main/index.js is missing: run `npx electron-vite build` first (npm test does).');
});

test.afterEach(async () => {
  if (electronApp !== null) await electronApp.close();
  electronApp = null;
  if (userData !== null) rmSync(userData, { recursive: true, force: true });
  userData = null;
});

/** Replaces shell.openExternal in the main process by a recorder; false when it cannot be replaced. */
async function recordOpenExternal(launched: ElectronApplication): Promise<boolean> {
  return launched.evaluate(({ shell }) => {
    const opened: string[] = [];
    const recorder = (url: string): Promise<void> => {
      opened.push(url);
      return Promise.resolve();
    };
    try {
      shell.openExternal = recorder;
    } catch {
      return false;
    }
    (globalThis as unknown as { __e2eOpenedExternally: string[] }).__e2eOpenedExternally = opened;
    return shell.openExternal === recorder;
  });
}

async function launchElectron(): Promise<{ page: Page; appUrl: string; recordsLinks: boolean }> {
  userData = mkdtempSync(join(tmpdir(), 'block-registry-electron-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RENDERER_URL') env[key] = value;
  env.BLOCK_REGISTRY_USER_DATA = userData;
  // Chromium refuses to run as root with its sandbox; the window's own sandbox settings stay as shipped.
  const args = process.getuid?.() === 0 ? ['--no-sandbox', MAIN_ENTRY] : [MAIN_ENTRY];
  const launched = await _electron.launch({ args, env, ...(binary === null ? {} : { executablePath: binary }) });
  electronApp = launched;
  const recordsLinks = await recordOpenExternal(launched);
  const page = await launched.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  const appUrl = page.url().split('#')[0] ?? page.url();
  return { page, appUrl, recordsLinks };
}

for (const journey of JOURNEYS) {
  test(journey.name, async () => {
    const { page, appUrl, recordsLinks } = await launchElectron();
    const launched = electronApp;
    const context: JourneyContext = {
      page,
      runner: 'electron',
      open: async (hash = '#/') => {
        await page.goto(`${appUrl}${hash}`);
      },
      failNext: null,
      openedExternally: recordsLinks && launched !== null ? () => launched.evaluate(() => [...((globalThis as unknown as { __e2eOpenedExternally?: string[] }).__e2eOpenedExternally ?? [])]) : null,
      readClipboard: null,
    };
    expect(page.url().startsWith('file://')).toBe(true);
    await journey.run(context);
  });
}
