// The handlers behind the IPC contract, as plain functions of a database: Electron's ipcMain
// (index.ts), the tests and the end-to-end harness all call them through `dispatch`. Each domain
// of the contract has its handler map in handlers/; each handler is a thin adapter over an
// operation (operations/), as Prefect's routers are over its model functions.
import type { HandlersOf, RegistryContract } from '../../shared/contract';
import type { HandlerContext } from './context';
import { browseHandlers } from './handlers/browse';
import { desktopHandlers } from './handlers/desktop';
import { documentsHandlers } from './handlers/documents';
import { exportHandlers } from './handlers/export';
import { importHandlers } from './handlers/import';
import { logoHandlers } from './handlers/logos';
import { pythonHandlers } from './handlers/python';
import { RunningPreviews } from '../python/running-previews';
import { serversHandlers } from './handlers/servers';
import { importHistoryHandlers } from './handlers/import-history';

export type { HandlerContext } from './context';
export { dispatch, isChannel } from './dispatch';

export type Handlers = HandlersOf<RegistryContract>;

export function createHandlers(context: HandlerContext): Handlers {
  // Shared by the import preview (which runs Python) and the Cancel that stops it.
  const running = new RunningPreviews();
  return {
    ...browseHandlers(context),
    ...importHandlers(context, running),
    ...importHistoryHandlers(context),
    ...exportHandlers(context),
    ...desktopHandlers(context),
    ...logoHandlers(context),
    ...pythonHandlers(context, running),
    ...serversHandlers(context),
    ...documentsHandlers(context),
  };
}
