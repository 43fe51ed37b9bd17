// Electron lifecycle only: the one module that imports 'electron'.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { runBlockAutoRegistration } from './auto-register';
import { openRegistryDatabase, type RegistryDatabase } from './db/database';
import { DATABASE_FILE_NAME } from './paths';
import { bundledSources } from './sources/bundled';
import { findResourcesDir } from './sources/resources';

const here = fileURLToPath(new URL('.', import.meta.url));
let registry: RegistryDatabase | undefined;

async function launch(): Promise<void> {
  registry = await openRegistryDatabase(join(app.getPath('userData'), DATABASE_FILE_NAME));
  await runBlockAutoRegistration(registry, bundledSources(findResourcesDir()));
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: { preload: join(here, '../preload/index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  await window.loadFile(join(here, '../renderer/index.html'));
}

app.whenReady().then(launch, (error: unknown) => {
  console.error(error);
  app.exit(1);
});
app.on('window-all-closed', () => {
  app.quit();
});
app.on('will-quit', () => {
  void registry?.close();
});
