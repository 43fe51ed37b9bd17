// A shape Prefect 3.9.1's own server cannot read back: a block holding a union of blocks, reached
// by two paths (two fields nesting it). The server rebuilds a schema's references from a query
// that yields a block's references once per path, and the third under one field name nests the
// union's list inside a list, on which the next step fails (a TypeError, answered 500). Prefect's
// own `prefect block register` fails on it; a push here creates every schema the server can take
// and names the one it refused, at once (a 500 is not retried, as Prefect's client does not).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliWithEnv } from '../helpers/cli';
import { useTempFolder } from '../helpers/registry';
import { PYTHON_DIR, prefectPython, runPython } from './python';
import { filterAll, startPrefectServer, type PrefectServer } from './server';

const FILE = join(PYTHON_DIR, 'block_files', 'union_reached_twice.py');
const folder = useTempFolder('union-reached-twice');
const EMPTY = { PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' };
let byPrefect: PrefectServer;
let byUs: PrefectServer;

beforeAll(async () => {
  [byPrefect, byUs] = await Promise.all([startPrefectServer(EMPTY), startPrefectServer(EMPTY)]);
});

afterAll(async () => {
  await Promise.all([byPrefect, byUs].map((server) => server?.stop()));
  rmSync(folder, { recursive: true, force: true });
});

async function slugsOfSchemas(server: PrefectServer): Promise<string[]> {
  const schemas = await filterAll<{ id: string; block_type: { slug: string } }>(server, '/block_schemas/filter');
  return schemas.map((schema) => schema.block_type.slug).sort();
}

it("Prefect's own `prefect block register -f` fails on it with the server's 500", async () => {
  const registered = runPython(['-m', 'prefect', 'block', 'register', '-f', FILE], { PREFECT_API_URL: byPrefect.api });
  await expect(registered).rejects.toThrow(/500 Internal Server Error/);
  expect(byPrefect.log()).toMatch(/TypeError: list indices must be integers or slices, not str/);
  expect(await slugsOfSchemas(byPrefect)).toEqual(['diamond', 'leafc', 'leafd', 'unionholder']);
});

it('a push creates what the server takes and names the schema it refused, asked once', async () => {
  const db = join(folder, 'registry.sqlite');
  const imported = await cliWithEnv({ PATH: process.env.PATH, BLOCK_REGISTRY_PYTHON: prefectPython() }, 'import', FILE, '--db', db);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toMatch(/schemas 5 created/);
  const push = await cliWithEnv({ BLOCK_REGISTRY_DB: db, PREFECT_HOME: join(folder, 'empty-home') }, 'server', 'push', '--api-url', byUs.api);
  expect(push.code, push.stderr).toBe(1);
  expect(push.stderr).toMatch(
    /^block-registry: grand, schema version non-versioned \(sha256:[0-9a-f]{64}\): POST \/block_schemas\/ answered 500: Internal Server Error \(an error inside the server: its log says which\)$/m,
  );
  // Asked once: no notice of another attempt.
  expect(push.stderr).not.toMatch(/trying again|attempts/);
  expect(await slugsOfSchemas(byUs)).toEqual(['diamond', 'leafc', 'leafd', 'unionholder']);
});
