// Electron lifecycle only: the one module that imports 'electron'. Everything it runs is
// Electron-free code (operations/launch.ts, ipc/handlers.ts) that the tests exercise without a window.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, IPC_PREFIX } from '../shared/contract';
import { errorMessage, RegistryError } from '../shared/errors';
import type { RegistrationReport } from '../shared/report';
import type { Database } from './db/database';
import { createHandlers, dispatch } from './ipc/handlers';
import { LOGO_CACHE_FOLDER, LogoStore } from './logos/logo-store';
import { launchRegistry } from './operations/launch';
import { DATABASE_FILE_NAME } from './platform/paths';
import { isAppPage, isExternalWebUrl } from './ipc/window-security';

const here = fileURLToPath(new URL('.', import.meta.url));
const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(here, '../renderer/index.html')).href;

// Lets tests (and portable installs) keep the database elsewhere; set before anything reads userData.
if (process.env.BLOCK_REGISTRY_USER_DATA) app.setPath('userData', process.env.BLOCK_REGISTRY_USER_DATA);

let registry: Database | undefined;
let lastRegistration: RegistrationReport | null = null;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error));
}

async function start(): Promise<void> {
  // Every permission is denied but writing text to the clipboard (the copy buttons).
  const allowed = (permission: string): boolean => permission === 'clipboard-sanitized-write';
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowed(permission));
  const launched = await openWithRecovery();
  if (launched === null) return;
  registry = launched.registry;
  lastRegistration = launched.report;
  registerIpc(launched.registry);
  mainWindow = createWindow();
}

/** Opens the database; a file the app cannot use is never overwritten silently: the user chooses. */
async function openWithRecovery(): Promise<Awaited<ReturnType<typeof launchRegistry>> | null> {
  const userData = app.getPath('userData');
  for (;;) {
    try {
      return await launchRegistry(userData);
    } catch (error) {
      if (!(error instanceof RegistryError) || (error.code !== 'database_file' && error.code !== 'database_too_new')) throw error;
      const choice = await dialog.showMessageBox({
        type: 'error',
        title: 'Block Registry cannot open its database',
        message: error.message,
        detail: 'You can move the file aside (it is kept as a timestamped backup next to it) and start with a new database, or quit and deal with it yourself.',
        buttons: ['Move aside and start fresh', 'Quit'],
        defaultId: 1,
        cancelId: 1,
      });
      if (choice.response !== 0) {
        app.quit();
        return null;
      }
      const path = join(userData, DATABASE_FILE_NAME);
      renameSync(path, `${path}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`);
    }
  }
}

function registerIpc(openRegistry: Database): void {
  const handlers = createHandlers({
    registry: openRegistry,
    lastRegistration: () => lastRegistration,
    // Logos are fetched here, in main: the window's Content-Security-Policy keeps it off the network.
    logos: new LogoStore({ cacheDir: join(app.getPath('userData'), LOGO_CACHE_FOLDER) }),
    openExternal: (url) => shell.openExternal(url),
    openPath: async (path) => {
      const problem = await shell.openPath(path);
      if (problem !== '') throw new RegistryError('internal', `Could not open ${path}: ${problem}`);
    },
    chooseExportPath: async (suggestedName) => {
      const options = { title: 'Export block types', defaultPath: join(app.getPath('documents'), suggestedName), filters: [{ name: 'JSON', extensions: ['json'] }] };
      const result = mainWindow === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(mainWindow, options);
      return result.canceled || result.filePath === undefined ? null : result.filePath;
    },
    // Saved server secrets: the operating system's keyring (Keychain, DPAPI, libsecret) through Electron.
    secretEncryptor: {
      isAvailable: () => safeStorage.isEncryptionAvailable(),
      encrypt: (text) => safeStorage.encryptString(text),
      decrypt: (bytes) => safeStorage.decryptString(Buffer.from(bytes)),
    },
    prefectEnv: process.env,
  });
  for (const channel of CHANNELS) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, (event: IpcMainInvokeEvent, args: unknown) => {
      // Only the app's own page, in its main frame, may call.
      const frameUrl = event.senderFrame?.url ?? '';
      if (event.senderFrame !== event.sender.mainFrame || !isAppPage(frameUrl, appUrl)) {
        return { ok: false, error: { code: 'invalid_input', message: 'Call refused: it did not come from the app window.', issues: [] } };
      }
      return dispatch(handlers, channel, args);
    });
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Block Registry',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would otherwise open links in a new window, around the navigation guards.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppPage(url, appUrl)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppPage(url, appUrl)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  void window.loadURL(appUrl);
  return window;
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void registry?.close();
});

function fail(error: unknown): void {
  dialog.showErrorBox('Block Registry could not start', errorMessage(error));
  app.exit(1);
}
