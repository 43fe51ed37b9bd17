// What the handlers need from the app around them: the database, and the desktop's effects
// (Electron's shell and dialogs in the app, recorders in the tests).
import type { RegistrationReport } from '../../shared/report';
import type { Database } from '../db/database';
import type { LogoStore } from '../logos/logo-store';
import type { SecretEncryptor } from '../servers/secret-encryptor';

export interface HandlerContext {
  registry: Database;
  /** The report of the launch-time registration, once it has run. */
  lastRegistration: () => RegistrationReport | null;
  /** Fetches and caches block type logos for the window (the user-data folder's logo-cache in the app). */
  logos: LogoStore;
  /** Opens a URL in the system browser (Electron's shell.openExternal in the app). */
  openExternal: (url: string) => Promise<void>;
  /** Opens a folder in the file manager (Electron's shell.openPath). */
  openPath: (path: string) => Promise<void>;
  /** Asks where to save an export (Electron's save dialog); null when cancelled. */
  chooseExportPath: (suggestedName: string) => Promise<string | null>;
  /** Encrypts saved server secrets (Electron's safeStorage in the app); without one, no secret is saved. */
  secretEncryptor?: SecretEncryptor;
  /** Where Prefect's own settings are read (PREFECT_API_URL, the profiles file); process.env by default. */
  prefectEnv?: NodeJS.ProcessEnv;
}

/** The database for a read, after taking up what another process (the command line) saved. */
export async function freshDb(context: HandlerContext): Promise<HandlerContext['registry']['db']> {
  await context.registry.refresh();
  return context.registry.db;
}
