// Port of Prefect's tests/server/models/test_block_registration.py plus the
// launch-time auto-registration on a real registry file with the bundled resources.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBlockAutoRegistration } from '../../src/main/operations/auto-register';
import type { Database } from '../../src/main/db/database';
import { readBlockSchemaByChecksum, readBlockSchemas } from '../../src/main/registry/block-schemas';
import { readBlockTypeBySlug, readBlockTypes } from '../../src/main/registry/block-types';
import { installProtectedBlockType, registerBlockSchema, registerBlockType } from '../../src/main/registry/register';
import { bundledSources } from '../../src/main/sources/bundled';
import type { BlockSchemaInput } from '../../src/shared/blocks';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { jsonEqual, parseJson, stringifyJson, type JsonObject } from '../../src/shared/json';
import type { RegistrationReport } from '../../src/shared/report';
import {
  CATALOGUE_FILE,
  RESOURCES_DIR,
  SYSTEM_BLOCKS_FILE,
  SYSTEM_BLOCKS_PATH,
  asObject,
  catalogueReferences,
  countRows,
  json,
  loadCatalogue,
  readCatalogueText,
  typeInput,
  useTempWorkspace,
} from '../helpers/registry';

const temp = useTempWorkspace();
const catalogue = loadCatalogue();

const PROTECTED_SLUGS = ['local-file-system', 'secret', 'webhook'];
const SYSTEM_TYPE_COUNT = 14;
const TOTAL_TYPES = SYSTEM_TYPE_COUNT + 40;

const E5 = json(
  '{"title": "MyRegisteredBlock", "type": "object", "properties": {"x": {"title": "X", "type": "string", "position": 0}, "y": {"title": "Y", "default": 1, "type": "integer", "position": 1}}, "block_schema_references": {}, "block_type_slug": "myregisteredblock", "required": ["x"], "secret_fields": []}',
);
const E5_CHECKSUM = 'sha256:0170f6bdcfdab859f8a7724becba29ad359b0116d0a3492356c1028369edbf8c';

function register(registry: Database, resourcesDir: string = RESOURCES_DIR, force = false): Promise<RegistrationReport> {
  return runBlockAutoRegistration(registry, bundledSources(resourcesDir), { force });
}

/** A copy of the bundled resources in a temp folder, with the catalogue text replaced when given. */
function tempResources(catalogueText: string = readCatalogueText()): string {
  const dir = temp.dir();
  mkdirSync(join(dir, 'prefect'));
  writeFileSync(join(dir, SYSTEM_BLOCKS_FILE), readFileSync(SYSTEM_BLOCKS_PATH));
  writeFileSync(join(dir, CATALOGUE_FILE), catalogueText);
  return dir;
}

/** The catalogue with `edit` applied to a lossless parse of it. */
function editedCatalogue(edit: (root: JsonObject) => void): string {
  const root = json(readCatalogueText());
  edit(root);
  return `${stringifyJson(root, 2)}\n`;
}

function catalogueBlockType(root: JsonObject, collection: string, slug: string): JsonObject {
  return asObject(asObject(asObject(asObject(root.collections)[collection]).block_types)[slug]);
}

async function snapshot(registry: Database) {
  return {
    types: await readBlockTypes(registry.db),
    schemas: await readBlockSchemas(registry.db),
    references: await registry.db.selectFrom('block_schema_reference').selectAll().orderBy('id').execute(),
  };
}

describe('full registration on an empty file', () => {
  it('registers 54 types (3 protected), 54 schemas and 23 reference rows', async () => {
    const { registry } = await temp.fresh();
    const report = await register(registry);
    expect(report.sources.map((source) => [source.name, source.kind, source.status])).toEqual([
      ['system', 'system', 'registered'],
      ['built-in', 'built-in', 'registered'],
      ['catalogue', 'catalogue', 'registered'],
    ]);
    expect(report.sources.map((source) => source.errors)).toEqual([[], [], []]);
    expect(report.sources.map((source) => source.counts.created)).toEqual([3, 11, 40]);
    expect(report.totals).toEqual({ created: 54, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 54, schemas_existing: 0 });
    expect(report.sources.every((source) => source.content_hash !== null && /^[0-9a-f]{64}$/.test(source.content_hash))).toBe(true);

    expect(await countRows(registry.db, 'block_type')).toBe(TOTAL_TYPES);
    expect(await countRows(registry.db, 'block_schema')).toBe(TOTAL_TYPES);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(23);
    expect(await countRows(registry.db, 'registration_source')).toBe(3);

    const types = await readBlockTypes(registry.db);
    expect(
      types
        .filter((type) => type.is_protected)
        .map((type) => type.slug)
        .sort(),
    ).toEqual(PROTECTED_SLUGS);
    for (const slug of PROTECTED_SLUGS) expect((await readBlockTypeBySlug(registry.db, slug))?.is_protected).toBe(true);
    // No implicitly created non-versioned children: every child was registered under its own version first.
    const nonVersioned = await registry.db.selectFrom('block_schema').select('id').where('version', '=', 'non-versioned').execute();
    expect(nonVersioned).toHaveLength(0);
  });

  it('stores every catalogue type with its metadata as written', async () => {
    const { registry } = await temp.fresh();
    await register(registry);
    for (const entry of catalogue) {
      const type = await readBlockTypeBySlug(registry.db, entry.slug);
      expect(type, entry.slug).not.toBeNull();
      expect(type?.name).toBe(entry.blockType.name);
      expect(type?.logo_url).toBe(entry.blockType.logo_url ?? null);
      expect(type?.documentation_url).toBe(entry.blockType.documentation_url ?? null);
      expect(type?.description).toBe(entry.blockType.description ?? null);
      expect(type?.code_example).toBe(entry.blockType.code_example ?? null);
      expect(type?.is_protected).toBe(false);
    }
  });

  it("resolves all 23 catalogue references to the stored catalogue rows and rebuilds every parent's references as recorded", async () => {
    const { registry } = await temp.fresh();
    await register(registry);
    const references = catalogueReferences(catalogue);
    expect(references).toHaveLength(23);
    for (const reference of references) {
      const child = catalogue.find((entry) => entry.checksum === reference.checksum);
      expect(child?.slug, `${reference.parent}.${reference.name}`).toBe(reference.slug);
      const stored = await readBlockSchemaByChecksum(registry.db, reference.checksum, child?.version);
      expect(stored?.block_type.slug, `${reference.parent}.${reference.name}`).toBe(reference.slug);
    }
    let parents = 0;
    for (const entry of catalogue) {
      const recorded = entry.fields.block_schema_references;
      if (recorded === undefined || Object.keys(asObject(recorded)).length === 0) continue;
      parents += 1;
      const stored = await readBlockSchemaByChecksum(registry.db, entry.checksum, entry.version);
      const rebuilt = stored?.fields.block_schema_references;
      expect(rebuilt !== undefined && jsonEqual(rebuilt, recorded), `${entry.slug}: ${rebuilt === undefined ? 'missing' : stringifyJson(rebuilt)}`).toBe(true);
    }
    expect(parents).toBe(17);
  });

  it('reads every catalogue schema back by recorded checksum and version with fields equal to the input (40/40)', async () => {
    const { registry } = await temp.fresh();
    await register(registry);
    const mismatches: string[] = [];
    for (const entry of catalogue) {
      expect(blockSchemaChecksum(entry.fields)).toBe(entry.checksum);
      const stored = await readBlockSchemaByChecksum(registry.db, entry.checksum, entry.version);
      if (stored === null) {
        mismatches.push(`${entry.slug}: not found`);
        continue;
      }
      expect(stored.block_type.slug).toBe(entry.slug);
      expect(stored.version).toBe(entry.version);
      expect(stored.capabilities).toEqual(entry.capabilities);
      if (!jsonEqual(stored.fields, entry.fields)) mismatches.push(`${entry.slug}: fields differ`);
    }
    expect(mismatches).toEqual([]);
    expect(catalogue).toHaveLength(40);
  });
});

describe('reading the sources', () => {
  it('reads the system blocks file once per run for its two sources, and again on the next run', async () => {
    const { registry } = await temp.fresh();
    const reads: string[] = [];
    // Counting wrappers that keep the sharing: one wrapper per read function.
    const wrappers = new Map<() => Uint8Array, () => Uint8Array>();
    const sources = bundledSources(RESOURCES_DIR).map((source) => {
      let readContent = wrappers.get(source.readContent);
      if (readContent === undefined) {
        const read = source.readContent;
        readContent = () => {
          reads.push(source.name);
          return read();
        };
        wrappers.set(source.readContent, readContent);
      }
      return { ...source, readContent };
    });
    const first = await runBlockAutoRegistration(registry, sources);
    expect(first.sources.map((source) => [source.name, source.status])).toEqual([
      ['system', 'registered'],
      ['built-in', 'registered'],
      ['catalogue', 'registered'],
    ]);
    expect(first.totals.created).toBe(TOTAL_TYPES);
    expect(reads).toEqual(['system', 'catalogue']);
    await runBlockAutoRegistration(registry, sources, { force: true });
    expect(reads).toEqual(['system', 'catalogue', 'system', 'catalogue']);
  });
});

describe('running again', () => {
  it('skips every unchanged source and leaves the counts unchanged', async () => {
    const { registry } = await temp.fresh();
    await register(registry);
    const before = await snapshot(registry);
    const report = await register(registry);
    expect(report.sources.map((source) => source.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(report.totals).toEqual({ created: 0, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 0, schemas_existing: 0 });
    expect(await countRows(registry.db, 'block_type')).toBe(TOTAL_TYPES);
    expect(await countRows(registry.db, 'block_schema')).toBe(TOTAL_TYPES);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(23);
    expect(await snapshot(registry)).toEqual(before);
  });

  it('with force: registers every source again, creating nothing and keeping every id', async () => {
    const { registry } = await temp.fresh();
    await register(registry);
    const before = await snapshot(registry);
    const report = await register(registry, RESOURCES_DIR, true);
    expect(report.sources.map((source) => source.status)).toEqual(['registered', 'registered', 'registered']);
    expect(report.totals).toEqual({ created: 0, updated: 0, new_versions: 0, unchanged: TOTAL_TYPES, failed: 0, schemas_created: 0, schemas_existing: TOTAL_TYPES });
    const after = await snapshot(registry);
    expect(after.types.map((type) => [type.slug, type.id])).toEqual(before.types.map((type) => [type.slug, type.id]));
    expect(after.schemas.map((schema) => schema.id)).toEqual(before.schemas.map((schema) => schema.id));
    expect(after).toEqual(before);
  });

  it('keeps the same rows after closing and reopening the file', async () => {
    const { registry, path } = await temp.fresh();
    await register(registry);
    const before = await snapshot(registry);
    await registry.close();
    const reopened = await temp.open(path);
    expect(await snapshot(reopened)).toEqual(before);
    const report = await register(reopened);
    expect(report.sources.map((source) => source.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('re-registers a changed source: only the edited type is updated', async () => {
    const { registry } = await temp.fresh();
    await register(registry);
    const before = await readBlockTypeBySlug(registry.db, 'github-credentials');
    const resources = tempResources(
      editedCatalogue((root) => {
        catalogueBlockType(root, 'prefect-github', 'github-credentials').description = 'Edited description & <more>';
      }),
    );
    const report = await register(registry, resources);
    expect(report.sources.map((source) => source.status)).toEqual(['skipped', 'skipped', 'registered']);
    const source = report.sources[2];
    expect(source?.counts).toEqual({ created: 0, updated: 1, new_versions: 0, unchanged: 39, failed: 0, schemas_created: 0, schemas_existing: 40 });
    const updated = source?.block_types.filter((type) => type.outcome === 'updated');
    expect(updated?.map((type) => [type.slug, type.changed_fields])).toEqual([['github-credentials', ['description']]]);
    const after = await readBlockTypeBySlug(registry.db, 'github-credentials');
    expect(after?.description).toBe('Edited description & <more>');
    expect(after?.id).toBe(before?.id);
    expect(await countRows(registry.db, 'block_type')).toBe(TOTAL_TYPES);
    expect(await countRows(registry.db, 'block_schema')).toBe(TOTAL_TYPES);

    // The new content hash is stored: the same edited source is skipped next time.
    expect((await register(registry, resources)).sources.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('registers everything again on a reset (deleted) database', async () => {
    const { registry, path } = await temp.fresh();
    await register(registry);
    await registry.close();
    rmSync(path);
    const fresh = await temp.open(path);
    expect(await countRows(fresh.db, 'block_type')).toBe(0);
    const report = await register(fresh);
    expect(report.sources.map((source) => source.status)).toEqual(['registered', 'registered', 'registered']);
    expect(report.totals.created).toBe(TOTAL_TYPES);
    expect(await countRows(fresh.db, 'block_type')).toBe(TOTAL_TYPES);
    expect(await countRows(fresh.db, 'block_schema')).toBe(TOTAL_TYPES);
    expect(await countRows(fresh.db, 'block_schema_reference')).toBe(23);
  });
});

describe('failures during auto-registration', () => {
  it('reports a bad catalogue entry with its path and message, leaves nothing of it behind and registers the rest', async () => {
    const { registry } = await temp.fresh();
    const resources = tempResources(
      editedCatalogue((root) => {
        const fields = asObject(asObject(catalogueBlockType(root, 'prefect-kubernetes', 'kubernetes-credentials').block_schema).fields);
        asObject(asObject(fields.block_schema_references).cluster_config).block_type_slug = 'no-such-type';
      }),
    );
    const report = await register(registry, resources);
    const source = report.sources[2];
    expect(source?.name).toBe('catalogue');
    expect(source?.errors).toEqual([
      {
        file: CATALOGUE_FILE,
        path: 'collections.prefect-kubernetes.block_types.kubernetes-credentials.block_schema.fields.block_schema_references.cluster_config',
        message: "Cannot create block schema because block type 'no-such-type' was not found.Did you forget to register the block type?",
      },
    ]);
    expect(source?.counts.created).toBe(39);
    expect(source?.counts.failed).toBe(1);
    expect(source?.block_types.filter((type) => type.outcome === 'failed').map((type) => type.slug)).toEqual(['kubernetes-credentials']);
    expect(report.sources[0]?.status).toBe('registered');
    expect(report.sources[1]?.status).toBe('registered');

    // No half-registered type: the catalogue registers types before schemas, and the failed one is gone.
    expect(await readBlockTypeBySlug(registry.db, 'kubernetes-credentials')).toBeNull();
    expect(await readBlockTypeBySlug(registry.db, 'kubernetes-cluster-config')).not.toBeNull();
    expect(await countRows(registry.db, 'block_type')).toBe(TOTAL_TYPES - 1);
    expect(await countRows(registry.db, 'block_schema')).toBe(TOTAL_TYPES - 1);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(22);
    for (const entry of catalogue.filter((e) => e.slug !== 'kubernetes-credentials')) {
      expect((await readBlockSchemaByChecksum(registry.db, entry.checksum, entry.version))?.block_type.slug, entry.slug).toBe(entry.slug);
    }

    // A source with failures is not recorded as done: the next launch tries it again.
    const again = await register(registry, resources);
    expect(again.sources.map((s) => s.status)).toEqual(['skipped', 'skipped', 'registered']);
    expect(again.sources[2]?.counts).toEqual({ created: 0, updated: 0, new_versions: 0, unchanged: 39, failed: 1, schemas_created: 0, schemas_existing: 39 });
  });

  it('reports a source whose file is invalid JSON as failed and still registers the others', async () => {
    const { registry } = await temp.fresh();
    const resources = tempResources('{"collections": {"prefect-aws": ');
    const report = await register(registry, resources);
    expect(report.sources.map((source) => [source.name, source.status])).toEqual([
      ['system', 'registered'],
      ['built-in', 'registered'],
      ['catalogue', 'failed'],
    ]);
    const errors = report.sources[2]?.errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.file).toBe(CATALOGUE_FILE);
    expect(errors[0]?.message).toMatch(/^not JSON \(Invalid JSON at line 1, column \d+: /);
    expect(report.totals.created).toBe(SYSTEM_TYPE_COUNT);
    expect(await countRows(registry.db, 'block_type')).toBe(SYSTEM_TYPE_COUNT);
    expect((await registry.db.selectFrom('registration_source').select('name').orderBy('name').execute()).map((row) => row.name)).toEqual(['built-in', 'system']);

    // Once the file is fixed, only the catalogue registers.
    writeFileSync(join(resources, CATALOGUE_FILE), readCatalogueText());
    const fixed = await register(registry, resources);
    expect(fixed.sources.map((source) => source.status)).toEqual(['skipped', 'skipped', 'registered']);
    expect(fixed.totals.created).toBe(40);
    expect(await countRows(registry.db, 'block_type')).toBe(TOTAL_TYPES);
  });
});

describe('a missing source file', () => {
  it('reports the source as failed with the read error and registers the others', async () => {
    const { registry } = await temp.fresh();
    const resources = tempResources();
    rmSync(join(resources, CATALOGUE_FILE));
    const report = await register(registry, resources);
    expect(report.sources.map((source) => [source.name, source.status])).toEqual([
      ['system', 'registered'],
      ['built-in', 'registered'],
      ['catalogue', 'failed'],
    ]);
    const catalogueReport = report.sources[2];
    expect(catalogueReport?.content_hash).toBeNull();
    expect(catalogueReport?.errors).toHaveLength(1);
    expect(catalogueReport?.errors[0]?.file).toBe('catalogue');
    expect(catalogueReport?.errors[0]?.message).toContain('ENOENT');
    expect(await countRows(registry.db, 'block_type')).toBe(SYSTEM_TYPE_COUNT);
  });
});

describe('register_block_type', () => {
  it('creates a new type and returns the id then readable by slug', async () => {
    const { registry } = await temp.fresh();
    expect(await readBlockTypeBySlug(registry.db, 'secret')).toBeNull();
    const result = await registry.write((trx) => registerBlockType(trx, typeInput('Secret', 'secret', { description: 'A secret.' })));
    expect(result.outcome).toBe('created');
    expect(result.changedFields).toEqual([]);
    const read = await readBlockTypeBySlug(registry.db, 'secret');
    expect(read?.id).toBe(result.id);
    expect(read?.description).toBe('A secret.');
  });

  it('returns the same id for an existing slug and replaces the description', async () => {
    const { registry } = await temp.fresh();
    const first = await registry.write((trx) => registerBlockType(trx, typeInput('Secret', 'secret', { description: 'Old.' })));
    const second = await registry.write((trx) => registerBlockType(trx, typeInput('Secret', 'secret', { description: 'New & <improved>.' })));
    expect(second.id).toBe(first.id);
    expect(second.outcome).toBe('updated');
    expect(second.changedFields).toEqual(['description']);
    // What an import's preview shows: each change with its value before and after, and the type as it was.
    expect(second.changes).toEqual([{ field: 'description', before: 'Old.', after: 'New & <improved>.' }]);
    expect(second.before).toEqual({ name: 'Secret', is_protected: false });
    expect((await readBlockTypeBySlug(registry.db, 'secret'))?.description).toBe('New & <improved>.');
    expect(await countRows(registry.db, 'block_type')).toBe(1);

    const third = await registry.write((trx) => registerBlockType(trx, typeInput('Secret', 'secret', { description: 'New & <improved>.' })));
    expect(third).toEqual({ id: first.id, outcome: 'unchanged', changedFields: [], changes: [], before: { name: 'Secret', is_protected: false } });
  });

  it('overwrites the four updatable fields, nulls included, and never name, slug or is_protected', async () => {
    const { registry } = await temp.fresh();
    const installed = await registry.write((trx) =>
      installProtectedBlockType(trx, typeInput('Secret', 'secret', { logo_url: 'https://example.com/logo.png', documentation_url: 'https://example.com/docs', description: 'd', code_example: 'c' })),
    );
    expect(installed.outcome).toBe('created');
    const result = await registry.write((trx) =>
      registerBlockType(trx, typeInput('Renamed', 'secret', { logo_url: 'https://example.com/new.png', documentation_url: null, description: null, code_example: 'c2', is_protected: false })),
    );
    expect(result.id).toBe(installed.id);
    expect(result.outcome).toBe('updated');
    expect([...result.changedFields].sort()).toEqual(['code_example', 'description', 'documentation_url', 'logo_url']);
    const read = await readBlockTypeBySlug(registry.db, 'secret');
    expect(read).toMatchObject({
      id: installed.id,
      name: 'Secret',
      slug: 'secret',
      is_protected: true,
      logo_url: 'https://example.com/new.png',
      documentation_url: null,
      description: null,
      code_example: 'c2',
    });
  });

  it('installs a protected type as an upsert of every column, keeping its id', async () => {
    const { registry } = await temp.fresh();
    const plain = await registry.write((trx) => registerBlockType(trx, typeInput('Old Name', 'webhook', { description: 'old' })));
    const installed = await registry.write((trx) => installProtectedBlockType(trx, typeInput('Webhook', 'webhook', { description: 'new' })));
    expect(installed.id).toBe(plain.id);
    expect(installed.outcome).toBe('updated');
    expect([...installed.changedFields].sort()).toEqual(['description', 'is_protected', 'name']);
    expect(await readBlockTypeBySlug(registry.db, 'webhook')).toMatchObject({ id: plain.id, name: 'Webhook', description: 'new', is_protected: true });
  });
});

describe('register_block_schema', () => {
  async function withType(registry: Database): Promise<string> {
    return (await registry.write((trx) => registerBlockType(trx, typeInput('MyRegisteredBlock', 'myregisteredblock')))).id;
  }

  const input = (version: string, checksum: string | null = E5_CHECKSUM): BlockSchemaInput => ({ checksum, fields: E5, capabilities: [], version });

  it('creates a new schema whose id is the row found by (client checksum, client version)', async () => {
    const { registry } = await temp.fresh();
    const typeId = await withType(registry);
    expect(blockSchemaChecksum(E5)).toBe(E5_CHECKSUM);
    const result = await registry.write((trx) => registerBlockSchema(trx, typeId, input('3.8.4')));
    expect(result.created).toBe(true);
    expect(result.schemasCreated).toBe(1);
    const read = await readBlockSchemaByChecksum(registry.db, E5_CHECKSUM, '3.8.4');
    expect(read?.id).toBe(result.id);
    expect(read?.block_type_id).toBe(typeId);
    expect(jsonEqual(read?.fields ?? {}, E5)).toBe(true);
  });

  it('returns the same id when the same schema is registered twice', async () => {
    const { registry } = await temp.fresh();
    const typeId = await withType(registry);
    const first = await registry.write((trx) => registerBlockSchema(trx, typeId, input('3.8.4')));
    const second = await registry.write((trx) => registerBlockSchema(trx, typeId, input('3.8.4')));
    expect(second).toEqual({ id: first.id, checksum: first.checksum, computedChecksum: first.checksum, created: false, schemasCreated: 0, createdIds: [] });
    expect(first).toMatchObject({ created: true, schemasCreated: 1, createdIds: [first.id] });
    expect(await countRows(registry.db, 'block_schema')).toBe(1);
  });

  it('creates a new row for a new version with the same checksum', async () => {
    const { registry } = await temp.fresh();
    const typeId = await withType(registry);
    const first = await registry.write((trx) => registerBlockSchema(trx, typeId, input('3.8.4')));
    const second = await registry.write((trx) => registerBlockSchema(trx, typeId, input('3.8.5')));
    expect(second.created).toBe(true);
    expect(second.id).not.toBe(first.id);
    const rows = await registry.db.selectFrom('block_schema').select(['checksum', 'version']).orderBy('version').execute();
    expect(rows).toEqual([
      { checksum: E5_CHECKSUM, version: '3.8.4' },
      { checksum: E5_CHECKSUM, version: '3.8.5' },
    ]);
    expect((await readBlockSchemaByChecksum(registry.db, E5_CHECKSUM))?.id).toBe(second.id);
  });

  it('stores the server checksum when the recorded one is wrong, and stays idempotent', async () => {
    const { registry } = await temp.fresh();
    const typeId = await withType(registry);
    const wrong = `sha256:${'a'.repeat(64)}`;
    const first = await registry.write((trx) => registerBlockSchema(trx, typeId, input('1.0.0', wrong)));
    const second = await registry.write((trx) => registerBlockSchema(trx, typeId, input('1.0.0', wrong)));
    expect(second.id).toBe(first.id);
    expect(second.created).toBe(false);
    expect(await readBlockSchemaByChecksum(registry.db, wrong)).toBeNull();
    expect((await readBlockSchemaByChecksum(registry.db, E5_CHECKSUM, '1.0.0'))?.id).toBe(first.id);
    expect(await countRows(registry.db, 'block_schema')).toBe(1);
  });

  it('keeps float and big-integer lexemes of the fields exactly', async () => {
    const { registry } = await temp.fresh();
    const typeId = await withType(registry);
    const fields = json('{"title": "N", "properties": {"ratio": {"default": 1.0}, "big": {"default": 12345678901234567890}, "tiny": {"default": 1e-05}}}');
    const result = await registry.write((trx) => registerBlockSchema(trx, typeId, { checksum: null, fields, capabilities: [], version: '1' }));
    const raw = await registry.db.selectFrom('block_schema').select('fields').where('id', '=', result.id).executeTakeFirstOrThrow();
    expect(raw.fields).toContain('"ratio":{"default":1.0}');
    expect(raw.fields).toContain('"big":{"default":12345678901234567890}');
    expect(raw.fields).toContain('"tiny":{"default":1e-05}');
    const read = await readBlockSchemaByChecksum(registry.db, blockSchemaChecksum(fields), '1');
    expect(read === null ? '' : stringifyJson(read.fields)).toBe(stringifyJson(parseJson(`${raw.fields.slice(0, -1)},"block_schema_references":{}}`)));
  });
});
