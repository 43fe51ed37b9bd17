// Issue 12, the last word: `prefect block register -f` itself, against a real Prefect 3.9.1
// server, registers the same block types (metadata) and the same schemas (checksum, version,
// capabilities) as `block-registry import FILE.py` stores for the same file.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { readBlockSchemaByChecksum } from '../../src/main/registry/block-schemas';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import { cliWithEnv } from '../helpers/cli';
import { PYTHON_DIR, prefectPython, runPython } from './python';
import { filterAll, startPrefectServer, type PrefectServer } from './server';
import { useTempFolder } from '../helpers/registry';

interface ServerBlockType {
  id: string;
  name: string;
  slug: string;
  logo_url: string | null;
  documentation_url: string | null;
  description: string | null;
  code_example: string | null;
}

interface ServerBlockSchema {
  id: string;
  checksum: string;
  version: string;
  capabilities: string[];
  block_type_id: string;
}

const FILE = join(PYTHON_DIR, 'block_files', 'many_blocks.py');
const SLUGS = ['leaf', 'my-custom-credentials', 'block-holder'];
const folder = useTempFolder('python-register');
let server: PrefectServer;

beforeAll(async () => {
  server = await startPrefectServer();
  // The module is named after the file (many_blocks) either way, whatever the current folder.
  await runPython(['-m', 'prefect', 'block', 'register', '-f', FILE], { PREFECT_API_URL: server.api });
});

afterAll(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('prefect block register -f and block-registry import FILE.py agree', () => {
  it('on every block type and every schema of the file', async () => {
    const dbPath = join(folder, 'registry.sqlite');
    const result = await cliWithEnv({ PATH: process.env.PATH, BLOCK_REGISTRY_PYTHON: prefectPython() }, 'import', FILE, '--db', dbPath);
    expect(result.code, result.stderr).toBe(0);
    const types = (await filterAll<ServerBlockType>(server, '/block_types/filter')).filter((type) => SLUGS.includes(type.slug));
    const schemas = await filterAll<ServerBlockSchema>(server, '/block_schemas/filter');
    expect(types.map((type) => type.slug).sort()).toEqual([...SLUGS].sort());
    const registry = await openDatabase(dbPath);
    try {
      for (const type of types) {
        const ours = await readBlockTypeBySlug(registry.db, type.slug);
        expect(ours, type.slug).not.toBeNull();
        for (const key of ['name', 'logo_url', 'documentation_url', 'description', 'code_example'] as const) expect(ours?.[key], `${type.slug}.${key}`).toBe(type[key]);
        const theirs = schemas.filter((schema) => schema.block_type_id === type.id);
        expect(theirs, type.slug).toHaveLength(1);
        for (const schema of theirs) {
          const stored = await readBlockSchemaByChecksum(registry.db, schema.checksum, schema.version);
          expect(stored, `${type.slug} ${schema.checksum}`).not.toBeNull();
          expect(stored?.block_type_id).toBe(ours?.id);
          expect([...(stored?.capabilities ?? [])].sort()).toEqual([...schema.capabilities].sort());
        }
      }
    } finally {
      await registry.close();
    }
  });
});
