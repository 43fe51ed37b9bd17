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
import type { PythonSettings } from '../python/settings';
import type { RegistrationSource } from '../sources/source';

export interface LaunchedRegistry {
  registry: RegistryDatabase;
  report: RegistrationReport;
}

/**
 * The desktop app's launch: the database in its user-data folder, the auto-register folder beside
 * it, whose `.py` files run only when the window's Python settings (kept in that same user-data
 * folder) say so.
 */
export async function launchRegistry(userDataDir: string, resourcesDir: string = findResourcesDir()): Promise<LaunchedRegistry> {
  const preferences = readPythonPreferences(pythonPreferencesPath(userDataDir));
  const python = preferences.run_at_launch ? windowPythonSettings(preferences, process.env) : undefined;
  return launchRegistryAt(join(userDataDir, DATABASE_FILE_NAME), resourcesDir, python === undefined ? {} : { python });
}

export interface LaunchPython {
  /** How the auto-register folder's `.py` files run; without it they are skipped unread, saying why. */
  python?: PythonSettings;
  /** The reason given for skipping them (the window's setting by default). */
  pythonRefusal?: string;
}

/**
 * What launch registers, in order: Prefect's three sources, then each file of the auto-register
 * folder beside the database. Its `.py` files run only when the caller passes `python`: whatever
 * lies beside the database (a settings file in a cloned repository) never turns running code on.
 */
export function launchSources(databasePath: string, resourcesDir: string = findResourcesDir(), options: LaunchPython = {}): RegistrationSource[] {
  return [...bundledSources(resourcesDir), ...folderSources(autoRegisterFolder(databasePath), options.python, options.pythonRefusal)];
}

/** Opens the database file and registers the bundled sources, then the auto-register folder beside it. */
export async function launchRegistryAt(databasePath: string, resourcesDir: string = findResourcesDir(), options: LaunchPython = {}): Promise<LaunchedRegistry> {
  const registry = await openRegistryDatabase(databasePath);
  try {
    const report = await runBlockAutoRegistration(registry, launchSources(databasePath, resourcesDir, options));
    return { registry, report };
  } catch (error) {
    await registry.close();
    throw error;
  }
}
