// Export in Prefect's catalogue format (`exportCatalogue`), its round trip through import into a
// new database, and the IPC calls exportBlockTypes and openAutoRegisterFolder.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/db/database';
import { exportCatalogue } from '../../src/main/operations/export';
import { parseBlockFiles } from '../helpers/block-files';
import { importEntries } from '../../src/main/operations/import';
import { textFile, useTempFolder, previewImport } from '../helpers/registry';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { readBlockSchemas } from '../../src/main/registry/block-schemas';
import { readBlockTypes } from '../../src/main/registry/block-types';
import { readCatalogue } from '../../src/main/registry/catalogue';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import type { CatalogueEntry, ExportOutcome, Overview } from '../../src/shared/contract';
import { parseBlockDefinitions } from '../../src/shared/formats';
import { isJsonObject, jsonEqual, parseJson, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { asObject, asString, blockEntry, catalogueReferences, clone, countRows, fieldsFor, json, loadCatalogue, registryError, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();

const BUILT_IN_SLUGS = [
  'custom-webhook',
  'discord-webhook',
  'local-file-system',
  'mattermost-webhook',
  'ms-teams-webhook',
  'opsgenie-webhook',
  'pager-duty-webhook',
  'remote-file-system',
  'secret',
  'sendgrid-email',
  'slack-webhook',
  'smb',
  'twilio-sms',
  'webhook',
];

/** Imports JSON documents (as files) into a registry, all or nothing. */
async function importJson(registry: Database, ...documents: Array<[string, JsonValue]>): Promise<void> {
  const report = await importEntries(registry, await parseBlockFiles(documents.map(([name, value]) => textFile(name, stringifyJson(value, 2)))));
  expect(report.totals.failed).toBe(0);
}

interface ExportedType {
  collection: string;
  slug: string;
  value: JsonObject;
}

function exportedTypes(text: string): ExportedType[] {
  const root = json(text);
  const types: ExportedType[] = [];
  for (const [collection, body] of Object.entries(asObject(root.collections))) {
    for (const [slug, value] of Object.entries(asObject(asObject(body).block_types))) types.push({ collection, slug, value: asObject(value) });
  }
  return types;
}

function list(value: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(value)) throw new Error('expected a list');
  return value;
}

/** Every slug reachable from `slugs` through the catalogue's nested references. */
function closure(slugs: string[]): string[] {
  const references = catalogueReferences(loadCatalogue());
  const found = new Set<string>();
  const visit = (slug: string): void => {
    if (found.has(slug)) return;
    found.add(slug);
    for (const reference of references) if (reference.parent === slug) visit(reference.slug);
  };
  slugs.forEach(visit);
  return [...found].sort();
}

// ---------------------------------------------------------------------------

describe('exportCatalogue after launch', () => {
  const folder = useTempFolder('export');
  let launched: LaunchedRegistry;

  beforeAll(async () => {
    launched = await launchRegistry(folder);
  });
  afterAll(async () => {
    await launched.registry.close();
  });

  it('exports all 54 types grouped by collection, prefect for the built-in ones', async () => {
    const exported = await exportCatalogue(launched.registry.db);
    expect(exported.block_types).toBe(54);
    expect(exported.block_schemas).toBe(54);
    expect((JSON.parse(exported.text) as { block_registry_export: unknown }).block_registry_export).toEqual({ format_version: 2, block_types: 54, block_schemas: 54 });
    const types = exportedTypes(exported.text);
    expect(types).toHaveLength(54);
    expect(
      types
        .filter((type) => type.collection === 'prefect')
        .map((type) => type.slug)
        .sort(),
    ).toEqual(BUILT_IN_SLUGS);
    const expected = loadCatalogue();
    const byCollection = (items: Array<{ collection: string; slug: string }>) => items.map((item) => `${item.collection}/${item.slug}`).sort();
    expect(byCollection(types.filter((type) => type.collection !== 'prefect'))).toEqual(byCollection(expected));
    // Collections without block types (prefect-dask, prefect-ray) do not appear.
    expect(Object.keys(asObject(json(exported.text).collections)).sort()).toEqual([
      'prefect',
      'prefect-aws',
      'prefect-azure',
      'prefect-bitbucket',
      'prefect-databricks',
      'prefect-dbt',
      'prefect-docker',
      'prefect-email',
      'prefect-gcp',
      'prefect-github',
      'prefect-gitlab',
      'prefect-kubernetes',
      'prefect-shell',
      'prefect-slack',
      'prefect-snowflake',
      'prefect-sqlalchemy',
    ]);
  });

  it("is valid input for Prefect's catalogue reader: collections → block_types → slug → entry with block_schema", async () => {
    const exported = await exportCatalogue(launched.registry.db);
    expect(exported.text.endsWith('}\n')).toBe(true);
    expect(exported.text.startsWith('{\n  "block_registry_export": {\n')).toBe(true);
    for (const { slug, value } of exportedTypes(exported.text)) {
      expect(value.slug, slug).toBe(slug);
      expect(typeof value.name).toBe('string');
      for (const key of ['logo_url', 'documentation_url', 'description', 'code_example']) {
        expect(value[key] === null || typeof value[key] === 'string', `${slug}.${key}`).toBe(true);
      }
      expect(typeof value.is_protected).toBe('boolean');
      const schema = asObject(value.block_schema);
      expect(Object.keys(schema).sort()).toEqual(['capabilities', 'checksum', 'fields', 'version']);
      expect(asString(schema.checksum)).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(isJsonObject(schema.fields)).toBe(true);
      expect(asObject(schema.fields).block_type_slug, slug).toBe(slug);
      expect(list(schema.capabilities).every((capability) => typeof capability === 'string')).toBe(true);
      expect(typeof schema.version).toBe('string');
      // What Prefect would compute from the exported fields is the recorded checksum.
      expect(blockSchemaChecksum(asObject(schema.fields)), slug).toBe(schema.checksum);
      // block_schema is the newest; each schema is written once (no older version here).
      expect(list(value.block_schema_history)).toEqual([]);
    }
    // And this app reads it back as a catalogue.
    expect(parseBlockDefinitions('export.json', exported.text).format).toBe('catalogue');
  });

  it('exports exactly what the catalogue holds for a catalogue type', async () => {
    const exported = await exportCatalogue(launched.registry.db, { slugs: ['s3-bucket'] });
    const s3 = exportedTypes(exported.text).find((type) => type.slug === 's3-bucket');
    const original = loadCatalogue().find((e) => e.slug === 's3-bucket');
    if (s3 === undefined || original === undefined) throw new Error('s3-bucket missing');
    expect(s3.collection).toBe('prefect-aws');
    const { block_schema: exportedSchema, block_schema_history: history, is_protected: isProtected, ...metadata } = s3.value;
    const { block_schema: originalSchema, ...originalMetadata } = original.blockType;
    expect(metadata).toEqual(originalMetadata);
    expect(isProtected).toBe(false);
    expect(history).toEqual([]);
    expect(jsonEqual(asObject(exportedSchema), asObject(originalSchema))).toBe(true);
  });

  it('exporting kubernetes-credentials also exports the kubernetes-cluster-config it nests', async () => {
    const exported = await exportCatalogue(launched.registry.db, { slugs: ['kubernetes-credentials'] });
    expect(exported.block_types).toBe(2);
    expect(exported.block_schemas).toBe(2);
    expect(exportedTypes(exported.text).map((type) => `${type.collection}/${type.slug}`)).toEqual(['prefect-kubernetes/kubernetes-cluster-config', 'prefect-kubernetes/kubernetes-credentials']);
  });

  it('nested dependencies are followed transitively (dbt-core-operation)', async () => {
    const exported = await exportCatalogue(launched.registry.db, { slugs: ['dbt-core-operation'] });
    const slugs = exportedTypes(exported.text)
      .map((type) => type.slug)
      .sort();
    expect(slugs).toEqual(closure(['dbt-core-operation']));
    expect(slugs).toEqual([
      'database-credentials',
      'dbt-cli-bigquery-target-configs',
      'dbt-cli-global-configs',
      'dbt-cli-postgres-target-configs',
      'dbt-cli-profile',
      'dbt-cli-snowflake-target-configs',
      'dbt-cli-target-configs',
      'dbt-core-operation',
      'gcp-credentials',
      'snowflake-connector',
      'snowflake-credentials',
      'sqlalchemy-connector',
    ]);
    expect(exported.block_types).toBe(12);
  });

  it('an empty slug list exports everything; a repeated slug once', async () => {
    expect((await exportCatalogue(launched.registry.db, { slugs: [] })).block_types).toBe(54);
    expect((await exportCatalogue(launched.registry.db, { slugs: ['secret', 'secret'] })).block_types).toBe(1);
  });

  it("an unknown slug is 'not_found', naming every unknown slug", async () => {
    const one = await registryError(() => exportCatalogue(launched.registry.db, { slugs: ['nope'] }), 'not_found');
    expect(one.message).toBe("No block type with slug 'nope'.");
    const two = await registryError(() => exportCatalogue(launched.registry.db, { slugs: ['s3-bucket', 'nope', 'nada'] }), 'not_found');
    expect(two.message).toBe("No block type with slug 'nope', 'nada'.");
  });
});

// ---------------------------------------------------------------------------

describe('round trip: export, then import into a new empty database', () => {
  async function snapshot(registry: Database) {
    const db = registry.db;
    const types = await readBlockTypes(db);
    const schemas = await readBlockSchemas(db);
    const catalogue = await readCatalogue(db);
    return {
      slugs: types.map((type) => type.slug).sort(),
      metadata: Object.fromEntries(
        types.map((type) => [type.slug, { name: type.name, logo_url: type.logo_url, documentation_url: type.documentation_url, description: type.description, code_example: type.code_example }]),
      ),
      schemaRows: schemas.map((schema) => `${schema.block_type.slug} ${schema.checksum} ${schema.version} ${schema.capabilities.join(',')}`).sort(),
      schemas,
      catalogue: Object.fromEntries(
        catalogue.map((item) => [item.block_type.slug, { collection: item.collection, schema_count: item.schema_count, latest_version: item.latest_version, capabilities: item.capabilities }]),
      ),
      references: await countRows(db, 'block_schema_reference'),
    };
  }

  it('keeps every type, every schema version, their fields and their collections', async () => {
    const sourceDir = temp.dir();
    const source = await launchRegistry(sourceDir);
    const target = (await temp.fresh()).registry;
    try {
      const github = loadCatalogue().find((e) => e.slug === 'github-credentials');
      if (github === undefined) throw new Error('github-credentials missing');
      // A second version with the same fields, then a third with changed fields.
      const same = clone(github.blockType);
      asObject(same.block_schema).version = '9.9.9';
      await importJson(source.registry, ['same.json', { collections: { 'prefect-github': { block_types: { 'github-credentials': same } } } }]);
      const changedFields = clone(github.fields);
      asObject(changedFields.properties).extra = json('{"title": "Extra", "type": "integer", "default": 12345678901234567890}');
      const changed = { ...clone(github.blockType), block_schema: { checksum: blockSchemaChecksum(changedFields), fields: changedFields, capabilities: ['read-path'], version: '10.0.0' } };
      await importJson(source.registry, ['changed.json', { collections: { 'prefect-github': { block_types: { 'github-credentials': changed } } } }]);
      // A nesting parent whose child exists only in its definitions (stored as a non-versioned child).
      const childFields = clone(github.fields);
      childFields.description = 'A child only the parent defines.';
      const parentFields = fieldsFor('UsesGitHub', 'uses-github', {
        block_schema_references: { creds: { block_type_slug: 'github-credentials', block_schema_checksum: blockSchemaChecksum(childFields) } },
        definitions: { [String(childFields.title)]: childFields },
      });
      asObject(parentFields.properties).creds = json(`{"$ref": "#/definitions/${String(childFields.title)}"}`);
      // Numbers and text that must survive exactly; a type without any schema.
      const numbers = fieldsFor('Numbers', 'numbers-block', { examples: parseJson('[1.0, 1e-05, -0.0, 12345678901234567890, "Über 👍"]') });
      await importJson(
        source.registry,
        [
          'mine.json',
          {
            collections: {
              'my-collection': {
                block_types: {
                  'uses-github': blockEntry('Uses GitHub', 'uses-github', { fields: parentFields }),
                  'numbers-block': blockEntry('Numbers Block', 'numbers-block', { fields: numbers, version: '0.1.0', capabilities: ['b', 'a'] }),
                },
              },
            },
          },
        ],
        ['inspect.json', { block_type: { name: 'No Schema Yet', slug: 'no-schema-yet', description: 'Registered without a schema.' }, schema: null }],
      );

      const before = await snapshot(source.registry);
      expect(before.slugs).toHaveLength(57);
      expect(before.catalogue['github-credentials']).toEqual({ collection: 'prefect-github', schema_count: 4, latest_version: 'non-versioned', capabilities: ['read-path'] });
      expect(before.catalogue['no-schema-yet']).toEqual({ collection: 'imported', schema_count: 0, latest_version: null, capabilities: [] });
      expect(before.schemaRows.filter((row) => row.startsWith('github-credentials '))).toHaveLength(4);

      const exported = await exportCatalogue(source.registry.db);
      expect(exported.block_types).toBe(57);
      expect(exported.block_schemas).toBe(before.schemas.length);
      const github2 = exportedTypes(exported.text).find((type) => type.slug === 'github-credentials');
      const versions = list(github2?.value.block_schema_history).map((version) => asObject(version).version);
      // Oldest first; block_schema is the newest.
      expect(versions).toEqual([github.version, '9.9.9', '10.0.0']);
      expect(asObject(github2?.value.block_schema).version).toBe('non-versioned');

      await importEntries(target, await parseBlockFiles([textFile('export.json', exported.text)]));
      const after = await snapshot(target);

      expect(after.slugs).toEqual(before.slugs);
      expect(after.metadata).toEqual(before.metadata);
      expect(after.schemaRows).toEqual(before.schemaRows);
      expect(after.catalogue).toEqual(before.catalogue);
      expect(after.references).toBe(before.references);
      for (const schema of before.schemas) {
        const twin = after.schemas.find((candidate) => candidate.block_type.slug === schema.block_type.slug && candidate.checksum === schema.checksum && candidate.version === schema.version);
        expect(twin !== undefined && jsonEqual(twin.fields, schema.fields), `${schema.block_type.slug} ${schema.version}`).toBe(true);
      }
      // And exporting the copy gives the same text again.
      expect((await exportCatalogue(target.db)).text).toBe(exported.text);
    } finally {
      await source.registry.close();
    }
  });

  it('the built-in types arrive in collection prefect, the protected ones protected (as Prefect creates a catalogue entry)', async () => {
    const source = await launchRegistry(temp.dir());
    const target = (await temp.fresh()).registry;
    try {
      const exported = await exportCatalogue(source.registry.db, { slugs: ['secret', 'slack-webhook'] });
      await importEntries(target, await parseBlockFiles([textFile('secret.json', exported.text)]));
      const [secret] = await readCatalogue(target.db, 'secret');
      expect(secret?.collection).toBe('prefect');
      expect(secret?.block_type.name).toBe('Secret');
      expect(secret?.block_type.is_protected).toBe(true);
      expect((await readCatalogue(target.db, 'slack-webhook'))[0]?.block_type.is_protected).toBe(false);
      expect(exportedTypes(exported.text).map((type) => [type.slug, type.value.is_protected])).toEqual([
        ['secret', true],
        ['slack-webhook', false],
      ]);
    } finally {
      await source.registry.close();
    }
  });

  it('a catalogue entry that says is_protected creates its type protected; an update never changes protection', async () => {
    const target = (await temp.fresh()).registry;
    const entry = { ...blockEntry('Guarded', 'guarded', { fields: fieldsFor('Guarded', 'guarded') }), is_protected: true };
    await importJson(target, ['guarded.json', { collections: { mine: { block_types: { guarded: entry } } } }]);
    expect((await readCatalogue(target.db, 'guarded'))[0]?.block_type.is_protected).toBe(true);
    const open = { ...blockEntry('Open', 'open-type', { fields: fieldsFor('Open', 'open-type') }) };
    await importJson(target, ['open.json', { collections: { mine: { block_types: { 'open-type': open } } } }]);
    await importJson(target, ['open2.json', { collections: { mine: { block_types: { 'open-type': { ...open, is_protected: true, description: 'changed' } } } } }]);
    const [updated] = await readCatalogue(target.db, 'open-type');
    expect(updated?.block_type.description).toBe('changed');
    expect(updated?.block_type.is_protected).toBe(false);
    // Outside Prefect's catalogue format (a plain entry, a REST schema) the flag never counts.
    await importJson(target, ['plain.json', { ...blockEntry('Plain', 'plain-type', { fields: fieldsFor('Plain', 'plain-type') }), is_protected: true }]);
    expect((await readCatalogue(target.db, 'plain-type'))[0]?.block_type.is_protected).toBe(false);
  });

  // A collection named like an Object.prototype member (`constructor`, `toString`, `__proto__`)
  // is an ordinary collection: it is exported under its own name, and nothing is polluted.
  it.each([['constructor'], ['toString'], ['__proto__']])('a type imported from a collection named %s can be exported', async (collection) => {
    const { registry } = await temp.fresh();
    const text = `{"collections": {"${collection}": {"block_types": {"odd-collection": ${stringifyJson(blockEntry('Odd Collection', 'odd-collection'))}}}}}`;
    await importEntries(registry, await parseBlockFiles([textFile('odd.json', text)]));
    expect((await readCatalogue(registry.db, 'odd-collection'))[0]?.collection).toBe(collection);
    const exported = await exportCatalogue(registry.db);
    const collections = asObject(json(exported.text).collections);
    expect(Object.keys(collections)).toEqual([collection]);
    expect(Object.keys(asObject(asObject(collections[collection]).block_types))).toEqual(['odd-collection']);
    expect(({} as Record<string, unknown>).block_types).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------

describe('exportBlockTypes and openAutoRegisterFolder over IPC', () => {
  const folder = useTempFolder('export-ipc');
  let launched: LaunchedRegistry;
  let ipc: RecordingHandlers;
  /** The save dialog's answer: null = cancelled, else a path. */
  let answer: string | null = null;

  beforeAll(async () => {
    launched = await launchRegistry(join(folder, 'user-data'));
    ipc = recordingHandlers(launched, { chooseExportPath: () => answer });
  });
  afterAll(async () => {
    await launched.registry.close();
  });

  it('writes the export where the save dialog says and returns the counts', async () => {
    answer = join(folder, 'everything.json');
    ipc.suggested.length = 0;
    const outcome = await ipc.call<ExportOutcome>('exportBlockTypes', { slugs: [] });
    expect(outcome).toEqual({ path: answer, block_types: 54, block_schemas: 54, nested_block_types: [] });
    expect(ipc.suggested).toEqual(['block-registry-export.json']);
    expect(readFileSync(answer, 'utf8')).toBe((await exportCatalogue(launched.registry.db)).text);
  });

  it('one slug: suggests <slug>.json and writes it with its nested types', async () => {
    answer = join(folder, 'k8s.json');
    ipc.suggested.length = 0;
    const outcome = await ipc.call<ExportOutcome>('exportBlockTypes', { slugs: ['kubernetes-credentials'] });
    expect(outcome).toEqual({ path: answer, block_types: 2, block_schemas: 2, nested_block_types: [{ slug: 'kubernetes-cluster-config', name: 'Kubernetes Cluster Config' }] });
    expect(ipc.suggested).toEqual(['kubernetes-credentials.json']);
    expect(exportedTypes(readFileSync(answer, 'utf8')).map((type) => type.slug)).toEqual(['kubernetes-cluster-config', 'kubernetes-credentials']);
  });

  it('several slugs: suggests the generic name', async () => {
    answer = join(folder, 'two.json');
    ipc.suggested.length = 0;
    expect(await ipc.call<ExportOutcome>('exportBlockTypes', { slugs: ['secret', 'webhook'] })).toEqual({ path: answer, block_types: 2, block_schemas: 2, nested_block_types: [] });
    expect(ipc.suggested).toEqual(['block-registry-export.json']);
  });

  it('a cancelled dialog (null) writes nothing and still returns the counts', async () => {
    answer = null;
    const before = readdirSync(folder).sort();
    const dbBefore = readFileSync(launched.registry.path);
    expect(await ipc.call<ExportOutcome>('exportBlockTypes', { slugs: ['s3-bucket'] })).toEqual({
      path: null,
      block_types: 3,
      block_schemas: 3,
      nested_block_types: [
        { slug: 'aws-credentials', name: 'AWS Credentials' },
        { slug: 'minio-credentials', name: 'MinIO Credentials' },
      ],
    });
    expect(readdirSync(folder).sort()).toEqual(before);
    expect(readFileSync(launched.registry.path).equals(dbBefore)).toBe(true);
  });

  it("an unknown slug is 'not_found' and the dialog is never shown", async () => {
    answer = join(folder, 'never.json');
    ipc.suggested.length = 0;
    expect(await ipc.callError('exportBlockTypes', { slugs: ['nope'] })).toEqual({ code: 'not_found', message: "No block type with slug 'nope'.", issues: [] });
    expect(ipc.suggested).toEqual([]);
    expect(existsSync(answer)).toBe(false);
  });

  it("a path that cannot be written is 'save_failed'", async () => {
    answer = join(folder, 'no-such-folder', 'export.json');
    const error = await ipc.callError('exportBlockTypes', { slugs: ['secret'] });
    expect(error.code).toBe('save_failed');
    expect(error.message.startsWith(`Could not write ${answer}: `)).toBe(true);
    expect(existsSync(join(folder, 'no-such-folder'))).toBe(false);
  });

  it.each([[undefined], [{}], [{ slugs: 'secret' }], [{ slugs: [''] }], [{ slugs: [7] }], [{ slugs: [], extra: true }]])('bad arguments %j: invalid_input', async (args) => {
    const error = await ipc.callError('exportBlockTypes', args);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Invalid arguments for exportBlockTypes.');
  });

  it('openAutoRegisterFolder creates the folder beside the database and opens it', async () => {
    const expected = join(folder, 'user-data', 'auto-register');
    expect(existsSync(expected)).toBe(false);
    expect(await ipc.call<{ path: string }>('openAutoRegisterFolder')).toEqual({ path: expected });
    expect(statSync(expected).isDirectory()).toBe(true);
    expect(ipc.openedPaths).toEqual([expected]);
    // Again: the folder exists already, it is simply opened.
    expect(await ipc.call<{ path: string }>('openAutoRegisterFolder')).toEqual({ path: expected });
    expect(ipc.openedPaths).toEqual([expected, expected]);
    expect((await ipc.call<Overview>('getOverview')).auto_register_folder).toBe(expected);
    expect((await ipc.callError('openAutoRegisterFolder', { path: '/etc' })).code).toBe('invalid_input');
    expect(ipc.openedPaths).toHaveLength(2);
  });

  it('listBlockTypes is unaffected by exporting', async () => {
    expect((await ipc.call<CatalogueEntry[]>('listBlockTypes')).length).toBe(54);
  });
});

// ---------------------------------------------------------------------------

describe('a schema accepted here always comes back from its own export', () => {
  /** Fields `fieldsDepth` levels deep (an even number), as the JSON reader counts them: a property `deep` of nested objects. */
  function deepFields(title: string, slug: string, fieldsDepth: number): JsonObject {
    // The fields 1, properties 2, deep 3, its "type" 4; each nesting adds two (properties, x).
    let deep: JsonObject = json('{"type": "object"}');
    for (let level = 4; level < fieldsDepth; level += 2) deep = { type: 'object', properties: { x: deep } };
    const fields = fieldsFor(title, slug);
    asObject(fields.properties).deep = deep;
    return fields;
  }

  it('a child at the depth limit, linked by a parent that does not carry its definition', async () => {
    const source = (await temp.fresh()).registry;
    const child = deepFields('Deep', 'deep', 504);
    const parent = fieldsFor('Holder', 'holder', { block_schema_references: { deep: { block_type_slug: 'deep', block_schema_checksum: blockSchemaChecksum(child) } } });
    asObject(parent.properties).deep = json('{"$ref": "#/definitions/Deep"}');
    const childImport = await previewImport(source, [textFile('child.json', stringifyJson(blockEntry('Deep', 'deep', { fields: child })))]);
    expect(childImport.preview.errors).toEqual([]);
    await importJson(source, ['child.json', blockEntry('Deep', 'deep', { fields: child })]);
    await importJson(source, ['parent.json', blockEntry('Holder', 'holder', { fields: parent })]);
    // Read back, the parent carries the child's definition two levels down: past the limit.
    const exported = await exportCatalogue(source.db);
    const target = (await temp.fresh()).registry;
    await importJson(target, ['export.json', parseJson(exported.text)]);
    expect((await readBlockSchemas(target.db)).map((schema) => schema.checksum).sort()).toEqual((await readBlockSchemas(source.db)).map((schema) => schema.checksum).sort());
  });

  it('writes each schema once: a schema of more than half the file limit exports and reads back', async () => {
    const source = (await temp.fresh()).registry;
    // 1 MB of description stands for a schema of any size: written once, not twice.
    const big = fieldsFor('Big', 'big', { description: 'x'.repeat(1024 * 1024) });
    await importJson(source, ['big.json', blockEntry('Big', 'big', { fields: big })]);
    const exported = await exportCatalogue(source.db, { slugs: ['big'] });
    expect(exported.text.length).toBeLessThan(1.1 * 1024 * 1024);
    expect(exported.text.split('x'.repeat(1024 * 1024)).length - 1).toBe(1);
  });

  it('a nesting too deep is refused with a path short enough to read: its start, its end and its depth', async () => {
    const { registry } = await temp.fresh();
    const text = `{"collections": {"c": {"block_types": {"deep": ${'['.repeat(600)}${']'.repeat(600)}}}}}`;
    const { preview } = await previewImport(registry, [textFile('deep.json', text)]);
    expect(preview.errors).toHaveLength(1);
    const [error] = preview.errors;
    expect(error?.message).toMatch(/Nesting deeper than 512 levels/);
    expect(error?.path?.length ?? 0).toBeLessThan(200);
    expect(error?.path).toMatch(/^collections\.c\.block_types\.deep\[0\]\[0\].*…\[0\]\[0\]\[0\]\[0\] \(51\d levels\)$/);
  });
});
