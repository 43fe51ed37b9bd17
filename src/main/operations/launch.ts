// What the app does at launch before any window shows data: open the database in the
// user-data folder and run the launch-time registration. Electron-free, so that the command
// line, the tests and the end-to-end harness run exactly this.
import { join } from 'node:path';
import type { RegistrationReport } from '../../shared/report';
import { runBlockAutoRegistration } from './auto-register';
import { openDatabase, type Database } from '../db/database';
import { DATABASE_FILE_NAME } from '../platform/paths';
import { bundledSources } from '../sources/bundled';
import { AUTO_REGISTER_PYTHON_REFUSAL, autoRegisterFolder, folderSources } from '../sources/folder';
import { findResourcesDir } from '../platform/resources';
import type { PythonConsent } from '../python/consent';
import { pythonPreferencesPath, readPythonPreferences, windowPythonSettings } from '../python/preferences';
import type { RegistrationSource } from '../sources/source';

export interface LaunchedRegistry {
  registry: Database;
  report: RegistrationReport;
}

/**
 * The desktop app's launch: the database in its user-data folder, the auto-register folder beside
 * it, whose `.py` files run only when the window's Python settings (kept in that same user-data
 * folder) say so.
 */
export async function launchRegistry(userDataDir: string, resourcesDir: string = findResourcesDir()): Promise<LaunchedRegistry> {
  const preferences = readPythonPreferences(pythonPreferencesPath(userDataDir));
  const consent: PythonConsent = preferences.run_at_launch ? { kind: 'granted', settings: windowPythonSettings(preferences, process.env) } : { kind: 'refused', reason: AUTO_REGISTER_PYTHON_REFUSAL };
  return launchRegistryAt(join(userDataDir, DATABASE_FILE_NAME), resourcesDir, consent);
}

/**
 * What launch registers, in order: Prefect's three sources, then each file of the auto-register
 * folder beside the database. Its `.py` files run only as the caller's consent says: whatever lies
 * beside the database (a settings file in a cloned repository) never turns running code on.
 */
export function launchSources(databasePath: string, resourcesDir: string = findResourcesDir(), consent?: PythonConsent): RegistrationSource[] {
  return [...bundledSources(resourcesDir), ...folderSources(autoRegisterFolder(databasePath), consent)];
}

/** Opens the database file and registers the bundled sources, then the auto-register folder beside it. */
export async function launchRegistryAt(databasePath: string, resourcesDir: string = findResourcesDir(), consent?: PythonConsent): Promise<LaunchedRegistry> {
  const registry = await openDatabase(databasePath);
  try {
    const report = await runBlockAutoRegistration(registry, launchSources(databasePath, resourcesDir, consent));
    return { registry, report };
  } catch (error) {
    await registry.close();
    throw error;
  }
}
