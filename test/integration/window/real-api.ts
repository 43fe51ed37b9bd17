// `window.api` for the renderer tests: every call runs main's REAL handler (`dispatch` over
// `createHandlers`) on a REAL SQLite file, as the end-to-end harness does. Only the desktop
// around main is replaced: the browser, the file manager and the save dialog are recorders, and
// a test may make the bridge fail (`failNext`, `rejectNext`). No copy of main's logic lives here:
// what the window shows is what main answers.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, inject } from 'vitest';
import { openDatabase, type Database } from '../../../src/main/db/database';
import type { BlockFileInput } from '../../../src/main/block-files/block-file';
import { parseBlockFiles } from '../../helpers/block-files';
import { createHandlers, dispatch, type Handlers } from '../../../src/main/ipc/handlers';
import { importEntries } from '../../../src/main/operations/import';
import { launchRegistryAt } from '../../../src/main/operations/launch';
import { DATABASE_FILE_NAME } from '../../../src/main/platform/paths';
import { autoRegisterFolder } from '../../../src/main/sources/folder';
import { CHANNELS, type ApiError, type ApiResponse, type Channel, type RegistryApi } from '../../../src/shared/contract';
import { stringifyJson, type JsonValue } from '../../../src/shared/json';
import type { RegistrationReport } from '../../../src/shared/report';
import { recordingContext } from '../../helpers/handlers';
import { launchTemplate, type LaunchedTemplate } from './launched-template';

/** A block schema id as main makes them, that no registry here stores. */
export const UNKNOWN_SCHEMA_ID = '00000000-0000-4000-8000-000000000000';

export interface TestApiOptions {
  /** Main before the launch-time registration has run: no report yet (the data is there all the same). */
  unregistered?: boolean;
  /** Files (name → text) put in the auto-register folder, then the app launched again: the report is that launch's. */
  autoRegister?: Record<string, string>;
  /** Certificates main's logo store trusts besides the usual roots: a test's local https logo server. */
  logoCertificates?: string[];
}

export interface TestApi extends RegistryApi {
  /** Every call the window made, in order. */
  calls: Array<{ channel: Channel; args: unknown }>;
  /** Every answer main gave the window, in order (failed and rejected calls never reach main). */
  answers: Array<{ channel: Channel; response: ApiResponse<unknown> }>;
  /** The next call of the channel answers with this error (main is not asked). */
  failNext: (channel: Channel, error: Partial<ApiError> & { message: string }) => void;
  /** The next call of the channel rejects, as a broken bridge would (main is not asked). */
  rejectNext: (channel: Channel, error: Error) => void;
  /** URLs main opened in the system browser. */
  opened: string[];
  /** Folders main opened in the file manager. */
  openedFolders: string[];
  /** The save dialog: the path chosen for the suggested file name (default: in `dir`), or null (cancelled). */
  saveDialog: (suggestedName: string) => string | null;
  /** This test's folder: its copy of the database, the auto-register folder beside it, saved exports. */
  dir: string;
  databasePath: string;
  /** Main's answers as they are, neither recorded nor failed: for a test's own look-ups. */
  main: RegistryApi;
  /** Registers block definition files through main's import path: data a test needs beyond the launch's. */
  register: (files: BlockFileInput[]) => Promise<RegistrationReport>;
}

let template: Promise<LaunchedTemplate> | undefined;
let removeTemplate: (() => void) | undefined;

/** The run's launched database (globalSetup), or, under a config without it, this file's own launch. */
function launchedTemplate(): Promise<LaunchedTemplate> {
  template ??= (async () => {
    const provided = inject('launchedTemplate');
    if (provided !== undefined) return provided;
    const launched = await launchTemplate();
    removeTemplate = launched.remove;
    return launched;
  })();
  return template;
}

interface Main {
  registry: Database;
  handlers: Handlers;
}

const running: Array<{ dir: string; main: Promise<Main> }> = [];

afterEach(async () => {
  for (const { dir, main } of running.splice(0)) {
    try {
      await (await main).registry.close();
    } catch {
      // Never started, or already closed: nothing to close.
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

afterAll(() => {
  removeTemplate?.();
});

/** Main on this test's copy of the launched database, its desktop effects going to the recorders. */
async function startMain(api: TestApi, options: TestApiOptions): Promise<Main> {
  const launched = await launchedTemplate();
  copyFileSync(launched.path, api.databasePath);
  let registry: Database;
  let report: RegistrationReport | null = launched.report;
  if (options.autoRegister === undefined) {
    registry = await openDatabase(api.databasePath);
  } else {
    const folder = autoRegisterFolder(api.databasePath);
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(options.autoRegister)) writeFileSync(join(folder, name), text);
    ({ registry, report } = await launchRegistryAt(api.databasePath));
  }
  if (options.unregistered === true) report = null;
  // Off the internet (only localhost resolves): the catalogue's own logos show their initials.
  // Prefect's settings from an empty folder of the test's: never the user's profiles.
  const { context } = recordingContext(registry, {
    lastRegistration: () => report,
    logoCertificates: options.logoCertificates,
    chooseExportPath: (name) => api.saveDialog(name),
    recorders: { opened: api.opened, openedPaths: api.openedFolders, suggested: [] },
  });
  return { registry, handlers: createHandlers(context) };
}

/**
 * Main's answer to a call, across a bridge as Electron's IPC is: the arguments and the answer are
 * copies (structured clones), so a test that edits an answer edits only its own.
 */
async function crossing(main: Promise<Main>, channel: Channel, args: unknown): Promise<ApiResponse<unknown>> {
  const { handlers } = await main;
  return structuredClone(await dispatch(handlers, channel, structuredClone(args)));
}

/** An object with a method per channel, each answering through `call`. */
function apiOf(call: (channel: Channel, args: unknown) => Promise<ApiResponse<unknown>>): RegistryApi {
  // dispatch answers `ApiResponse<unknown>`: each channel's result type is main's to keep, as over IPC.
  return Object.fromEntries(CHANNELS.map((channel) => [channel, (args?: unknown) => call(channel, args)])) as unknown as RegistryApi;
}

export function createTestApi(options: TestApiOptions = {}): TestApi {
  const dir = mkdtempSync(join(tmpdir(), 'block-registry-window-'));
  const failures = new Map<Channel, ApiError>();
  const rejections = new Map<Channel, Error>();
  const calls: TestApi['calls'] = [];
  const answers: TestApi['answers'] = [];
  let main: Promise<Main> | undefined;
  const started = (): Promise<Main> => {
    main ??= startMain(api, options);
    return main;
  };
  const recorded = async (channel: Channel, args: unknown): Promise<ApiResponse<unknown>> => {
    calls.push({ channel, args });
    const rejection = rejections.get(channel);
    const failure = failures.get(channel);
    rejections.delete(channel);
    failures.delete(channel);
    await Promise.resolve();
    if (rejection !== undefined) throw rejection;
    if (failure !== undefined) return { ok: false, error: failure };
    const response = await crossing(started(), channel, args);
    answers.push({ channel, response });
    return response;
  };
  const api: TestApi = {
    ...apiOf(recorded),
    calls,
    answers,
    failNext: (channel, error) => failures.set(channel, { code: error.code ?? 'internal', message: error.message, issues: error.issues ?? [] }),
    rejectNext: (channel, error) => rejections.set(channel, error),
    opened: [],
    openedFolders: [],
    saveDialog: (suggestedName) => join(dir, suggestedName),
    dir,
    databasePath: join(dir, DATABASE_FILE_NAME),
    main: apiOf((channel, args) => crossing(started(), channel, args)),
    register: async (files) => importEntries((await started()).registry, await parseBlockFiles(files), 'test setup'),
  };
  running.push({ dir, main: started() });
  return api;
}

/** A successful answer's value; a failed one fails the test. */
export function unwrap<T>(response: ApiResponse<T>): T {
  if (!response.ok) throw new Error(`main answered ${response.error.code}: ${response.error.message}`);
  return response.value;
}

/** The ids of a block type's schemas as main stores them, newest first. */
export async function schemaIdsOf(api: TestApi, slug: string): Promise<string[]> {
  return unwrap(await api.main.getBlockType({ slug })).schemas.map((schema) => schema.id);
}

/** A block definition file with this JSON value, as main reads one. */
export function definitionFile(name: string, value: JsonValue): BlockFileInput {
  return { name, bytes: new TextEncoder().encode(stringifyJson(value, 2)) };
}

/** The registration report main answers with; the test fails when there is none. */
export async function reportOf(api: TestApi): Promise<RegistrationReport> {
  const report = unwrap(await api.main.getRegistrationReport());
  if (report === null) throw new Error('main has no registration report');
  return report;
}
