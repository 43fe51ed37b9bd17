// What the app does at launch before any window shows data: open the database in the
// user-data folder and run the launch-time registration. Electron-free, so that the command
// line, the tests and the end-to-end harness run exactly this.
import { join } from 'node:path';
import type { RegistrationReport } from '../shared/report';
import { runBlockAutoRegistration } from './auto-register';
import { openRegistryDatabase, type RegistryDatabase } from './db/database';
import { DATABASE_FILE_NAME } from './paths';
import { bundledSources } from './sources/bundled';
import { findResourcesDir } from './sources/resources';

export interface LaunchedRegistry {
  registry: RegistryDatabase;
  report: RegistrationReport;
}

export async function launchRegistry(userDataDir: string, resourcesDir: string = findResourcesDir()): Promise<LaunchedRegistry> {
  const registry = await openRegistryDatabase(join(userDataDir, DATABASE_FILE_NAME));
  try {
    const report = await runBlockAutoRegistration(registry, bundledSources(resourcesDir));
    return { registry, report };
  } catch (error) {
    await registry.close();
    throw error;
  }
}
