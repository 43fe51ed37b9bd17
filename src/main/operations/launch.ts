// What the app does at launch before any window shows data: open the database in the
// user-data folder and run the launch-time registration. Electron-free, so that the command
// line, the tests and the end-to-end harness run exactly this.
import { join } from 'node:path';
import type { RegistrationReport } from '../../shared/report';
import { runBlockAutoRegistration } from './auto-register';
import { openRegistryDatabase, type RegistryDatabase } from '../db/database';
import { DATABASE_FILE_NAME } from '../paths';
import { bundledSources } from '../sources/bundled';
import { autoRegisterFolder, folderSources } from '../sources/folder';
import { findResourcesDir } from '../sources/resources';
import { pythonPreferencesPath, readPythonPreferences, windowPythonSettings } from '../python/preferences';
import type { RegistrationSource } from '../sources/source';

export interface LaunchedRegistry {
  registry: RegistryDatabase;
  report: RegistrationReport;
}

export async function launchRegistry(userDataDir: string, resourcesDir: string = findResourcesDir()): Promise<LaunchedRegistry> {
  return launchRegistryAt(join(userDataDir, DATABASE_FILE_NAME), resourcesDir);
}

/**
 * What launch registers, in order: Prefect's three sources, then each file of the auto-register
 * folder; its `.py` files run only when the Python settings beside the database say so.
 */
export function launchSources(databasePath: string, resourcesDir: string = findResourcesDir(), env: NodeJS.ProcessEnv = process.env): RegistrationSource[] {
  const preferences = readPythonPreferences(pythonPreferencesPath(databasePath));
  const python = preferences.run_at_launch ? windowPythonSettings(preferences, env) : undefined;
  return [...bundledSources(resourcesDir), ...folderSources(autoRegisterFolder(databasePath), python)];
}

/** Opens the database file and registers the bundled sources, then the auto-register folder beside it. */
export async function launchRegistryAt(databasePath: string, resourcesDir: string = findResourcesDir()): Promise<LaunchedRegistry> {
  const registry = await openRegistryDatabase(databasePath);
  try {
    const report = await runBlockAutoRegistration(registry, launchSources(databasePath, resourcesDir));
    return { registry, report };
  } catch (error) {
    await registry.close();
    throw error;
  }
}
