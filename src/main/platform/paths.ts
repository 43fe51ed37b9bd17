// Where the app keeps its data: Electron's `app.getPath('userData')` for an app named
// `block-registry`, computed without Electron so that the command line finds the same file.
import { homedir } from 'node:os';
import { join } from 'node:path';

const APP_NAME = 'block-registry';
export const DATABASE_FILE_NAME = 'block-registry.sqlite';

function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}

/** `--db PATH`, else `BLOCK_REGISTRY_DB`, else the desktop app's file. */
export function resolveDatabasePath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? (env.BLOCK_REGISTRY_DB || join(defaultUserDataDir(env), DATABASE_FILE_NAME));
}
