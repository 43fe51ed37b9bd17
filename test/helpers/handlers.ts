// The IPC handlers (`createHandlers`) over a launched registry, as the app wires them, with the
// shell and the save dialog replaced by recorders; and `dispatch` calls that unwrap the response.
import { createHandlers, dispatch, type Handlers } from '../../src/main/ipc/handlers';
import type { LaunchedRegistry } from '../../src/main/operations/launch';
import type { LogoStore } from '../../src/main/logos/logo-store';
import type { SecretEncryptor } from '../../src/main/servers/secret-encryptor';
import type { ApiError, ApiResponse } from '../../src/shared/contract';
import { testLogoStore } from './logos';

export interface RecordingHandlersOptions {
  /** The save dialog's answer for the suggested file name: a path, or null (cancelled, the default). */
  chooseExportPath?: (suggestedName: string) => string | null;
  /** Encrypts saved server secrets (none: no secret can be saved). */
  secretEncryptor?: SecretEncryptor;
  /** Where Prefect's settings are read; give the tests an empty PREFECT_HOME, never the user's. */
  prefectEnv?: NodeJS.ProcessEnv;
  /** The logo store (default: beside the database, off the internet: test/helpers/logos.ts). */
  logos?: LogoStore;
}

export interface RecordingHandlers {
  handlers: Handlers;
  /** Every URL openExternal was asked to open, in order. */
  opened: string[];
  /** Every path openPath was asked to open, in order. */
  openedPaths: string[];
  /** Every file name the save dialog was asked to suggest, in order. */
  suggested: string[];
  /** Dispatches a call that must succeed and returns its value. */
  call<T>(channel: string, args?: unknown): Promise<T>;
  /** Dispatches a call that must fail and returns its error. */
  callError(channel: string, args?: unknown): Promise<ApiError>;
}

export function recordingHandlers(launched: LaunchedRegistry, options: RecordingHandlersOptions = {}): RecordingHandlers {
  const opened: string[] = [];
  const openedPaths: string[] = [];
  const suggested: string[] = [];
  const answer = options.chooseExportPath ?? (() => null);
  const handlers = createHandlers({
    registry: launched.registry,
    lastRegistration: () => launched.report,
    logos: options.logos ?? testLogoStore(launched.registry.filePath),
    openExternal: async (url) => void opened.push(url),
    openPath: async (path) => void openedPaths.push(path),
    chooseExportPath: async (name) => {
      suggested.push(name);
      return answer(name);
    },
    secretEncryptor: options.secretEncryptor,
    prefectEnv: options.prefectEnv,
  });
  return {
    handlers,
    opened,
    openedPaths,
    suggested,
    async call<T>(channel: string, args?: unknown): Promise<T> {
      const response = (await dispatch(handlers, channel, args)) as ApiResponse<T>;
      if (!response.ok) throw new Error(`${channel} failed: ${response.error.message}`);
      return response.value;
    },
    async callError(channel: string, args?: unknown): Promise<ApiError> {
      const response = await dispatch(handlers, channel, args);
      if (response.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return response.error;
    },
  };
}
