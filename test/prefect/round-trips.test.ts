// Exact in both directions (docs/decisions/checksum-identity.md): every Block class of every public
// Prefect collection that installs beside Prefect 3.9.1 (test/prefect/collections/requirements.txt,
// the venv .venv-collections/) and 300 random Block classes per run (seeded; PREFECT_GEN_SEED
// replays one), through every way in and out, against real Prefect:
// - `import` (`--module` for every module that defines a collection class, the generated file
//   itself) equals Prefect's own view of each class (metadata; checksum, version, capabilities;
//   the fields its client sends);
// - `server push` to an empty server stores exactly what `prefect block register -m` / `-f` stores
//   on another (rows, read-back fields, links; no extra schema);
// - `server pull` from the server Prefect's CLI filled keeps every checksum and client field;
// - export then import is the identity (slug, checksum, version, capabilities, metadata,
//   protection, client fields; the second export byte for byte the first);
// - pull from a server, push to an empty one: the second holds what the first holds (rows,
//   read-back fields, links, type metadata), from the server Prefect's CLI filled and from one that
//   registered the collections itself at start-up (whose read-back of nine schemas does not give
//   their checksums);
// - random nesting histories of hand-written block types (types nesting each other's older
//   versions): push, then pull, keeps every checksum and client field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS_PYTHON } from '../../scripts/prefect-venv.mjs';
import { openRegistryDatabase } from '../../src/main/db/database';
import { sameText } from '../../src/main/prefect-server/html-text';
import { readBlockSchemas, readClientFields } from '../../src/main/registry/block-schemas';
import { readBlockTypes } from '../../src/main/registry/block-types';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { jsonEqual, parseJson, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { buildHistory, historyArbitrary, historyEntries } from '../helpers/nesting-history';
import { generateBlockModule } from './generate-blocks';
import { PYTHON_DIR, runPython } from './python';
import { filterAll, startPrefectServer, type PrefectServer, type ServerSchemaRow, type ServerTypeRow } from './server';

const PACKAGES = [
  'prefect_aws',
  'prefect_azure',
  'prefect_bitbucket',
  'prefect_databricks',
  'prefect_dbt',
  'prefect_docker',
  'prefect_email',
  'prefect_gcp',
  'prefect_github',
  'prefect_gitlab',
  'prefect_kubernetes',
  'prefect_redis',
  'prefect_shell',
  'prefect_slack',
  'prefect_snowflake',
  'prefect_sqlalchemy',
];

interface ReferenceClass {
  class: string;
  module: string;
  block_type: { name: string; slug: string; logo_url: string | null; documentation_url: string | null; description: string | null; code_example: string | null };
  fields: JsonObject;
  checksum: string;
  capabilities: string[];
  version: string;
}

interface ReferenceCollection {
  package: string;
  distribution: string;
  version: string | null;
  classes: ReferenceClass[];
  failed_modules: Array<{ module: string; error: string }>;
}

const GENERATED_COUNT = 300;
/** Random nesting histories pushed and pulled back (each a handful of imports, a push and a pull). */
const HISTORIES = 12;
const envSeed = process.env.PREFECT_GEN_SEED;
const seed = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const folder = mkdtempSync(join(tmpdir(), 'block-registry-round-trips-'));
const db = (name: string): string => join(folder, `${name}.sqlite`);
const generatedFile = join(folder, 'generated_blocks.py');
/** The collections, and the generated classes as a collection of their own. */
let collections: ReferenceCollection[];
/** Filled by `prefect block register`: every collection module and the generated file. */
let byCliServer: PrefectServer;
/** Filled by our push of the same, imported. */
let oursServer: PrefectServer;
/** Registered the installed collections itself at start-up. */
let startUpServer: PrefectServer;
/** Empty: our push of what we pulled from byCliServer, then of random nesting histories. */
let copyServer: PrefectServer;
/** Empty: our push of what we pulled from startUpServer. */
let startUpCopyServer: PrefectServer;
/** Round trips checked per collection (the suite's summary). */
const checked = new Map<string, Map<string, number>>();

function count(collection: string, check: string, n: number): void {
  const checks = checked.get(collection) ?? new Map<string, number>();
  checks.set(check, (checks.get(check) ?? 0) + n);
  checked.set(collection, checks);
}

const EMPTY = { PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' };

async function run(...argv: string[]): Promise<CliResult> {
  const result = await cliWithEnv({ PATH: process.env.PATH, BLOCK_REGISTRY_PYTHON: COLLECTIONS_PYTHON }, ...argv);
  expect(result.code, `block-registry ${argv.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  console.log(`generated Block classes: seed ${seed} (replay with PREFECT_GEN_SEED=${seed})`);
  writeFileSync(generatedFile, generateBlockModule(seed, GENERATED_COUNT, { storable: true }).source);
  // The servers start while Prefect describes the classes.
  const servers = Promise.all([startPrefectServer(EMPTY), startPrefectServer(EMPTY), startPrefectServer({}, undefined, COLLECTIONS_PYTHON), startPrefectServer(EMPTY), startPrefectServer(EMPTY)]);
  // The generated file in a process of its own, as `prefect block register -f` runs it.
  const describe = (...args: string[]) =>
    runPython([join(PYTHON_DIR, 'collection_blocks.py'), ...args], {}, COLLECTIONS_PYTHON).then((result) => parseJson(result.stdout) as unknown as ReferenceCollection[]);
  const [described, generated] = await Promise.all([describe(...PACKAGES), describe('--file', generatedFile)]);
  collections = [...described, ...generated];
  [byCliServer, oursServer, startUpServer, copyServer, startUpCopyServer] = await servers;
  const modules = [...new Set(described.flatMap((collection) => collection.classes.map((cls) => cls.module)))].sort();
  const register = (...targets: string[]) => runPython([join(PYTHON_DIR, 'collection_blocks.py'), '--register', ...targets], { PREFECT_API_URL: byCliServer.api }, COLLECTIONS_PYTHON);
  await Promise.all([register(...modules).then(() => register(generatedFile)), run('import', '--db', db('imported'), generatedFile, ...modules.flatMap((module) => ['--module', module]))]);
});

afterAll(async () => {
  await Promise.all([byCliServer, oursServer, startUpServer, copyServer, startUpCopyServer].map((server) => server?.stop()));
  rmSync(folder, { recursive: true, force: true });
  const lines = [...checked].map(([collection, checks]) => `  ${collection}: ${[...checks].map(([check, n]) => `${check} ${n}`).join(', ')}`);
  console.log(`collections round trips checked (classes, and the checks made of each):\n${lines.join('\n')}`);
});

/** Every block type and schema of a database: by slug, and by `slug version checksum`, with client fields. */
async function localState(path: string) {
  const registry = await openRegistryDatabase(path);
  try {
    const types = await readBlockTypes(registry.db);
    const schemas = await readBlockSchemas(registry.db);
    const client = await readClientFields(
      registry.db,
      schemas.map((schema) => schema.id),
    );
    return {
      types: new Map(types.map((type) => [type.slug, type])),
      schemas: new Map(schemas.map((schema) => [`${schema.block_type.slug} ${schema.version} ${schema.checksum}`, { ...schema, client: client.get(schema.id) ?? null }])),
    };
  } finally {
    await registry.close();
  }
}

/** A server's unprotected block types and schemas, as its REST API reads them back. */
async function serverState(server: PrefectServer) {
  const types = (await filterAll<ServerTypeRow>(server, '/block_types/filter')).filter((type) => !type.is_protected);
  const schemas = (await filterAll<ServerSchemaRow>(server, '/block_schemas/filter')).filter((schema) => !schema.block_type.is_protected);
  return {
    types: new Map(types.map((type) => [type.slug, type])),
    schemas: new Map(schemas.map((schema) => [`${schema.block_type.slug} ${schema.version} ${schema.checksum}`, schema])),
  };
}

const METADATA = ['name', 'logo_url', 'documentation_url', 'description', 'code_example'] as const;

/**
 * The same text on two servers, but for Prefect's HTML escaping of a description and code example
 * when a type is created (never when updated): its own client leaves a type registered once
 * escaped and one registered again as written, and a push leaves every type as written.
 */
function sameServerTexts(a: string | null | undefined, b: string | null | undefined): boolean {
  return sameText(a ?? null, true, b ?? null, true);
}

function slugsOf(collection: ReferenceCollection): Set<string> {
  return new Set(collection.classes.map((cls) => cls.block_type.slug));
}

/** The second server holds exactly what the first holds: rows, read-back fields and links, type metadata. */
async function expectSameServers(first: PrefectServer, second: PrefectServer, check: string): Promise<void> {
  const [original, copy] = await Promise.all([serverState(first), serverState(second)]);
  expect([...copy.schemas.keys()].sort()).toEqual([...original.schemas.keys()].sort());
  for (const [key, schema] of original.schemas) {
    expect(jsonEqual(copy.schemas.get(key)?.fields as JsonValue, schema.fields), `${key}: read-back fields and links`).toBe(true);
    expect([...(copy.schemas.get(key)?.capabilities ?? [])].sort(), key).toEqual([...schema.capabilities].sort());
  }
  expect([...copy.types.keys()].sort()).toEqual([...original.types.keys()].sort());
  for (const [slug, type] of original.types) for (const key of METADATA) expect(sameServerTexts(copy.types.get(slug)?.[key], type[key]), `${slug} ${key}`).toBe(true);
  for (const collection of collections) {
    const slugs = slugsOf(collection);
    count(collection.distribution, check, [...original.schemas.values()].filter((schema) => slugs.has(schema.block_type.slug)).length);
  }
}

describe('every public Prefect collection, and generated Block classes', () => {
  it('has its classes found in every submodule (the ones that do not import are named)', () => {
    expect(collections.map((collection) => collection.package)).toEqual([...PACKAGES, 'generated']);
    expect(collections.at(-1)?.classes).toHaveLength(GENERATED_COUNT);
    for (const collection of collections) {
      expect(collection.classes.length, collection.package).toBeGreaterThan(0);
      count(collection.distribution, 'classes', collection.classes.length);
    }
    // Classes reachable only from a submodule count too.
    const dbt = collections.find((collection) => collection.package === 'prefect_dbt');
    expect(dbt?.classes.map((cls) => cls.module)).toContain('prefect_dbt.cli.configs.snowflake');
  });

  it('import --module equals Prefect: metadata, checksum, version, capabilities, and the fields its client sends', async () => {
    const local = await localState(db('imported'));
    for (const collection of collections) {
      for (const cls of collection.classes) {
        const type = local.types.get(cls.block_type.slug);
        expect(type, cls.class).toBeDefined();
        for (const key of METADATA) expect(type?.[key], `${cls.class} ${key}`).toBe(cls.block_type[key]);
        const schema = local.schemas.get(`${cls.block_type.slug} ${cls.version} ${cls.checksum}`);
        expect(schema, `${cls.class} ${cls.checksum}`).toBeDefined();
        expect([...(schema?.capabilities ?? [])].sort(), cls.class).toEqual(cls.capabilities);
        expect(jsonEqual(schema?.client ?? null, cls.fields), `${cls.class}: client fields`).toBe(true);
      }
      count(collection.distribution, 'import', collection.classes.length);
    }
  });

  it('server push stores exactly what `prefect block register -m` stores: the same rows, read-back fields and links, no extra schema', async () => {
    await run('server', 'push', '--db', db('imported'), '--api-url', oursServer.api);
    const [theirs, ours] = await Promise.all([serverState(byCliServer), serverState(oursServer)]);
    expect([...ours.schemas.keys()].sort()).toEqual([...theirs.schemas.keys()].sort());
    expect([...ours.types.keys()].sort()).toEqual([...theirs.types.keys()].sort());
    for (const [key, schema] of theirs.schemas) {
      const pushed = ours.schemas.get(key);
      expect(jsonEqual(pushed?.fields as JsonValue, schema.fields), `${key}: read-back fields`).toBe(true);
      expect([...(pushed?.capabilities ?? [])].sort(), key).toEqual([...schema.capabilities].sort());
    }
    for (const [slug, type] of theirs.types) for (const key of METADATA) expect(sameServerTexts(ours.types.get(slug)?.[key], type[key]), `${slug} ${key}`).toBe(true);
    for (const collection of collections) count(collection.distribution, 'push', collection.classes.length);
  });

  it("server pull from the server Prefect's CLI filled keeps every checksum, and what each client sent", async () => {
    await run('server', 'pull', '--db', db('pulled'), '--api-url', byCliServer.api);
    const [server, local] = await Promise.all([serverState(byCliServer), localState(db('pulled'))]);
    expect([...local.schemas.keys()].sort()).toEqual([...server.schemas.keys()].sort());
    for (const collection of collections) {
      for (const cls of collection.classes) {
        const schema = local.schemas.get(`${cls.block_type.slug} ${cls.version} ${cls.checksum}`);
        expect(schema, cls.class).toBeDefined();
        // Restored from the read-back where that differs: fields that give the server's checksum.
        expect(blockSchemaChecksum(schema?.client ?? {}), `${cls.class}: client fields`).toBe(cls.checksum);
      }
      count(collection.distribution, 'pull', collection.classes.length);
    }
  });

  it('export then import is the identity: slugs, checksums, versions, capabilities, metadata, protection, client fields', async () => {
    const exported = await run('export', '--db', db('pulled'));
    const file = join(folder, 'export.json');
    writeFileSync(file, exported.stdout);
    const imported = await run('import', '--db', db('reimported'), file);
    // No checksum the fields do not give, no schema kept under a server's checksum.
    expect(imported.stderr).not.toMatch(/warning:/);
    const [before, after] = await Promise.all([localState(db('pulled')), localState(db('reimported'))]);
    expect([...after.schemas.keys()].sort()).toEqual([...before.schemas.keys()].sort());
    for (const [key, schema] of before.schemas) {
      const twin = after.schemas.get(key);
      expect([...(twin?.capabilities ?? [])].sort(), key).toEqual([...schema.capabilities].sort());
      expect(jsonEqual(twin?.client ?? null, schema.client), `${key}: client fields`).toBe(true);
      expect(jsonEqual(twin?.fields ?? {}, schema.fields), `${key}: read-back fields`).toBe(true);
    }
    for (const [slug, type] of before.types) {
      for (const key of [...METADATA, 'is_protected'] as const) expect(after.types.get(slug)?.[key], `${slug} ${key}`).toBe(type[key]);
    }
    expect((await run('export', '--db', db('reimported'))).stdout).toBe(exported.stdout);
    for (const collection of collections) count(collection.distribution, 'export-import', collection.classes.length);
  });

  it("pull from the server Prefect's CLI filled, push to an empty one: the second holds what the first holds", async () => {
    await run('server', 'push', '--db', db('pulled'), '--api-url', copyServer.api);
    await expectSameServers(byCliServer, copyServer, 'server-to-server');
  });

  it('pull from a server that registered the collections itself, push to an empty one: the second holds what the first holds', async () => {
    const pulled = await run('server', 'pull', '--db', db('from-start-up'), '--api-url', startUpServer.api);
    // Prefect's read-back of these was not what their client sent: restored, not warned about.
    expect(pulled.stderr).toMatch(/schemas read back by the server with other fields than its client sent, restored/);
    expect(pulled.stderr).not.toMatch(/warning:/);
    await run('server', 'push', '--db', db('from-start-up'), '--api-url', startUpCopyServer.api);
    await expectSameServers(startUpServer, startUpCopyServer, 'server-to-server (start-up registration)');
  });

  it('random nesting histories (cycles across versions, stale copies of a child): pushed, then pulled back, keep every checksum and client field', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (steps) => {
        round += 1;
        // Types of their own per history: one server holds them all.
        const built = buildHistory(steps, `h${round}-`);
        const source = db(`history-${round}`);
        for (const [index, entry] of historyEntries(built).entries()) {
          const file = join(folder, `history-${round}-v${index}.json`);
          writeFileSync(file, stringifyJson([entry]));
          await run('import', '--db', source, file);
        }
        const types = [...new Set(built.map((schema) => schema.slug))].flatMap((slug) => ['--type', slug]);
        await run('server', 'push', '--db', source, '--api-url', copyServer.api, ...types);
        const pulled = await run('server', 'pull', '--db', db(`history-${round}-pulled`), '--api-url', copyServer.api, ...types);
        expect(pulled.stderr).not.toMatch(/warning:/);
        const [before, after] = await Promise.all([localState(source), localState(db(`history-${round}-pulled`))]);
        expect([...after.schemas.keys()].sort()).toEqual([...before.schemas.keys()].sort());
        for (const [key, schema] of before.schemas) {
          // Restored where the read-back was not what the client sent: fields that give the checksum.
          expect(blockSchemaChecksum(after.schemas.get(key)?.client ?? {}), key).toBe(schema.checksum);
        }
      }),
      { numRuns: HISTORIES },
    );
    count('nesting histories', 'push-pull', HISTORIES);
  });
});
