// Port of Prefect's tests/server/models/test_block_schemas.py on a real registry file.
// Nested client schemas are built by hand the way pydantic + Prefect's client produce them
// (pydantic's `Block.model_json_schema`): flat `definitions`, each block definition with its own block_type_slug,
// secret_fields and block_schema_references, and references carrying the child's own checksum.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { RegistryDatabase, RegistryDb } from '../../src/main/db/database';
import { createBlockSchema, deleteBlockSchema, readAvailableBlockCapabilities, readBlockSchema, readBlockSchemaByChecksum, readBlockSchemas } from '../../src/main/registry/block-schemas';
import { createBlockType } from '../../src/main/registry/block-types';
import { NON_VERSIONED, type BlockSchema, type BlockType } from '../../src/shared/blocks';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { compactJson, isJsonObject, jsonEqual, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';
import { asObject, clientChildChecksum, countRows, json, registryError, typeInput, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();

const EMPTY_OBJECT_CHECKSUM = 'sha256:f8e6e96abbc38504d4e9c99fc57281fa0026bede1fa42db79f22f984501710f4';

// ---------------------------------------------------------------------------
// Client-side schema builders

interface BlockSpec {
  title: string;
  slug: string;
  /** JSON text of `properties`. */
  properties: string;
  required?: string[];
  /** Property name -> the definition keys of the block(s) nested under it. */
  references?: Record<string, string[]>;
  /** The flat definitions map pydantic emits (blocks and plain models). */
  definitions?: JsonObject;
}

/** A block class's `model_json_schema()` as Prefect's client sends it. */
function clientBlock(spec: BlockSpec): JsonObject {
  const definitions = spec.definitions ?? {};
  const references: JsonObject = {};
  for (const [name, keys] of Object.entries(spec.references ?? {})) {
    const entries = keys.map((key): JsonObject => {
      const definition = asObject(definitions[key]);
      return { block_type_slug: definition.block_type_slug ?? null, block_schema_checksum: clientChildChecksum(definition, definitions) };
    });
    references[name] = entries.length === 1 ? (entries[0] as JsonObject) : entries;
  }
  const fields: JsonObject = { title: spec.title, type: 'object', properties: json(spec.properties) };
  if (spec.required !== undefined) fields.required = spec.required;
  fields.block_type_slug = spec.slug;
  fields.secret_fields = [];
  fields.block_schema_references = references;
  if (Object.keys(definitions).length > 0) fields.definitions = definitions;
  return fields;
}

/** A block as it appears inside a parent's `definitions`: without its own `definitions`. */
function asDefinition(block: JsonObject): JsonObject {
  const copy: JsonObject = { ...block };
  delete copy.definitions;
  return copy;
}

/** The flat definitions map of a parent nesting these blocks: each by title, plus their own definitions. */
function flatDefinitions(...blocks: JsonObject[]): JsonObject {
  let out: JsonObject = {};
  for (const block of blocks) {
    out = { ...out, [String(block.title)]: asDefinition(block), ...(isJsonObject(block.definitions) ? block.definitions : {}) };
  }
  return out;
}

function referenceOf(fields: JsonObject, name: string): JsonValue | undefined {
  return asObject(fields.block_schema_references)[name];
}

function expectJsonEqual(actual: JsonValue | undefined, expected: JsonValue): void {
  if (actual === undefined || !jsonEqual(actual, expected)) {
    // Show both sides on failure.
    expect(actual === undefined ? 'undefined' : stringifyJson(actual, 2)).toBe(stringifyJson(expected, 2));
  }
}

// Fixture blocks, as in Prefect's tests.
const A = clientBlock({
  title: 'A',
  slug: 'a',
  properties: '{"d": {"title": "D", "type": "string", "position": 0}, "e": {"title": "E", "type": "string", "position": 1}}',
  required: ['d', 'e'],
});
const Y = clientBlock({
  title: 'Y',
  slug: 'y',
  properties: '{"a": {"title": "A", "type": "string", "position": 0}, "b": {"title": "B", "type": "string", "position": 1}}',
  required: ['a', 'b'],
});
const Z = clientBlock({
  title: 'Z',
  slug: 'z',
  properties: '{"a": {"$ref": "#/definitions/A", "position": 0}, "c": {"title": "C", "type": "integer", "position": 1}}',
  required: ['a', 'c'],
  references: { a: ['A'] },
  definitions: flatDefinitions(A),
});
/** X nests Y only. */
const X_Y = clientBlock({
  title: 'X',
  slug: 'x',
  properties: '{"y": {"$ref": "#/definitions/Y", "position": 0}, "z": {"title": "Z", "type": "string", "position": 1}}',
  required: ['y', 'z'],
  references: { y: ['Y'] },
  definitions: flatDefinitions(Y),
});
/** X nests Y and Z, Z nests A. */
const X_YZ = clientBlock({
  title: 'X',
  slug: 'x',
  properties: '{"y": {"$ref": "#/definitions/Y", "position": 0}, "z": {"$ref": "#/definitions/Z", "position": 1}}',
  required: ['y', 'z'],
  references: { y: ['Y'], z: ['Z'] },
  definitions: flatDefinitions(Y, Z),
});

interface Types {
  [slug: string]: BlockType;
}

async function createTypes(registry: RegistryDatabase, slugs: string[], protectedSlugs: string[] = []): Promise<Types> {
  return registry.write(async (trx) => {
    const types: Types = {};
    for (const slug of slugs) types[slug] = await createBlockType(trx, typeInput(slug.toUpperCase(), slug, { is_protected: protectedSlugs.includes(slug) }));
    return types;
  });
}

function typeId(types: Types, slug: string): string {
  const type = types[slug];
  if (type === undefined) throw new Error(`no type ${slug}`);
  return type.id;
}

async function create(db: RegistryDb, types: Types, slug: string, fields: JsonObject, options: { capabilities?: string[]; version?: string } = {}) {
  return createBlockSchema(db, {
    fields,
    block_type_id: typeId(types, slug),
    capabilities: options.capabilities ?? [],
    version: options.version ?? NON_VERSIONED,
  });
}

async function byChecksum(db: RegistryDb, checksum: string, version?: string): Promise<BlockSchema> {
  const schema = await readBlockSchemaByChecksum(db, checksum, version);
  if (schema === null) throw new Error(`no schema ${checksum} ${version ?? ''}`);
  return schema;
}

const titles = (schemas: BlockSchema[]): JsonValue[] => schemas.map((schema) => schema.fields.title ?? null);

/** X→{Y, Z→A}: created in the order X, Y, Z, A. */
async function multiplyNested(registry: RegistryDatabase): Promise<{ types: Types; x: string }> {
  const types = await createTypes(registry, ['x', 'y', 'z', 'a']);
  const created = await registry.write((trx) => create(trx, types, 'x', X_YZ));
  return { types, x: created.id };
}

// ---------------------------------------------------------------------------

describe('create_block_schema', () => {
  const E6 = json(
    '{"title": "x", "type": "object", "properties": {"access_key_id": {"title": "Access Key Id", "type": "string"}, "secret_access_key": {"title": "Secret Access Key", "type": "string"}, "session_token": {"title": "Session Token", "type": "string"}}, "block_type_slug": "x", "block_schema_references": {}}',
  );

  it('computes Prefect checksum E6, round-trips the fields and persists capabilities', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const created = await registry.write((trx) => create(trx, types, 'x', E6, { capabilities: ['this block can test'] }));
    expect(created.checksum).toBe('sha256:4448d5cf2ddb989f7fde8b2c36ec89527ca30e0e8ef041eed8bd15c11fe6cfee');
    expect(created.schemasCreated).toBe(1);

    const read = await readBlockSchema(registry.db, created.id);
    expect(read?.checksum).toBe(created.checksum);
    expectJsonEqual(read?.fields, E6);
    expect(read?.block_type_id).toBe(typeId(types, 'x'));
    expect(read?.block_type.slug).toBe('x');
    expect(read?.capabilities).toEqual(['this block can test']);
    expect(read?.version).toBe(NON_VERSIONED);
  });

  it('ignores secret_fields for the checksum but stores them', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const withSecrets: JsonObject = { ...E6, secret_fields: ['secret_access_key'] };
    const created = await registry.write((trx) => create(trx, types, 'x', withSecrets));
    expect(created.checksum).toBe('sha256:4448d5cf2ddb989f7fde8b2c36ec89527ca30e0e8ef041eed8bd15c11fe6cfee');
    expectJsonEqual((await readBlockSchema(registry.db, created.id))?.fields, withSecrets);
  });

  it('stores the fields as TEXT, exactly their compact JSON, whatever characters they hold', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    // Non-ASCII, astral, escaped control characters and a lone surrogate (JSON allows its escape).
    const fields = json(
      '{"title": "Ünïcödé ✓ 𝄞", "description": "tab\\t quote\\" nul \\u0000 lone \\ud800 end", "type": "object", "properties": {"é": {"default": 1.0}}, "block_schema_references": {}}',
    );
    const created = await registry.write((trx) => create(trx, types, 'x', fields));
    const stored = await sql<{ kind: string; fields: string }>`SELECT typeof(fields) AS kind, fields FROM block_schema WHERE id = ${created.id}`.execute(registry.db);
    const { block_schema_references: _references, ...withoutReferences } = fields;
    expect(stored.rows).toEqual([{ kind: 'text', fields: compactJson(withoutReferences) }]);
    expectJsonEqual((await readBlockSchema(registry.db, created.id))?.fields, fields);
  });

  it('creates a nested child, readable by its checksum as its own client schema', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    const created = await registry.write((trx) => create(trx, types, 'x', X_Y));
    expect(created.checksum).toBe(blockSchemaChecksum(X_Y));
    expect(created.schemasCreated).toBe(2);
    expect(await countRows(registry.db, 'block_schema')).toBe(2);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(1);

    const yReference = asObject(referenceOf(X_Y, 'y'));
    expect(yReference.block_schema_checksum).toBe(blockSchemaChecksum(Y));
    const y = await byChecksum(registry.db, blockSchemaChecksum(Y));
    expectJsonEqual(y.fields, Y);
    expectJsonEqual(y.fields.block_schema_references, {});
    expect(y.block_type.slug).toBe('y');
    expect(y.version).toBe(NON_VERSIONED);
    expect(y.capabilities).toEqual([]);

    const x = await readBlockSchema(registry.db, created.id);
    expectJsonEqual(x?.fields, X_Y);
  });

  it('creates a multiply nested schema X→{Y, Z→A}: 4 schemas, A readable by its checksum', async () => {
    const { registry } = await temp.fresh();
    const { x } = await multiplyNested(registry);
    expect(await countRows(registry.db, 'block_schema')).toBe(4);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(3);
    expectJsonEqual((await byChecksum(registry.db, blockSchemaChecksum(A))).fields, A);
    expectJsonEqual((await byChecksum(registry.db, blockSchemaChecksum(Y))).fields, Y);
    expectJsonEqual((await byChecksum(registry.db, blockSchemaChecksum(Z))).fields, Z);
    expectJsonEqual((await readBlockSchema(registry.db, x))?.fields, X_YZ);
  });

  it('stores a child used by two nested blocks once (A under both Y and Z)', async () => {
    const { registry } = await temp.fresh();
    const yWithA = clientBlock({
      title: 'Y',
      slug: 'y',
      properties: '{"a": {"$ref": "#/definitions/A", "position": 0}, "b": {"title": "B", "type": "string", "position": 1}}',
      required: ['a', 'b'],
      references: { a: ['A'] },
      definitions: flatDefinitions(A),
    });
    const x = clientBlock({
      title: 'X',
      slug: 'x',
      properties: '{"y": {"$ref": "#/definitions/Y", "position": 0}, "z": {"$ref": "#/definitions/Z", "position": 1}}',
      required: ['y', 'z'],
      references: { y: ['Y'], z: ['Z'] },
      definitions: flatDefinitions(yWithA, Z),
    });
    const types = await createTypes(registry, ['x', 'y', 'z', 'a']);
    const created = await registry.write((trx) => create(trx, types, 'x', x));
    expect(created.schemasCreated).toBe(4);
    expect(await countRows(registry.db, 'block_schema')).toBe(4);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(4);
    const aRows = await registry.db.selectFrom('block_schema').select('id').where('checksum', '=', blockSchemaChecksum(A)).execute();
    expect(aRows).toHaveLength(1);
    expectJsonEqual((await byChecksum(registry.db, blockSchemaChecksum(yWithA))).fields, yWithA);
    expectJsonEqual((await byChecksum(registry.db, blockSchemaChecksum(Z))).fields, Z);
    expectJsonEqual((await byChecksum(registry.db, blockSchemaChecksum(A))).fields, A);
    expectJsonEqual((await readBlockSchema(registry.db, created.id))?.fields, x);
  });

  it('stores one reference row per alternative of a union field, rebuilt as a list', async () => {
    const { registry } = await temp.fresh();
    const yb = clientBlock({ title: 'Y', slug: 'y', properties: '{"a": {"title": "A", "type": "string", "position": 0}}', required: ['a'] });
    const zb = clientBlock({ title: 'Z', slug: 'z', properties: '{"b": {"title": "B", "type": "string", "position": 0}}', required: ['b'] });
    const x = clientBlock({
      title: 'X',
      slug: 'x',
      properties: '{"y_or_z": {"title": "Y Or Z", "anyOf": [{"$ref": "#/definitions/Y"}, {"$ref": "#/definitions/Z"}], "position": 0}}',
      required: ['y_or_z'],
      references: { y_or_z: ['Y', 'Z'] },
      definitions: flatDefinitions(yb, zb),
    });
    const types = await createTypes(registry, ['x', 'y', 'z']);
    const created = await registry.write((trx) => create(trx, types, 'x', x));
    expect(created.checksum).toBe(blockSchemaChecksum(x));
    expect(created.schemasCreated).toBe(3);

    const rows = await registry.db.selectFrom('block_schema_reference').select('name').where('parent_block_schema_id', '=', created.id).execute();
    expect(rows.map((row) => row.name)).toEqual(['y_or_z', 'y_or_z']);

    const read = await readBlockSchema(registry.db, created.id);
    const rebuilt = read === null ? undefined : referenceOf(read.fields, 'y_or_z');
    expect(Array.isArray(rebuilt)).toBe(true);
    const pairs = (Array.isArray(rebuilt) ? rebuilt : []).map((entry) => `${String(asObject(entry).block_type_slug)} ${String(asObject(entry).block_schema_checksum)}`);
    expect(new Set(pairs)).toEqual(new Set([`y ${blockSchemaChecksum(yb)}`, `z ${blockSchemaChecksum(zb)}`]));
    expect(pairs).toHaveLength(2);
    expectJsonEqual(read?.fields.definitions, flatDefinitions(yb, zb));
    expectJsonEqual(read?.fields, x);
  });

  it('hashes and stores an empty definitions map as given (falsy, so not pruned)', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const withEmpty = json('{"title": "x", "definitions": {}}');
    const without = json('{"title": "x"}');
    expect(blockSchemaChecksum(withEmpty)).not.toBe(blockSchemaChecksum(without));
    const created = await registry.write((trx) => create(trx, types, 'x', withEmpty));
    expect(created.checksum).toBe(blockSchemaChecksum(withEmpty));
    expectJsonEqual((await readBlockSchema(registry.db, created.id))?.fields, json('{"title": "x", "definitions": {}, "block_schema_references": {}}'));
  });

  it('is idempotent: three creates of {} give the same id and one row', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await registry.write((trx) => create(trx, types, 'x', {})));
    expect(results.map((result) => result.checksum)).toEqual([EMPTY_OBJECT_CHECKSUM, EMPTY_OBJECT_CHECKSUM, EMPTY_OBJECT_CHECKSUM]);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(results.map((result) => result.schemasCreated)).toEqual([1, 0, 0]);
    expect(await countRows(registry.db, 'block_schema')).toBe(1);
  });

  it('is idempotent for nested blocks: creating the child after its parent returns the existing child', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    await registry.write((trx) => create(trx, types, 'x', X_Y));
    const existingChild = await byChecksum(registry.db, blockSchemaChecksum(Y));
    const child = await registry.write((trx) => create(trx, types, 'y', Y));
    expect(child.id).toBe(existingChild.id);
    expect(child.schemasCreated).toBe(0);
    expect(child.checksum).toBe(asObject(referenceOf(X_Y, 'y')).block_schema_checksum);
    expect(await countRows(registry.db, 'block_schema')).toBe(2);
  });

  it("raises missing_block_type with Prefect's message when a nested block type is not registered, writing nothing", async () => {
    const { registry, path } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const before = readFileSync(path);
    const error = await registryError(() => registry.write((trx) => create(trx, types, 'x', X_Y)), 'missing_block_type');
    expect(error.message).toBe("Cannot create block schema because block type 'y' was not found.Did you forget to register the block type?");
    expect(await countRows(registry.db, 'block_schema')).toBe(0);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(0);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('raises missing_definition when a parent references an unknown child but has no definitions', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    const noDefinitions = asDefinition(X_Y);
    const error = await registryError(() => registry.write((trx) => create(trx, types, 'x', noDefinitions)), 'missing_definition');
    expect(error.message).toBe('Unable to create nested block schema due to missing definitions in root block schema fields');
    expect(await countRows(registry.db, 'block_schema')).toBe(0);
  });
});

describe('read_block_schema', () => {
  it('reads by id the same checksum, fields and type as created', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    const created = await registry.write((trx) => create(trx, types, 'x', X_Y));
    const read = await readBlockSchema(registry.db, created.id);
    expect(read?.id).toBe(created.id);
    expect(read?.checksum).toBe(created.checksum);
    expect(read?.block_type_id).toBe(typeId(types, 'x'));
    expect(read?.block_type).toEqual(types.x);
    expectJsonEqual(read?.fields, X_Y);
  });

  it('returns null for an unknown id', async () => {
    const { registry } = await temp.fresh();
    expect(await readBlockSchema(registry.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('reads {} by its checksum', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const created = await registry.write((trx) => create(trx, types, 'x', {}));
    const read = await byChecksum(registry.db, EMPTY_OBJECT_CHECKSUM);
    expect(read.id).toBe(created.id);
    expectJsonEqual(read.fields, json('{"block_schema_references": {}}'));
    expect(await readBlockSchemaByChecksum(registry.db, `sha256:${'0'.repeat(64)}`)).toBeNull();
  });

  it('reads by checksum and version; without a version the most recently created row', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const first = await registry.write((trx) => create(trx, types, 'x', {}, { version: '1.0.1' }));
    const second = await registry.write((trx) => create(trx, types, 'x', {}, { version: '1.1.0' }));
    expect(first.id).not.toBe(second.id);
    expect(await countRows(registry.db, 'block_schema')).toBe(2);
    expect((await byChecksum(registry.db, EMPTY_OBJECT_CHECKSUM, '1.0.1')).id).toBe(first.id);
    expect((await byChecksum(registry.db, EMPTY_OBJECT_CHECKSUM, '1.1.0')).id).toBe(second.id);
    const newest = await byChecksum(registry.db, EMPTY_OBJECT_CHECKSUM);
    expect(newest.id).toBe(second.id);
    expect(newest.version).toBe('1.1.0');
    expect(await readBlockSchemaByChecksum(registry.db, EMPTY_OBJECT_CHECKSUM, '9.9.9')).toBeNull();
  });

  it('picks the most recently created row, not the highest version', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    await registry.write((trx) => create(trx, types, 'x', {}, { version: '1.1.0' }));
    const older = await registry.write((trx) => create(trx, types, 'x', {}, { version: '1.0.1' }));
    expect((await byChecksum(registry.db, EMPTY_OBJECT_CHECKSUM)).id).toBe(older.id);
  });

  it('stores no block_schema_references (nor block definitions) and a read does not write them back', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    const created = await registry.write((trx) => create(trx, types, 'x', X_Y));
    const rawBefore = await registry.db.selectFrom('block_schema').select('fields').where('id', '=', created.id).executeTakeFirstOrThrow();
    const stored = json(rawBefore.fields);
    expect(Object.hasOwn(stored, 'block_schema_references')).toBe(false);
    expect(Object.hasOwn(stored, 'definitions')).toBe(false);
    const expected: JsonObject = { ...X_Y };
    delete expected.block_schema_references;
    delete expected.definitions;
    expectJsonEqual(stored, expected);

    const read = await readBlockSchema(registry.db, created.id);
    expect(read === null ? false : Object.hasOwn(read.fields, 'block_schema_references')).toBe(true);
    const rawAfter = await registry.db.selectFrom('block_schema').select('fields').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(rawAfter.fields).toBe(rawBefore.fields);
  });
});

describe('read_block_schemas', () => {
  it('lists all schemas newest first (A, Z, Y, X), each equal to its client schema', async () => {
    const { registry } = await temp.fresh();
    await multiplyNested(registry);
    const all = await readBlockSchemas(registry.db);
    expect(titles(all)).toEqual(['A', 'Z', 'Y', 'X']);
    const expected = [A, Z, Y, X_YZ];
    all.forEach((schema, index) => expectJsonEqual(schema.fields, expected[index] as JsonObject));
    expect(all.map((schema) => schema.block_type.slug)).toEqual(['a', 'z', 'y', 'x']);
  });

  it('applies a limit after ordering (A, Z)', async () => {
    const { registry } = await temp.fresh();
    await multiplyNested(registry);
    expect(titles(await readBlockSchemas(registry.db, { limit: 2 }))).toEqual(['A', 'Z']);
  });

  it('applies limit and offset after ordering (Y, X)', async () => {
    const { registry } = await temp.fresh();
    await multiplyNested(registry);
    expect(titles(await readBlockSchemas(registry.db, { limit: 2, offset: 2 }))).toEqual(['Y', 'X']);
    expect(titles(await readBlockSchemas(registry.db, { offset: 3 }))).toEqual(['X']);
    expect(titles(await readBlockSchemas(registry.db, { offset: 4 }))).toEqual([]);
  });

  it('filters by block type ids (newest first)', async () => {
    const { registry } = await temp.fresh();
    const { types } = await multiplyNested(registry);
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [typeId(types, 'x')] }))).toEqual(['X']);
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [typeId(types, 'x'), typeId(types, 'y')] }))).toEqual(['Y', 'X']);
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [] }))).toEqual([]);
  });

  it('filters by block type slugs', async () => {
    const { registry } = await temp.fresh();
    await multiplyNested(registry);
    expect(titles(await readBlockSchemas(registry.db, { blockTypeSlugs: ['a', 'x'] }))).toEqual(['A', 'X']);
  });

  it('filters by block type and version', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    await registry.write(async (trx) => {
      await create(trx, types, 'x', json('{"title": "x 1.0.0"}'), { version: '1.0.0' });
      await create(trx, types, 'x', json('{"title": "x 1.1.0"}'), { version: '1.1.0' });
      await create(trx, types, 'y', json('{"title": "y 1.1.0"}'), { version: '1.1.0' });
    });
    const x = typeId(types, 'x');
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [x], versions: ['1.1.0'] }))).toEqual(['x 1.1.0']);
    expect(titles(await readBlockSchemas(registry.db, { versions: ['1.1.0'] }))).toEqual(['y 1.1.0', 'x 1.1.0']);
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [x], versions: ['1.2.0'] }))).toEqual([]);
  });

  it('filters by capabilities (all_): fly+swim → [Duck], fly → [Bird, Duck], swim → [Duck]', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['duck', 'bird', 'cat']);
    await registry.write(async (trx) => {
      await create(trx, types, 'duck', json('{"title": "Duck", "properties": {"a": {"title": "A", "type": "string"}}}'), { capabilities: ['swim', 'fly'] });
      await create(trx, types, 'bird', json('{"title": "Bird", "properties": {"b": {"title": "B", "type": "string"}}}'), { capabilities: ['fly'] });
      await create(trx, types, 'cat', json('{"title": "Cat", "properties": {"c": {"title": "C", "type": "number"}}}'), { capabilities: ['run'] });
    });
    expect(titles(await readBlockSchemas(registry.db, { capabilitiesAll: ['fly', 'swim'] }))).toEqual(['Duck']);
    expect(titles(await readBlockSchemas(registry.db, { capabilitiesAll: ['fly'] }))).toEqual(['Bird', 'Duck']);
    expect(titles(await readBlockSchemas(registry.db, { capabilitiesAll: ['swim'] }))).toEqual(['Duck']);
    expect(titles(await readBlockSchemas(registry.db, { capabilitiesAll: ['fly', 'run'] }))).toEqual([]);
    expect(titles(await readBlockSchemas(registry.db, { capabilitiesAll: [] }))).toEqual(['Cat', 'Bird', 'Duck']);
  });

  it('filters by id list, newest first whatever the list order', async () => {
    const { registry } = await temp.fresh();
    await multiplyNested(registry);
    const a = await byChecksum(registry.db, blockSchemaChecksum(A));
    const y = await byChecksum(registry.db, blockSchemaChecksum(Y));
    expect(titles(await readBlockSchemas(registry.db, { ids: [y.id, a.id] }))).toEqual(['A', 'Y']);
    expect(titles(await readBlockSchemas(registry.db, { ids: [] }))).toEqual([]);
  });

  it('combines filters with and_ by default and with or_ on request', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    await registry.write(async (trx) => {
      await create(trx, types, 'x', json('{"title": "x 1"}'), { version: '1', capabilities: ['fly'] });
      await create(trx, types, 'y', json('{"title": "y 2"}'), { version: '2', capabilities: ['swim'] });
      await create(trx, types, 'y', json('{"title": "y 3"}'), { version: '3', capabilities: [] });
    });
    const x = typeId(types, 'x');
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [x], versions: ['2'] }))).toEqual([]);
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [x], versions: ['2'], operator: 'and' }))).toEqual([]);
    expect(titles(await readBlockSchemas(registry.db, { blockTypeIds: [x], versions: ['2'], operator: 'or' }))).toEqual(['y 2', 'x 1']);
    expect(titles(await readBlockSchemas(registry.db, { capabilitiesAll: ['swim'], versions: ['1'], operator: 'or' }))).toEqual(['y 2', 'x 1']);
  });
});

describe('non-block definitions and list attributes', () => {
  async function roundTrip(fields: JsonObject, slugs: string[] = ['p']): Promise<BlockSchema> {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, slugs);
    const created = await registry.write((trx) => create(trx, types, 'p', fields));
    expect(created.checksum).toBe(blockSchemaChecksum(fields));
    const read = await readBlockSchema(registry.db, created.id);
    if (read === null) throw new Error('not stored');
    expect(read.checksum).toBe(blockSchemaChecksum(fields));
    expectJsonEqual(read.fields, fields);
    return read;
  }

  it('gives a single object reference for a List[Child] attribute and round-trips', async () => {
    const child = clientBlock({ title: 'Child', slug: 'child', properties: '{"a": {"title": "A", "type": "string", "position": 0}}', required: ['a'] });
    const parent = clientBlock({
      title: 'Parent',
      slug: 'p',
      properties: '{"children": {"title": "Children", "type": "array", "items": {"$ref": "#/definitions/Child"}, "position": 0}}',
      required: ['children'],
      references: { children: ['Child'] },
      definitions: flatDefinitions(child),
    });
    const read = await roundTrip(parent, ['p', 'child']);
    const reference = referenceOf(read.fields, 'children');
    expect(isJsonObject(reference)).toBe(true);
    expectJsonEqual(reference, json(`{"block_type_slug": "child", "block_schema_checksum": "${blockSchemaChecksum(child)}"}`));
  });

  it('round-trips a nested plain model (stored as a non-block definition)', async () => {
    const fields = clientBlock({
      title: 'P',
      slug: 'p',
      properties: '{"inner": {"$ref": "#/definitions/Inner", "position": 0}}',
      required: ['inner'],
      definitions: json(
        '{"Inner": {"title": "Inner", "type": "object", "properties": {"x": {"title": "X", "type": "integer"}, "ratio": {"title": "Ratio", "default": 1.0, "type": "number"}}, "required": ["x"]}}',
      ),
    });
    const read = await roundTrip(fields);
    expect(stringifyJson(asObject(asObject(asObject(asObject(read.fields.definitions).Inner).properties).ratio))).toBe('{"title":"Ratio","default":1.0,"type":"number"}');
  });

  it('round-trips an enum attribute', async () => {
    await roundTrip(
      clientBlock({
        title: 'P',
        slug: 'p',
        properties: '{"color": {"$ref": "#/definitions/Color", "default": "red", "position": 0}}',
        definitions: json('{"Color": {"title": "Color", "description": "An enumeration.", "enum": ["red", "green", "blue"], "type": "string"}}'),
      }),
    );
  });

  it('round-trips a union of plain models', async () => {
    await roundTrip(
      clientBlock({
        title: 'P',
        slug: 'p',
        properties: '{"a_or_b": {"title": "A Or B", "anyOf": [{"$ref": "#/definitions/PlainA"}, {"$ref": "#/definitions/PlainB"}], "position": 0}}',
        required: ['a_or_b'],
        definitions: json(
          '{"PlainA": {"title": "PlainA", "type": "object", "properties": {"a": {"title": "A", "type": "string"}}}, "PlainB": {"title": "PlainB", "type": "object", "properties": {"b": {"title": "B", "type": "integer"}}}}',
        ),
      }),
    );
  });

  it('round-trips a list of a plain model', async () => {
    await roundTrip(
      clientBlock({
        title: 'P',
        slug: 'p',
        properties: '{"items": {"title": "Items", "type": "array", "items": {"$ref": "#/definitions/Item"}, "position": 0}}',
        required: ['items'],
        definitions: json('{"Item": {"title": "Item", "type": "object", "properties": {"n": {"title": "N", "type": "integer"}}, "required": ["n"]}}'),
      }),
    );
  });

  it('round-trips a mix of block and non-block attributes; each child is readable by its own client checksum', async () => {
    const inner = json('{"Inner": {"title": "Inner", "type": "object", "properties": {"k": {"title": "K", "type": "string"}}}}');
    const otherInner = json('{"OtherInner": {"title": "OtherInner", "type": "object", "properties": {"o": {"title": "O", "type": "string"}}}}');
    const settings = json('{"Settings": {"title": "Settings", "type": "object", "properties": {"level": {"title": "Level", "type": "integer"}}}}');
    const child = clientBlock({
      title: 'Child',
      slug: 'child',
      properties: '{"inner": {"$ref": "#/definitions/Inner", "position": 0}}',
      definitions: inner,
    });
    const other = clientBlock({
      title: 'Other',
      slug: 'other',
      properties: '{"deep": {"$ref": "#/definitions/OtherInner", "position": 0}}',
      definitions: otherInner,
    });
    const parent = clientBlock({
      title: 'P',
      slug: 'p',
      properties: '{"child": {"$ref": "#/definitions/Child", "position": 0}, "other": {"$ref": "#/definitions/Other", "position": 1}, "settings": {"$ref": "#/definitions/Settings", "position": 2}}',
      references: { child: ['Child'], other: ['Other'] },
      definitions: { ...flatDefinitions(child, other), ...settings },
    });
    // The child's own checksum covers Inner only: Prefect's server, hashing the child with the
    // root's whole definitions map, would also pick up OtherInner (docs/differences-from-prefect.md) and store it under
    // a checksum the parent never references.
    expect(asObject(referenceOf(parent, 'child')).block_schema_checksum).toBe(blockSchemaChecksum(child));
    expect(blockSchemaChecksum({ ...asDefinition(child), definitions: asObject(parent.definitions) })).not.toBe(blockSchemaChecksum(child));
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['p', 'child', 'other']);
    const created = await registry.write((trx) => create(trx, types, 'p', parent));
    expect(created.checksum).toBe(blockSchemaChecksum(parent));
    expect(created.schemasCreated).toBe(3);
    const storedParent = json((await registry.db.selectFrom('block_schema').select('fields').where('id', '=', created.id).executeTakeFirstOrThrow()).fields);
    expect(Object.keys(asObject(storedParent.definitions)).sort()).toEqual(['Inner', 'OtherInner', 'Settings']);
    expectJsonEqual((await readBlockSchema(registry.db, created.id))?.fields, parent);
    const storedChild = await byChecksum(registry.db, blockSchemaChecksum(child));
    expect(storedChild.block_type.slug).toBe('child');
    expectJsonEqual(storedChild.fields, child);
    const storedOther = await byChecksum(registry.db, blockSchemaChecksum(other));
    expectJsonEqual(storedOther.fields, other);
  });
});

describe('delete_block_schema', () => {
  it('deletes a schema; reading it returns null; its reference rows go, its children stay', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x', 'y']);
    const created = await registry.write((trx) => create(trx, types, 'x', X_Y));
    expect(await registry.write((trx) => deleteBlockSchema(trx, created.id))).toBe(true);
    expect(await readBlockSchema(registry.db, created.id)).toBeNull();
    expect(await readBlockSchemaByChecksum(registry.db, blockSchemaChecksum(X_Y))).toBeNull();
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(0);
    expectJsonEqual((await byChecksum(registry.db, blockSchemaChecksum(Y))).fields, Y);
  });

  it('returns false on a second delete', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['x']);
    const created = await registry.write((trx) => create(trx, types, 'x', {}));
    expect(await registry.write((trx) => deleteBlockSchema(trx, created.id))).toBe(true);
    expect(await registry.write((trx) => deleteBlockSchema(trx, created.id))).toBe(false);
  });

  it("refuses to delete a protected type's schema", async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['secret'], ['secret']);
    const created = await registry.write((trx) => create(trx, types, 'secret', {}));
    const error = await registryError(() => registry.write((trx) => deleteBlockSchema(trx, created.id)), 'protected');
    expect(error.message).toBe('Block schemas for protected block types cannot be deleted.');
    expect((await readBlockSchema(registry.db, created.id))?.id).toBe(created.id);
  });
});

describe('read_available_block_capabilities', () => {
  it('lists the union of all capabilities', async () => {
    const { registry } = await temp.fresh();
    const types = await createTypes(registry, ['duck', 'bird', 'cat']);
    await registry.write(async (trx) => {
      await create(trx, types, 'duck', json('{"title": "Duck"}'), { capabilities: ['swim', 'fly'] });
      await create(trx, types, 'bird', json('{"title": "Bird"}'), { capabilities: ['fly'] });
      await create(trx, types, 'cat', json('{"title": "Cat"}'), { capabilities: ['run'] });
    });
    const capabilities = await readAvailableBlockCapabilities(registry.db);
    expect(capabilities).toHaveLength(3);
    expect(new Set(capabilities)).toEqual(new Set(['run', 'fly', 'swim']));
  });

  it('returns [] when there are no schemas', async () => {
    const { registry } = await temp.fresh();
    await createTypes(registry, ['x']);
    expect(await readAvailableBlockCapabilities(registry.db)).toEqual([]);
  });
});
