// Importing block definition files: `parseBlockFiles` (every accepted format, every problem named by
// file and JSON path) and `importEntries` (all or nothing, on a real registry file).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBlockAutoRegistration } from '../../src/main/operations/auto-register';
import type { Database } from '../../src/main/db/database';
import type { BlockFileInput } from '../../src/main/block-files/block-file';
import { parseBlockFiles } from '../helpers/block-files';
import { importEntries } from '../../src/main/operations/import';
import { readBlockSchemaByChecksum } from '../../src/main/registry/block-schemas';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import { bundledSources } from '../../src/main/sources/bundled';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import type { RegistryIssue } from '../../src/shared/errors';
import { EXPECTED_FORMATS } from '../../src/shared/formats';
import { jsonEqual, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';
import { CATALOGUE_PATH, RESOURCES_DIR, asObject, countRows, json, loadCatalogue, readCatalogueText, registryError, useTempWorkspace } from '../helpers/registry';
import { located } from '../helpers/issues';

const temp = useTempWorkspace();

const MISSING_TYPE_MESSAGE = (slug: string): string => `Cannot create block schema because block type '${slug}' was not found.Did you forget to register the block type?`;

function fieldsFor(title: string, slug: string, extra: JsonObject = {}): JsonObject {
  return {
    ...json(`{"title": "${title}", "type": "object", "properties": {"x": {"title": "X", "type": "string", "position": 0}}, "required": ["x"]}`),
    block_type_slug: slug,
    secret_fields: [],
    block_schema_references: {},
    ...extra,
  };
}

/** A catalogue-style entry: a block type with its block_schema (recorded checksum included). */
function entry(name: string, slug: string, fields: JsonObject = fieldsFor(name.replace(/\W/g, ''), slug), version = '1.0.0'): JsonObject {
  return {
    name,
    slug,
    logo_url: 'https://example.com/logo.png',
    documentation_url: null,
    description: `The ${name} block.`,
    code_example: `from x import ${name.replace(/\W/g, '')}`,
    block_schema: { checksum: blockSchemaChecksum(fields), fields, capabilities: ['read-path'], version },
  };
}

/** `parent` nests `child` under property `child`, as a client would produce it. */
function nestingEntry(name: string, slug: string, child: JsonObject, childTypeSlug: string): JsonObject {
  const childFields = asObject(asObject(child.block_schema).fields);
  const fields = fieldsFor(name.replace(/\W/g, ''), slug, {
    block_schema_references: { child: { block_type_slug: childTypeSlug, block_schema_checksum: blockSchemaChecksum(childFields) } },
    definitions: { [String(childFields.title)]: childFields },
  });
  asObject(fields.properties).child = json(`{"$ref": "#/definitions/${String(childFields.title)}", "position": 1}`);
  return entry(name, slug, fields);
}

function file(name: string, value: JsonValue | string): BlockFileInput {
  return { name, bytes: new TextEncoder().encode(typeof value === 'string' ? value : stringifyJson(value, 2)) };
}

async function parseIssues(files: BlockFileInput[]): Promise<RegistryIssue[]> {
  const error = await registryError(() => parseBlockFiles(files), 'invalid_input');
  expect(error.message).toBe(`${error.issues.length} ${error.issues.length === 1 ? 'problem' : 'problems'} found; nothing was registered.`);
  return located(error.issues);
}

/** What the command line and the app do with files: parse them all, then import all or nothing. */
async function importFiles(registry: Database, files: BlockFileInput[]) {
  return importEntries(registry, await parseBlockFiles(files));
}

describe('parseBlockFiles: accepted formats', () => {
  it("reads Prefect's real catalogue: 40 entries with their collection, file and path", async () => {
    const entries = await parseBlockFiles([file(CATALOGUE_PATH, readCatalogueText())]);
    const catalogue = loadCatalogue();
    expect(entries).toHaveLength(40);
    expect(entries.map((e) => e.blockType.slug)).toEqual(catalogue.map((e) => e.slug));
    expect(entries.map((e) => e.collection)).toEqual(catalogue.map((e) => e.collection));
    expect(entries.every((e) => e.file === CATALOGUE_PATH)).toBe(true);
    expect(entries[0]?.path).toBe(`collections.${catalogue[0]?.collection}.block_types.${catalogue[0]?.slug}`);
    entries.forEach((e, index) => {
      const expected = catalogue[index];
      expect(e.blockSchema?.checksum).toBe(expected?.checksum);
      expect(e.blockSchema?.version).toBe(expected?.version);
      expect(e.blockSchema?.capabilities).toEqual(expected?.capabilities);
      expect(jsonEqual(e.blockSchema?.fields ?? {}, expected?.fields ?? {})).toBe(true);
      expect(e.blockType.is_protected).toBe(false);
    });
  });

  it('reads a file holding a single entry', async () => {
    const one = entry('My Block', 'my-block');
    const entries = await parseBlockFiles([file('one.json', one)]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      file: 'one.json',
      path: '$',
      collection: null,
      blockType: {
        name: 'My Block',
        slug: 'my-block',
        logo_url: 'https://example.com/logo.png',
        documentation_url: null,
        description: 'The My Block block.',
        code_example: 'from x import MyBlock',
        is_protected: false,
      },
    });
    expect(entries[0]?.blockSchema?.checksum).toBe(asObject(one.block_schema).checksum);
    expect(entries[0]?.blockSchema?.version).toBe('1.0.0');
  });

  it('reads a file holding a list of entries, with paths by index', async () => {
    const entries = await parseBlockFiles([file('many.json', [entry('First', 'first'), entry('Second', 'second')])]);
    expect(entries.map((e) => [e.blockType.slug, e.path, e.file])).toEqual([
      ['first', '[0]', 'many.json'],
      ['second', '[1]', 'many.json'],
    ]);
  });

  it('defaults a missing checksum, capabilities and version', async () => {
    const bare = { name: 'Bare', slug: 'bare', block_schema: { fields: fieldsFor('Bare', 'bare') } };
    const [parsed] = await parseBlockFiles([file('bare.json', bare)]);
    expect(parsed?.blockSchema).toMatchObject({ checksum: null, capabilities: [], version: 'non-versioned' });
    expect(parsed?.blockType).toMatchObject({ logo_url: null, documentation_url: null, description: null, code_example: null });
  });

  it('concatenates the entries of several files in order', async () => {
    const entries = await parseBlockFiles([file('a.json', entry('A', 'a')), file('b.json', [entry('B', 'b'), entry('C', 'c')])]);
    expect(entries.map((e) => `${e.file}:${e.blockType.slug}`)).toEqual(['a.json:a', 'b.json:b', 'b.json:c']);
  });
});

describe('parseBlockFiles: invalid input names the file and the JSON path', () => {
  const good = entry('Good', 'good');
  const withType = (changes: JsonObject): JsonObject => ({ ...good, ...changes });
  const withSchema = (changes: JsonObject): JsonObject => ({ ...good, block_schema: { ...asObject(good.block_schema), ...changes } });

  it('a name containing /', async () => {
    expect(await parseIssues([file('bad.json', withType({ name: 'my/block' }))])).toEqual([
      { file: 'bad.json', path: 'name', message: 'Block type name must not be empty nor contain any of / % & > <' },
    ]);
  });

  it("a slug that is not lowercase letters, digits and dashes ('Bad Slug')", async () => {
    expect(await parseIssues([file('bad.json', withType({ slug: 'Bad Slug' }))])).toEqual([
      { file: 'bad.json', path: 'slug', message: 'Block type slug must only contain lowercase letters, numbers, and dashes.' },
    ]);
  });

  it('a missing block_schema', async () => {
    const noSchema: JsonObject = { ...good };
    delete noSchema.block_schema;
    expect(await parseIssues([file('bad.json', [good, noSchema])])).toEqual([{ file: 'bad.json', path: '[1]', message: "Block schema not found for block type 'good'" }]);
  });

  it('an empty block_schema', async () => {
    expect(await parseIssues([file('bad.json', withType({ block_schema: {} }))])).toEqual([{ file: 'bad.json', path: '$', message: "Block schema not found for block type 'good'" }]);
  });

  it('fields that are not an object', async () => {
    expect(await parseIssues([file('bad.json', withSchema({ fields: ['not', 'an', 'object'] }))])).toEqual([{ file: 'bad.json', path: 'block_schema.fields', message: 'must be a JSON object' }]);
  });

  it('capabilities that are not strings', async () => {
    expect(await parseIssues([file('bad.json', withSchema({ capabilities: ['read-path', json('{"n": 1}').n ?? null] }))])).toEqual([
      { file: 'bad.json', path: 'block_schema.capabilities[1]', message: 'must be a string' },
    ]);
  });

  it('a checksum that is not sha256: + 64 lowercase hex digits', async () => {
    expect(await parseIssues([file('bad.json', withSchema({ checksum: `sha256:${'A'.repeat(64)}` }))])).toEqual([
      { file: 'bad.json', path: 'block_schema.checksum', message: 'must be "sha256:" followed by 64 lowercase hex digits' },
    ]);
  });

  it('a malformed block_schema_references entry', async () => {
    const fields = fieldsFor('Good', 'good', { block_schema_references: { creds: [{ block_type_slug: 'creds' }, { block_type_slug: 'ok', block_schema_checksum: 'md5:1234' }] } });
    expect(await parseIssues([file('bad.json', withSchema({ fields }))])).toEqual([
      { file: 'bad.json', path: 'block_schema.fields.block_schema_references.creds[0].block_schema_checksum', message: 'block_schema_checksum must be a string' },
      {
        file: 'bad.json',
        path: 'block_schema.fields.block_schema_references.creds[1].block_schema_checksum',
        message: 'block_schema_checksum must be "sha256:" followed by 64 lowercase hex digits',
      },
    ]);
  });

  it('a catalogue key that differs from the slug', async () => {
    const catalogue = { collections: { 'prefect-test': { block_types: { foo: withType({ slug: 'bar' }) } } } };
    expect(await parseIssues([file('catalogue.json', catalogue)])).toEqual([
      { file: 'catalogue.json', path: 'collections.prefect-test.block_types.foo.slug', message: "slug 'bar' differs from its key 'foo'" },
    ]);
  });

  it('text that is not JSON', async () => {
    const issues = await parseIssues([file('broken.json', '{"name": "Good", "slug": ')]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.file).toBe('broken.json');
    // The JSON path where parsing stopped: the value of "slug" was expected.
    expect(issues[0]?.path).toBe('slug');
    expect(issues[0]?.message).toMatch(/^not JSON \(Invalid JSON at line 1, column \d+: .*\)\. Expected /);
  });

  it('JSON of another shape ({"foo": 1})', async () => {
    expect(await parseIssues([file('other.json', '{"foo": 1}')])).toEqual([{ file: 'other.json', path: '$', message: `JSON of another shape. Expected ${EXPECTED_FORMATS}.` }]);
  });

  it('an empty list', async () => {
    expect(await parseIssues([file('empty-list.json', '[]')])).toEqual([{ file: 'empty-list.json', path: '$', message: `JSON of another shape. Expected ${EXPECTED_FORMATS}.` }]);
  });

  it('an empty file', async () => {
    const issues = await parseIssues([file('empty.json', '')]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.file).toBe('empty.json');
    expect(issues[0]?.path).toBe('$');
    expect(issues[0]?.message).toBe(`the file is empty. Expected ${EXPECTED_FORMATS}.`);
  });

  it('lists every problem of every file', async () => {
    const issues = await parseIssues([file('a.json', [withType({ name: 'a/b' }), good, withType({ slug: 'Nope' })]), file('b.json', good), file('c.json', '{"foo": 1}')]);
    expect(issues.map((issue) => [issue.file, issue.path])).toEqual([
      ['a.json', '[0].name'],
      ['a.json', '[2].slug'],
      ['c.json', '$'],
    ]);
  });
});

describe('importEntries', () => {
  it("imports Prefect's real catalogue into an empty file: 40 types, 40 schemas, 23 references", async () => {
    const { registry } = await temp.fresh();
    const report = await importFiles(registry, [file(CATALOGUE_PATH, readCatalogueText())]);
    expect(report.sources).toHaveLength(1);
    expect(report.sources[0]).toMatchObject({ name: 'import', kind: 'import', status: 'registered', content_hash: null, errors: [] });
    expect(report.totals).toEqual({ created: 40, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 40, schemas_existing: 0 });
    expect(await countRows(registry.db, 'block_type')).toBe(40);
    expect(await countRows(registry.db, 'block_schema')).toBe(40);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(23);
    for (const e of loadCatalogue()) {
      const stored = await readBlockSchemaByChecksum(registry.db, e.checksum, e.version);
      expect(stored !== null && jsonEqual(stored.fields, e.fields), e.slug).toBe(true);
    }

    const again = await importFiles(registry, [file(CATALOGUE_PATH, readCatalogueText())]);
    expect(again.totals).toEqual({ created: 0, updated: 0, new_versions: 0, unchanged: 40, failed: 0, schemas_created: 0, schemas_existing: 40 });
    expect(await countRows(registry.db, 'block_schema')).toBe(40);
  });

  it('imports a single entry file', async () => {
    const { registry } = await temp.fresh();
    const one = entry('My Block', 'my-block');
    const report = await importFiles(registry, [file('one.json', one)]);
    expect(report.totals).toEqual({ created: 1, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 1, schemas_existing: 0 });
    const type = await readBlockTypeBySlug(registry.db, 'my-block');
    expect(type).toMatchObject({ name: 'My Block', description: 'The My Block block.', logo_url: 'https://example.com/logo.png', is_protected: false });
    const schema = asObject(one.block_schema);
    const stored = await readBlockSchemaByChecksum(registry.db, String(schema.checksum), '1.0.0');
    expect(stored?.block_type_id).toBe(type?.id);
    expect(stored?.capabilities).toEqual(['read-path']);
    expect(jsonEqual(stored?.fields ?? {}, asObject(schema.fields))).toBe(true);
  });

  it('imports a list whose first entry nests the second: the child keeps its own version', async () => {
    const { registry } = await temp.fresh();
    const child = entry('Child Block', 'child-block');
    const parent = nestingEntry('Parent Block', 'parent-block', child, 'child-block');
    const report = await importFiles(registry, [file('pair.json', [parent, child])]);
    expect(report.totals).toMatchObject({ created: 2, schemas_created: 2, failed: 0 });
    expect(await countRows(registry.db, 'block_schema')).toBe(2);
    expect(await countRows(registry.db, 'block_schema_reference')).toBe(1);
    const childFields = asObject(asObject(child.block_schema).fields);
    const storedChild = await readBlockSchemaByChecksum(registry.db, blockSchemaChecksum(childFields));
    expect(storedChild?.version).toBe('1.0.0');
    expect(storedChild?.capabilities).toEqual(['read-path']);
    const parentSchema = asObject(parent.block_schema);
    const storedParent = await readBlockSchemaByChecksum(registry.db, String(parentSchema.checksum), '1.0.0');
    expect(jsonEqual(storedParent?.fields ?? {}, asObject(parentSchema.fields))).toBe(true);
  });

  it('nests a block type already registered by auto-registration, reusing its stored schema', async () => {
    const { registry } = await temp.fresh();
    await runBlockAutoRegistration(registry, bundledSources(RESOURCES_DIR));
    const schemasBefore = await countRows(registry.db, 'block_schema');
    const github = loadCatalogue().find((e) => e.slug === 'github-credentials');
    if (github === undefined) throw new Error('github-credentials missing from the catalogue');
    const parent = nestingEntry('Uses GitHub', 'uses-github', { block_schema: { fields: github.fields } }, 'github-credentials');
    const report = await importFiles(registry, [file('uses.json', parent)]);
    expect(report.totals).toMatchObject({ created: 1, schemas_created: 1 });
    expect(await countRows(registry.db, 'block_schema')).toBe(schemasBefore + 1);
    const stored = await readBlockSchemaByChecksum(registry.db, String(asObject(parent.block_schema).checksum));
    expect(asObject(stored?.fields.block_schema_references).child).toEqual({ block_schema_checksum: github.checksum, block_type_slug: 'github-credentials' });
  });

  it('writes nothing when one of two files is invalid', async () => {
    const { registry, path } = await temp.fresh();
    const before = readFileSync(path);
    const error = await registryError(() => importFiles(registry, [file('good.json', entry('Good', 'good')), file('bad.json', entry('Bad/Name', 'bad'))]), 'invalid_input');
    expect(located(error.issues)).toEqual([{ file: 'bad.json', path: 'name', message: 'Block type name must not be empty nor contain any of / % & > <' }]);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await countRows(registry.db, 'block_type')).toBe(0);
  });

  it('writes nothing when an entry references a block type that does not exist', async () => {
    const { registry, path } = await temp.fresh();
    const before = readFileSync(path);
    const ghost = entry('Ghost', 'ghost');
    const entries = await parseBlockFiles([file('refs.json', [entry('Good', 'good'), nestingEntry('Orphan', 'orphan', ghost, 'ghost')])]);
    const error = await registryError(() => importEntries(registry, entries), 'invalid_input');
    expect(error.message).toBe('1 problem found; nothing was registered.');
    // The path goes down to the reference that cannot be resolved, not just to the entry.
    expect(error.issues).toEqual([{ file: 'refs.json', path: '[1].block_schema.fields.block_schema_references.child', message: MISSING_TYPE_MESSAGE('ghost') }]);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await countRows(registry.db, 'block_type')).toBe(0);
    expect(await countRows(registry.db, 'block_schema')).toBe(0);
    expect(await readBlockTypeBySlug(registry.db, 'good')).toBeNull();
  });

  it('lists every failing entry, not just the first, and still writes nothing', async () => {
    const { registry, path } = await temp.fresh();
    const before = readFileSync(path);
    const entries = await parseBlockFiles([
      file('refs.json', [
        nestingEntry('Orphan One', 'orphan-one', entry('Ghost', 'ghost'), 'ghost'),
        entry('Good', 'good'),
        nestingEntry('Orphan Two', 'orphan-two', entry('Spirit', 'spirit'), 'spirit'),
      ]),
    ]);
    const error = await registryError(() => importEntries(registry, entries), 'invalid_input');
    expect(error.message).toBe('2 problems found; nothing was registered.');
    expect(error.issues).toEqual([
      { file: 'refs.json', path: '[0].block_schema.fields.block_schema_references.child', message: MISSING_TYPE_MESSAGE('ghost') },
      { file: 'refs.json', path: '[2].block_schema.fields.block_schema_references.child', message: MISSING_TYPE_MESSAGE('spirit') },
    ]);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await countRows(registry.db, 'block_type')).toBe(0);
  });
});
