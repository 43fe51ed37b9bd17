// A real `prefect server start` for the differential tests: free loopback port, temporary
// PREFECT_HOME (fresh database, no memo store, no user profile), its own process group so that
// every process it starts is killed at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import type { JsonObject } from '../../src/shared/json';
import { copyFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { COLLECTIONS_PYTHON, prefectDatabaseTemplate, prefectEnv, VENV_PYTHON } from '../../scripts/prefect-venv.mjs';

export interface PrefectServer {
  api: string;
  home: string;
  /** The server's own output, for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
  /** SIGKILL, as a crash or a pulled plug: no graceful shutdown. */
  kill: () => Promise<void>;
}

/** A loopback port nothing listens on: it was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts the server and waits for `/api/health` (Prefect's own CI allows 120 s). `python` is the
 * venv's (the Playwright tests pass ensurePrefectVenv()'s; vitest's global setup provides it otherwise).
 */
export async function startPrefectServer(extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 180_000, python?: string): Promise<PrefectServer> {
  // Imported only when needed: it reads vitest's provided context, which Playwright has not.
  const interpreter = python ?? (await import('./python')).prefectPython();
  const port = await freePort();
  const { env, home } = prefectEnv();
  const settings = { ...env, ...extraEnv };
  // A server with a new home and its default database starts from a copy of the pinned venv's
  // migrated one (scripts/prefect-venv.mjs): a test that names its own home or database gets
  // Prefect's whole start-up from nothing.
  const ownDatabase = settings.PREFECT_HOME === home && settings.PREFECT_API_DATABASE_CONNECTION_URL === undefined && settings.PREFECT_SERVER_DATABASE_CONNECTION_URL === undefined;
  // The collections venv has the same Prefect, whose migrations made the template.
  if (ownDatabase && (interpreter === VENV_PYTHON || interpreter === COLLECTIONS_PYTHON)) copyFileSync(prefectDatabaseTemplate(), join(home, 'prefect.db'));
  const output: string[] = [];
  const child = spawn(interpreter, ['-m', 'prefect', 'server', 'start', '--host', '127.0.0.1', '--port', String(port), '--no-ui', '--no-services', '--analytics-off'], {
    env: settings,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api = `http://127.0.0.1:${port}/api`;
  const server: PrefectServer = {
    api,
    home,
    log: () => output.join('').slice(-6000),
    stop: async () => {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      // The server may leave children behind in its group: make sure none survives.
      killGroup(child, 'SIGKILL');
      rmSync(home, { recursive: true, force: true });
    },
    kill: async () => {
      killGroup(child, 'SIGKILL');
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${api}/health`);
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await server.stop();
  throw new Error(`prefect server did not become healthy:\n${server.log()}`);
}

/** A block type as a server's REST API answers (`/block_types/…`). */
export interface ServerTypeRow {
  id: string;
  slug: string;
  name: string;
  logo_url: string | null;
  documentation_url: string | null;
  description: string | null;
  code_example: string | null;
  is_protected: boolean;
}

/** A block schema as a server's REST API answers (`/block_schemas/…`), read with JSON.parse (plain numbers). */
export interface ServerSchemaRow {
  id: string;
  checksum: string;
  version: string;
  capabilities: string[];
  fields: JsonObject;
  block_type: ServerTypeRow;
}

/** `POST {path}` with `limit` 200 (the server's maximum), paging until a short page; deduplicated by id. */
export async function filterAll<T extends { id: string }>(server: PrefectServer, path: string): Promise<T[]> {
  const rows = new Map<string, T>();
  for (let offset = 0; ; offset += 200) {
    const response = await fetch(`${server.api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 200, offset }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as T[];
    for (const row of page) rows.set(row.id, row);
    if (page.length < 200) return [...rows.values()];
  }
}
