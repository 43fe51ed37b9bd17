// The end-to-end harness: the built renderer served over http, with `window.api` given to the
// page so that each call runs the REAL main-process handler (ipc.ts dispatch) against a REAL
// SQLite file created by the real launch-time registration, in this test process.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { createHandlers, dispatch, type Handlers } from '../../src/main/ipc/handlers';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { DATABASE_FILE_NAME } from '../../src/main/platform/paths';
import { autoRegisterFolder } from '../../src/main/sources/folder';
import { CHANNELS } from '../../src/shared/contract';
import { testEncryptor } from '../helpers/encryptor';
import { recordingContext } from '../helpers/handlers';

const RENDERER_DIR = join(process.cwd(), 'out', 'renderer');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface AppUnderTest {
  url: string;
  launched: LaunchedRegistry;
  handlers: Handlers;
  /** Calls the window made, in order: channel names. */
  calls: string[];
  /** URLs the app asked to open in the system browser. */
  openedExternally: string[];
  /** Folders the app asked the file manager to open. */
  openedPaths: string[];
  /** Where exports are saved (the save dialog's answer). */
  exportsDir: string;
  /** Makes the next call of `channel` fail with this message, as a handler error would. */
  failNext: (channel: string, message: string) => void;
  failures: Map<string, string>;
  close: () => Promise<void>;
}

export interface StartAppOptions {
  /** Where main reads Prefect's settings; by default an empty PREFECT_HOME of this run (never the user's). */
  prefectEnv?: NodeJS.ProcessEnv;
  /** Files (name → text) put in the auto-register folder before launch, e.g. 5,000 generated types. */
  autoRegister?: Record<string, string>;
  /** Certificates main's logo store trusts besides the usual roots: a test's local https logo server. */
  logoCertificates?: string[];
}

export async function startApp(options: StartAppOptions = {}): Promise<AppUnderTest> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npx electron-vite build` first (npm test does).');
  const userData = mkdtempSync(join(tmpdir(), 'block-registry-e2e-'));
  if (options.autoRegister !== undefined) {
    const folder = autoRegisterFolder(join(userData, DATABASE_FILE_NAME));
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(options.autoRegister)) writeFileSync(join(folder, name), text);
  }
  const launched = await launchRegistry(userData);
  const exportsDir = join(userData, 'exports');
  const { context, recorders } = recordingContext(launched.registry, {
    lastRegistration: () => launched.report,
    // Main fetches the logos, off the internet (only localhost resolves): runs stay offline and repeatable.
    logoCertificates: options.logoCertificates,
    // The save dialog, answered as a person would: a file in a folder of this test.
    chooseExportPath: (suggestedName) => {
      mkdirSync(exportsDir, { recursive: true });
      return join(exportsDir, suggestedName);
    },
    // Saved server secrets: a real cipher with a key held in memory, in place of safeStorage.
    secretEncryptor: testEncryptor(),
    prefectEnv: options.prefectEnv ?? { PREFECT_HOME: join(userData, 'prefect-home') },
  });
  const handlers = createHandlers(context);
  const openedExternally = recorders.opened;
  const openedPaths = recorders.openedPaths;
  const server = await serveRenderer();
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const failures = new Map<string, string>();
  const calls: string[] = [];
  const app: AppUnderTest = {
    url: `http://127.0.0.1:${port}/index.html`,
    launched,
    handlers,
    calls,
    openedExternally,
    openedPaths,
    exportsDir,
    failNext: (channel, message) => failures.set(channel, message),
    failures,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await launched.registry.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
  return app;
}

/** Gives the page its `window.api` before any of its scripts run. */
export async function connectPage(page: Page, app: AppUnderTest): Promise<void> {
  const failures = app.failures;
  await page.exposeFunction('__blockRegistryInvoke', async (channel: string, args: unknown) => {
    app.calls.push(channel);
    const failure = failures.get(channel);
    if (failure !== undefined) {
      failures.delete(channel);
      return { ok: false, error: { code: 'internal', message: failure, issues: [] } };
    }
    return dispatch(app.handlers, channel, args);
  });
  await page.addInitScript((channels: readonly string[]) => {
    const invoke = (window as unknown as { __blockRegistryInvoke: (channel: string, args: unknown) => Promise<unknown> }).__blockRegistryInvoke;
    const api = Object.fromEntries(channels.map((channel) => [channel, (args?: unknown) => invoke(channel, args)]));
    Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false });
  }, CHANNELS);
}

function serveRenderer(): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path));
    if (!file.startsWith(RENDERER_DIR + sep) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Refuses every request to another origin (remote logos show their initials): runs stay offline and repeatable. */
export async function refuseOtherOrigins(page: Page, app: AppUnderTest): Promise<void> {
  const origin = new URL(app.url).origin;
  await page.route(
    (url) => url.origin !== origin,
    (route) => route.abort('internetdisconnected'),
  );
}
