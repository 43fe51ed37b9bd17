// The IPC handlers (`createHandlers`) over a real database, as the app wires them, with the
// desktop around main replaced by recorders (the browser, the file manager, the save dialog):
// the one place the tests build a handler context (integration tests, the renderer's real
// window.api, the end-to-end harness); and `dispatch` calls that unwrap the response.
import { dirname, join } from 'node:path';
import type { Database } from '../../src/main/db/database';
import { createHandlers, dispatch, type HandlerContext, type Handlers } from '../../src/main/ipc/handlers';
import type { LaunchedRegistry } from '../../src/main/operations/launch';
import type { LogoStore } from '../../src/main/logos/logo-store';
import type { SecretEncryptor } from '../../src/main/servers/secret-encryptor';
import type { ApiError, ApiResponse } from '../../src/shared/contract';
import type { RegistrationReport } from '../../src/shared/report';
import type { TransferJob } from '../../src/shared/servers';
import { testLogoStore } from './logos';

export interface RecordingContextOptions {
  /** The report of the launch-time registration (null: none yet). */
  lastRegistration: () => RegistrationReport | null;
  /** The save dialog's answer for the suggested file name: a path, or null (cancelled, the default). */
  chooseExportPath?: (suggestedName: string) => string | null;
  /** Encrypts saved server secrets (none: no secret can be saved). */
  secretEncryptor?: SecretEncryptor;
  /** Where Prefect's settings are read: by default an empty PREFECT_HOME beside the database, never the user's. */
  prefectEnv?: NodeJS.ProcessEnv;
  /** The logo store (default: beside the database, off the internet: test/helpers/logos.ts). */
  logos?: LogoStore;
  /** Certificates the default logo store trusts besides the usual roots: a test's local https logo server. */
  logoCertificates?: string[];
  /** Where the desktop's effects are recorded (default: new lists). */
  recorders?: DesktopRecorders;
}

/** What the desktop around main was asked to do, in order. */
export interface DesktopRecorders {
  /** Every URL openExternal was asked to open. */
  opened: string[];
  /** Every path openPath was asked to open. */
  openedPaths: string[];
  /** Every file name the save dialog was asked to suggest. */
  suggested: string[];
}

/** A handler context over `registry` whose desktop effects are recorded. */
export function recordingContext(registry: Database, options: RecordingContextOptions): { context: HandlerContext; recorders: DesktopRecorders } {
  const recorders: DesktopRecorders = options.recorders ?? { opened: [], openedPaths: [], suggested: [] };
  const answer = options.chooseExportPath ?? (() => null);
  const context: HandlerContext = {
    registry,
    lastRegistration: options.lastRegistration,
    logos: options.logos ?? testLogoStore(registry.filePath, { trustedCertificates: options.logoCertificates }),
    openExternal: async (url) => void recorders.opened.push(url),
    openPath: async (path) => void recorders.openedPaths.push(path),
    chooseExportPath: async (name) => {
      recorders.suggested.push(name);
      return answer(name);
    },
    prefectEnv: options.prefectEnv ?? { PREFECT_HOME: join(dirname(registry.filePath), 'prefect-home') },
  };
  if (options.secretEncryptor !== undefined) context.secretEncryptor = options.secretEncryptor;
  return { context, recorders };
}

export type RecordingHandlersOptions = Omit<RecordingContextOptions, 'lastRegistration'>;

export interface RecordingHandlers extends DesktopRecorders {
  handlers: Handlers;
  /** Dispatches a call that must succeed and returns its value. */
  call<T>(channel: string, args?: unknown): Promise<T>;
  /** Dispatches a call that must fail and returns its error. */
  callError(channel: string, args?: unknown): Promise<ApiError>;
  /** Polls a push, pull or copy job until it is no longer running (as the window does), and returns it. */
  settle(jobId: string): Promise<TransferJob>;
}

export function recordingHandlers(launched: LaunchedRegistry, options: RecordingHandlersOptions = {}): RecordingHandlers {
  const { context, recorders } = recordingContext(launched.registry, { ...options, lastRegistration: () => launched.report });
  const handlers = createHandlers(context);
  const call = async <T>(channel: string, args?: unknown): Promise<T> => {
    const response = (await dispatch(handlers, channel, args)) as ApiResponse<T>;
    if (!response.ok) throw new Error(`${channel} failed: ${response.error.message}`);
    return response.value;
  };
  return {
    handlers,
    ...recorders,
    call,
    async callError(channel: string, args?: unknown): Promise<ApiError> {
      const response = await dispatch(handlers, channel, args);
      if (response.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return response.error;
    },
    async settle(jobId: string): Promise<TransferJob> {
      for (;;) {
        const job = await call<TransferJob>('getTransfer', { job_id: jobId });
        if (job.state !== 'running') return job;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
