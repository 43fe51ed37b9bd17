// For a test file of the server commands: a real Prefect server started with the file's settings
// and, while it starts, a registry launched (every built-in type registered) in a temporary
// folder; both are gone after the file. Apart from server.ts, which Playwright imports too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { launchRegistryAt } from '../../src/main/operations/launch';
import { serverDatabaseEnv, type ServerBackend } from './backends';
import { startPrefectServer, type PrefectServer } from './server';

export interface ServerWithRegistry {
  /** The file's temporary folder. */
  folder: string;
  /** The launched registry's database, closed: the commands open it. */
  dbPath: string;
  /** The server once started (in a test); throws before. */
  server: () => PrefectServer;
}

/** Call at the top level of the file (or of a describe): `name` names its temporary folder; the server's database is on `backend`. */
export function useServerWithRegistry(name: string, serverEnv: NodeJS.ProcessEnv, backend: ServerBackend = 'sqlite'): ServerWithRegistry {
  const folder = mkdtempSync(join(tmpdir(), `block-registry-${name}-`));
  const dbPath = join(folder, 'registry.sqlite');
  let server: PrefectServer | undefined;
  beforeAll(async () => {
    const starting = startPrefectServer({ ...serverDatabaseEnv(backend), ...serverEnv });
    const launched = await launchRegistryAt(dbPath);
    await launched.registry.close();
    server = await starting;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  return {
    folder,
    dbPath,
    server: () => {
      if (server === undefined) throw new Error('the Prefect server has not started');
      return server;
    },
  };
}
