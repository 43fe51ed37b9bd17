// Import previews against a real launched registry (54 types): what an import would do,
// computed without writing a byte; and the IPC calls that preview, apply and cancel imports.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockFileInput as ImportFileInput } from '../../src/main/block-files/block-file';
import { PYTHON_NOT_ALLOWED } from '../../src/main/block-files/python-files';
import { importEntries } from '../../src/main/operations/import';
import { utcNow } from '../../src/main/db/clock';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import type { BlockTypeInput } from '../../src/shared/blocks';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import type { CatalogueEntry } from '../../src/shared/contract';
import type { ImportPreview } from '../../src/shared/import-preview';
import { stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';
import type { RegistrationReport } from '../../src/shared/report';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { CATALOGUE_PATH, asObject, blockEntry, catalogueReferences, clone, fieldsFor, json, loadCatalogue, useTempWorkspace, useTempFolder, previewImport } from '../helpers/registry';

const temp = useTempWorkspace();

const MISSING_TYPE_MESSAGE = (slug: string): string => `Cannot create block schema because block type '${slug}' was not found.Did you forget to register the block type?`;

// ---------------------------------------------------------------------------
// Fixtures

function entry(name: string, slug: string, fields?: JsonObject): JsonObject {
  return blockEntry(name, slug, { fields, capabilities: ['read-path'] });
}

/** `parent` nests a child (given by its fields and type slug) under property `child`, as a client would produce it. */
function nestingEntry(name: string, slug: string, childFields: JsonObject, childTypeSlug: string): JsonObject {
  const title = String(childFields.title);
  const fields = fieldsFor(name.replace(/\W/g, ''), slug, {
    block_schema_references: { child: { block_type_slug: childTypeSlug, block_schema_checksum: blockSchemaChecksum(childFields) } },
    definitions: { [title]: childFields },
  });
  asObject(fields.properties).child = json(`{"$ref": "#/definitions/${title}"}`);
  return entry(name, slug, fields);
}

/** The block type of a catalogue-style entry, as registration takes it. */
function typeInputOf(value: JsonObject): BlockTypeInput {
  const text = (key: string): string | null => (typeof value[key] === 'string' ? value[key] : null);
  return {
    name: String(value.name),
    slug: String(value.slug),
    logo_url: text('logo_url'),
    documentation_url: text('documentation_url'),
    description: text('description'),
    code_example: text('code_example'),
    is_protected: false,
  };
}

function schemaOf(value: JsonObject): JsonObject {
  return asObject(value.block_schema);
}

/** The catalogue's own entry for a slug (a deep copy, safe to edit). */
function catalogueEntry(slug: string): JsonObject {
  const found = loadCatalogue().find((e) => e.slug === slug);
  if (found === undefined) throw new Error(`${slug} is not in the catalogue`);
  return clone(found.blockType);
}

function file(name: string, value: JsonValue | string): ImportFileInput {
  return { name, bytes: new TextEncoder().encode(typeof value === 'string' ? value : stringifyJson(value, 2)) };
}

// ---------------------------------------------------------------------------
// Previews: one launched registry, never written

describe('previewImport against the launched registry', () => {
  let launched: LaunchedRegistry;

  const folder = useTempFolder('preview');

  beforeAll(async () => {
    launched = await launchRegistry(folder);
  });
  afterAll(async () => {
    await launched.registry.close();
  });

  /** Every preview must leave the database file byte for byte as it was. */
  async function preview(files: ImportFileInput[]): Promise<ImportPreview> {
    const before = readFileSync(launched.registry.path);
    const result = await previewImport(launched.registry, files);
    expect(readFileSync(launched.registry.path).equals(before), 'the preview wrote to the database file').toBe(true);
    return result.preview;
  }

  it('starts from 54 block types and 54 schemas', async () => {
    expect(launched.report.totals).toMatchObject({ created: 54, schemas_created: 54, failed: 0 });
  });

  it("the real catalogue: 40 unchanged, 0 new, 40 schemas registered, all 23 references 'registered'", async () => {
    const result = await preview([{ name: CATALOGUE_PATH, bytes: readFileSync(CATALOGUE_PATH) }]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual({ new: 0, update: 0, new_version: 0, unchanged: 40, schemas_new: 0, schemas_registered: 40 });
    expect(result.files).toEqual([{ name: CATALOGUE_PATH, format: 'catalogue', format_label: "Prefect's block catalogue", block_types: 40 }]);
    expect(result.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const catalogue = loadCatalogue();
    expect(result.block_types.map((type) => [type.slug, type.collection, type.outcome])).toEqual(catalogue.map((e) => [e.slug, e.collection, 'unchanged']));
    result.block_types.forEach((type, index) => {
      const expected = catalogue[index];
      expect(type.changes).toEqual([]);
      expect(type.schemas).toEqual([{ version: expected?.version, checksum: expected?.checksum, recorded_checksum: expected?.checksum, capabilities: expected?.capabilities, outcome: 'registered' }]);
    });
    const references = result.block_types.flatMap((type) => type.references.map((reference) => ({ parent: type.slug, ...reference })));
    expect(references).toHaveLength(23);
    expect(references.map(({ parent, property, block_type_slug, block_schema_checksum }) => ({ parent, name: property, slug: block_type_slug, checksum: block_schema_checksum }))).toEqual(
      catalogueReferences(catalogue),
    );
    expect(references.every((reference) => reference.resolution === 'registered')).toBe(true);
    expect(references.find((reference) => reference.parent === 'kubernetes-credentials')).toEqual({
      parent: 'kubernetes-credentials',
      property: 'cluster_config',
      block_type_slug: 'kubernetes-cluster-config',
      block_schema_checksum: 'sha256:90d421e948bfbe4cdc98b124995f0edd0f84b0837549ad1390423bad8e31cf3b',
      resolution: 'registered',
    });
  });

  it("a new entry: outcome 'new', its schema 'new' with the computed checksum", async () => {
    const fresh = entry('Fresh Block', 'fresh-block');
    const result = await preview([file('fresh.json', fresh)]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual({ new: 1, update: 0, new_version: 0, unchanged: 0, schemas_new: 1, schemas_registered: 0 });
    expect(result.files).toEqual([{ name: 'fresh.json', format: 'entry', format_label: 'one block type with its schema', block_types: 1 }]);
    expect(result.block_types).toEqual([
      {
        slug: 'fresh-block',
        name: 'Fresh Block',
        collection: null,
        file: 'fresh.json',
        path: '$',
        outcome: 'new',
        changes: [],
        // A new schema comes with its fields, for the window's form preview.
        schemas: [
          {
            version: '1.0.0',
            checksum: schemaOf(fresh).checksum,
            recorded_checksum: schemaOf(fresh).checksum,
            capabilities: ['read-path'],
            outcome: 'new',
            fields_json: JSON.stringify(schemaOf(fresh).fields),
          },
        ],
        references: [],
      },
    ]);
  });

  it("a known schema under a new version: a 'new' schema of a type whose outcome is 'new-version', not 'unchanged'", async () => {
    const s3 = catalogueEntry('s3-bucket');
    schemaOf(s3).version = '9.9.9';
    const result = await preview([file('s3.json', [s3])]);
    expect(result.errors).toEqual([]);
    expect(result.counts).toEqual({ new: 0, update: 0, new_version: 1, unchanged: 0, schemas_new: 1, schemas_registered: 0 });
    expect(result.block_types[0]?.outcome).toBe('new-version');
    expect(result.block_types[0]?.changes).toEqual([]);
    expect(result.block_types[0]?.schemas.map((schema) => [schema.version, schema.outcome])).toEqual([['9.9.9', 'new']]);
  });

  it('a new version of a known type says what changed since the stored one, field by field, and what of it breaks saved documents', async () => {
    const s3 = catalogueEntry('s3-bucket');
    const stored = schemaOf(s3);
    const storedChecksum = String(stored.checksum);
    const storedVersion = String(stored.version);
    const fields = asObject(stored.fields);
    const properties = asObject(fields.properties);
    delete properties.bucket_folder;
    properties.region = json('{"title": "Region", "type": "string"}');
    fields.required = [...(Array.isArray(fields.required) ? fields.required : []), 'region'];
    stored.version = '0.8.0';
    stored.checksum = blockSchemaChecksum(fields);
    const result = await preview([file('s3.json', [s3])]);
    expect(result.errors).toEqual([]);
    const type = result.block_types[0];
    expect(type?.outcome).toBe('new-version');
    const change = type?.schemas[0]?.change;
    expect(change?.previous_checksum).toBe(storedChecksum);
    expect(change?.previous_version).toBe(storedVersion);
    expect(change?.summary.schema).toContain(`version ${storedVersion} → 0.8.0`);
    expect(change?.summary.properties.map((property) => [property.name, property.kind])).toEqual([
      ['region', 'added'],
      ['bucket_folder', 'removed'],
    ]);
    expect(change?.breaking).toEqual([
      { field: 'bucket_folder', kind: 'field-removed', message: "field 'bucket_folder' removed" },
      { field: 'region', kind: 'required-without-default', message: "new field 'region' required without a default" },
    ]);
  });

  it('a new type brings no comparison; a second version in the same import is compared with the first', async () => {
    const first = entry('Versioned Block', 'versioned-block');
    const second = clone(first);
    const secondFields = asObject(schemaOf(second).fields);
    asObject(secondFields.properties).extra = json('{"title": "Extra", "type": "integer", "default": 1}');
    schemaOf(second).version = '2.0.0';
    schemaOf(second).checksum = blockSchemaChecksum(secondFields);
    const result = await preview([file('versions.json', [first, second])]);
    expect(result.errors).toEqual([]);
    const [one, two] = result.block_types[0]?.schemas ?? [];
    expect(one?.change).toBeUndefined();
    expect(two?.change?.previous_version).toBe('1.0.0');
    expect(two?.change?.summary.properties).toEqual([{ name: 'extra', kind: 'added', details: ['integer', 'default 1'] }]);
    expect(two?.change?.breaking).toEqual([]);
  });

  it("a changed description: outcome 'update' with the change, before and after", async () => {
    const s3 = catalogueEntry('s3-bucket');
    const before = String(s3.description);
    s3.description = 'A bucket, described anew.';
    s3.documentation_url = null;
    const result = await preview([file('s3.json', [s3])]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual({ new: 0, update: 1, new_version: 0, unchanged: 0, schemas_new: 0, schemas_registered: 1 });
    expect(result.block_types[0]?.outcome).toBe('update');
    expect(result.block_types[0]?.changes).toEqual([
      { field: 'documentation_url', before: 'https://prefecthq.github.io/prefect-aws/s3/#prefect_aws.s3.S3Bucket', after: null },
      { field: 'description', before, after: 'A bucket, described anew.' },
    ]);
  });

  it("a name differing from the stored one for the same slug: warning 'name-differs', the type unchanged", async () => {
    const s3 = catalogueEntry('s3-bucket');
    s3.name = 'S3 Bucket Renamed';
    const result = await preview([file('renamed.json', [s3])]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        kind: 'name-differs',
        file: 'renamed.json',
        path: '[0].name',
        message: "name 'S3 Bucket Renamed' differs from the stored 'S3 Bucket' for slug 's3-bucket'; the stored name is kept.",
      },
    ]);
    expect(result.block_types[0]?.outcome).toBe('unchanged');
    expect(result.block_types[0]?.name).toBe('S3 Bucket Renamed');
  });

  it("the protected slug 'secret': warning 'protected-slug' at its slug, naming the fields that would be updated", async () => {
    const secret = entry('Secret', 'secret');
    const result = await preview([file('secret.json', [secret])]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        kind: 'protected-slug',
        file: 'secret.json',
        path: '[0].slug',
        message: "slug 'secret' belongs to the protected block type 'Secret'; its logo_url, documentation_url, description, code_example would be updated.",
      },
    ]);
    expect(result.block_types[0]?.outcome).toBe('update');
    expect(result.block_types[0]?.changes.map((change) => change.field)).toEqual(['logo_url', 'documentation_url', 'description', 'code_example']);
    expect(result.block_types[0]?.schemas[0]?.outcome).toBe('new');
  });

  it("the protected slug 'secret' with its stored metadata: 'protected-slug' says nothing about it would change; its new schema makes it 'new-version'", async () => {
    const stored = await readBlockTypeBySlug(launched.registry.db, 'secret');
    if (stored === null) throw new Error('secret is not registered');
    const secret = {
      ...entry('Secret', 'secret'),
      logo_url: stored.logo_url,
      documentation_url: stored.documentation_url,
      description: stored.description,
      code_example: stored.code_example,
    };
    const result = await preview([file('secret.json', secret)]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      { kind: 'protected-slug', file: 'secret.json', path: 'slug', message: "slug 'secret' belongs to the protected block type 'Secret'; nothing about it would change." },
    ]);
    expect(result.block_types[0]?.outcome).toBe('new-version');
    expect(result.block_types[0]?.changes).toEqual([]);
    expect(result.block_types[0]?.schemas.map((schema) => schema.outcome)).toEqual(['new']);
  });

  it("a hand-edited recorded checksum: warning 'checksum-mismatch' showing both; the computed one is what is stored", async () => {
    const edited = entry('Edited Block', 'edited-block');
    const right = String(schemaOf(edited).checksum);
    const wrong = `sha256:${'0123456789abcdef'.repeat(4)}`;
    schemaOf(edited).checksum = wrong;
    const result = await preview([file('edited.json', [edited])]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        kind: 'checksum-mismatch',
        file: 'edited.json',
        path: '[0].block_schema.checksum',
        message: `the recorded checksum ${wrong} does not match the fields (${right}): the file was edited by hand. The computed checksum will be stored.`,
      },
    ]);
    expect(result.block_types[0]?.schemas).toEqual([
      { version: '1.0.0', checksum: right, recorded_checksum: wrong, capabilities: ['read-path'], outcome: 'new', fields_json: JSON.stringify(schemaOf(edited).fields) },
    ]);
  });

  it("the same slug in two files: warning 'duplicate-slug' on the later one; one block type", async () => {
    const result = await preview([file('a.json', [entry('Twice', 'twice')]), file('b.json', [entry('Twice', 'twice')])]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ kind: 'duplicate-slug', file: 'b.json', path: '[0]', message: "slug 'twice' also appears at a.json: [0]; with the same metadata." }]);
    expect(result.block_types.map((type) => [type.file, type.path, type.slug])).toEqual([['a.json', '[0]', 'twice']]);
    expect(result.counts).toEqual({ new: 1, update: 0, new_version: 0, unchanged: 0, schemas_new: 1, schemas_registered: 1 });
  });

  it("the same slug twice with different metadata: 'duplicate-slug' says the later one wins, and its metadata decides the outcome", async () => {
    const s3 = catalogueEntry('s3-bucket');
    const changed = catalogueEntry('s3-bucket');
    changed.description = 'A bucket, described anew.';
    const result = await preview([file('same.json', [s3]), file('changed.json', [changed])]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ kind: 'duplicate-slug', file: 'changed.json', path: '[0]', message: "slug 's3-bucket' also appears at same.json: [0]; the later one's metadata wins." }]);
    expect(result.block_types).toHaveLength(1);
    expect(result.block_types[0]?.file).toBe('same.json');
    expect(result.block_types[0]?.outcome).toBe('update');
    expect(result.block_types[0]?.changes).toEqual([{ field: 'description', before: String(s3.description), after: 'A bucket, described anew.' }]);
    expect(result.counts).toEqual({ new: 0, update: 1, new_version: 0, unchanged: 0, schemas_new: 0, schemas_registered: 2 });
  });

  it("the same slug twice in one file with different metadata: 'duplicate-slug'; with the same metadata: no warning", async () => {
    const first = entry('Again', 'again');
    const other = { ...entry('Again', 'again'), description: 'Another description.' };
    const differing = await preview([file('again.json', [first, other])]);
    expect(differing.warnings).toEqual([{ kind: 'duplicate-slug', file: 'again.json', path: '[1]', message: "slug 'again' also appears at again.json: [0]; the later one's metadata wins." }]);
    expect(differing.block_types.map((type) => [type.path, type.outcome])).toEqual([['[0]', 'new']]);
    const same = await preview([file('again.json', [first, entry('Again', 'again')])]);
    expect(same.warnings).toEqual([]);
    expect(same.counts).toEqual({ new: 1, update: 0, new_version: 0, unchanged: 0, schemas_new: 1, schemas_registered: 1 });
  });

  it("a reference to a missing block type: an error with file, path and Prefect's message; resolution 'unresolved'", async () => {
    const ghost = fieldsFor('Ghost', 'ghost');
    const result = await preview([file('refs.json', [nestingEntry('Haunted', 'haunted', ghost, 'ghost'), entry('Fine', 'fine')])]);
    expect(result.errors).toEqual([
      {
        file: 'refs.json',
        path: '[0].block_schema.fields.block_schema_references.child',
        message: MISSING_TYPE_MESSAGE('ghost'),
        // A registration error names its entry too, as a validation error does.
        entry: { index: 0, slug: 'haunted', name: 'Haunted' },
      },
    ]);
    expect(result.block_types[0]?.references).toEqual([{ property: 'child', block_type_slug: 'ghost', block_schema_checksum: blockSchemaChecksum(ghost), resolution: 'unresolved' }]);
    // The preview still describes everything it read.
    expect(result.counts).toEqual({ new: 2, update: 0, new_version: 0, unchanged: 0, schemas_new: 2, schemas_registered: 0 });
  });

  it("a known type whose nested schema is neither stored nor imported, but defined: 'from-definitions'", async () => {
    const github = loadCatalogue().find((e) => e.slug === 'github-credentials');
    if (github === undefined) throw new Error('github-credentials missing');
    const changed = clone(github.fields);
    changed.description = 'A changed GitHub credentials definition.';
    const parent = nestingEntry('Uses Changed GitHub', 'uses-changed-github', changed, 'github-credentials');
    const result = await preview([file('parent.json', parent)]);
    expect(result.errors).toEqual([]);
    expect(result.block_types[0]?.references).toEqual([
      { property: 'child', block_type_slug: 'github-credentials', block_schema_checksum: blockSchemaChecksum(changed), resolution: 'from-definitions' },
    ]);
  });

  it("a nested schema that comes with the import: 'in-import'; one already stored: 'registered'", async () => {
    const child = entry('Import Child', 'import-child');
    const github = loadCatalogue().find((e) => e.slug === 'github-credentials');
    if (github === undefined) throw new Error('github-credentials missing');
    const parent = nestingEntry('Import Parent', 'import-parent', asObject(schemaOf(child).fields), 'import-child');
    const other = nestingEntry('Uses GitHub', 'uses-github', github.fields, 'github-credentials');
    const result = await preview([file('pair.json', [parent, child, other])]);
    expect(result.errors).toEqual([]);
    expect(result.block_types.map((type) => type.references.map((reference) => [reference.block_type_slug, reference.resolution]))).toEqual([
      [['import-child', 'in-import']],
      [],
      [['github-credentials', 'registered']],
    ]);
    expect(result.counts).toEqual({ new: 3, update: 0, new_version: 0, unchanged: 0, schemas_new: 3, schemas_registered: 0 });
  });

  it('one bad entry beside new, updated and unchanged ones: every valid entry previewed, the error names entry, value and suggested slug', async () => {
    const s3 = catalogueEntry('s3-bucket');
    s3.description = 'A bucket, described anew.';
    const bad = { ...entry('My Block!', 'my-block'), slug: 'My Block!' };
    const result = await preview([file('mixed.json', [entry('Fresh Mix', 'fresh-mix'), s3, catalogueEntry('gcs-bucket'), bad])]);
    expect(result.counts).toEqual({ new: 1, update: 1, new_version: 0, unchanged: 1, schemas_new: 1, schemas_registered: 2 });
    expect(result.block_types.map((type) => [type.slug, type.outcome])).toEqual([
      ['fresh-mix', 'new'],
      ['s3-bucket', 'update'],
      ['gcs-bucket', 'unchanged'],
    ]);
    expect(result.files).toEqual([{ name: 'mixed.json', format: 'entry-list', format_label: 'a list of block types with their schemas', block_types: 3 }]);
    expect(result.errors).toEqual([
      {
        file: 'mixed.json',
        path: '[3].slug',
        message: 'Block type slug must only contain lowercase letters, numbers, and dashes.',
        entry: { index: 3, slug: 'My Block!', name: 'My Block!' },
        value: '"My Block!"',
        expected: 'suggested slug: "my-block"',
      },
    ]);
  });

  it('a bad entry that another one nests: both errors, the nesting one found by the rolled-back registration', async () => {
    const childFields = fieldsFor('BadChild', 'bad-child');
    const child = { ...entry('Bad Child', 'bad-child', childFields), slug: 'Bad_Child' };
    const parent = nestingEntry('Good Parent', 'good-parent', childFields, 'bad-child');
    const result = await preview([file('nest.json', [child, parent])]);
    expect(result.block_types.map((type) => type.slug)).toEqual(['good-parent']);
    expect(result.errors.map((error) => [error.path, error.entry?.index, error.entry?.slug])).toEqual([
      ['[0].slug', 0, 'Bad_Child'],
      ['[1].block_schema.fields.block_schema_references.child', 1, 'good-parent'],
    ]);
    expect(result.errors[1]?.message).toBe(MISSING_TYPE_MESSAGE('bad-child'));
  });

  it('a file that fails to parse beside a good one: errors, and format null for the bad one', async () => {
    const result = await preview([file('good.json', entry('Good One', 'good-one')), file('bad.json', '{"foo": 1}'), file('python.py', 'import prefect\n')]);
    expect(result.files).toEqual([
      { name: 'good.json', format: 'entry', format_label: 'one block type with its schema', block_types: 1 },
      { name: 'bad.json', format: null, format_label: null, block_types: 0 },
      { name: 'python.py', format: null, format_label: null, block_types: 0 },
    ]);
    expect(result.errors.map((error) => [error.file, error.path])).toEqual([
      ['bad.json', '$'],
      ['python.py', '$'],
    ]);
    expect(result.errors[0]?.message).toMatch(/^JSON of another shape\. Expected /);
    // A .py file runs its code to be read: refused unless the caller allows running Python (docs/decisions/python-consent.md).
    expect(result.errors[1]?.message).toBe(PYTHON_NOT_ALLOWED);
    expect(result.block_types.map((type) => type.slug)).toEqual(['good-one']);
  });

  it('binary and validation problems are errors too, with file and JSON path', async () => {
    const bad = entry('Bad', 'bad');
    schemaOf(bad).fields = 'text';
    const result = await preview([{ name: 'bin.dat', bytes: new Uint8Array([1, 0, 2]) }, file('bad.json', [bad])]);
    expect(result.errors).toEqual([
      { file: 'bin.dat', path: '$', message: expect.stringMatching(/^this is a binary file, not JSON\./) },
      {
        file: 'bad.json',
        path: '[0].block_schema.fields',
        message: 'must be a JSON object',
        entry: { index: 0, slug: 'bad', name: 'Bad' },
        value: '"text"',
        expected: 'a JSON schema object, as Prefect\'s schema fields: {"title": …, "type": "object", "properties": {…}}',
      },
    ]);
    // A file whose shape is recognised is read, even when none of its entries is valid.
    expect(result.files).toEqual([
      { name: 'bin.dat', format: null, format_label: null, block_types: 0 },
      { name: 'bad.json', format: 'entry-list', format_label: 'a list of block types with their schemas', block_types: 0 },
    ]);
  });

  // ---- Warning paths: the root of a single-entry file is '$'; deeper paths never start with '$.'
  // nor with a dot, and a checksum-mismatch points at the recorded checksum of the schema object.

  it('warning paths of a single-entry file (path "$") have no leading dot', async () => {
    const s3 = catalogueEntry('s3-bucket');
    s3.name = 'S3 Bucket Renamed';
    schemaOf(s3).checksum = `sha256:${'1'.repeat(64)}`;
    const result = await preview([file('single.json', s3)]);
    expect(result.warnings.map((warning) => [warning.kind, warning.path])).toEqual([
      ['name-differs', 'name'],
      ['checksum-mismatch', 'block_schema.checksum'],
    ]);
  });

  it('the duplicate-slug message of single-entry files does not show an empty path', async () => {
    const result = await preview([file('a.json', entry('Twice', 'twice')), file('b.json', entry('Twice', 'twice'))]);
    expect(result.warnings).toEqual([{ kind: 'duplicate-slug', file: 'b.json', path: '$', message: "slug 'twice' also appears at a.json: $; with the same metadata." }]);
    expect(result.warnings[0]?.message).not.toContain('a.json: ;');
  });

  it('checksum-mismatch paths point at the recorded checksum in REST, inspect and export files', async () => {
    const wrong = `sha256:${'2'.repeat(64)}`;
    const fields = fieldsFor('RestBlock', 'rest-block');
    const blockType = { name: 'Rest Block', slug: 'rest-block', logo_url: null, documentation_url: null, description: null, code_example: null, is_protected: false };
    const rest = { checksum: wrong, fields, block_type: blockType, capabilities: [], version: '1.0.0' };
    const exported = { collections: { c: { block_types: { 'rest-block': { ...blockType, block_schemas: [{ checksum: wrong, fields, capabilities: [], version: '1.0.0' }] } } } } };
    const result = await preview([
      file('rest.json', rest),
      file('inspect.json', { block_type: blockType, schema: { checksum: wrong, fields, capabilities: [], version: '2.0.0' } }),
      file('export.json', exported),
    ]);
    expect(result.warnings.filter((warning) => warning.kind === 'checksum-mismatch').map((warning) => [warning.file, warning.path])).toEqual([
      ['rest.json', 'checksum'],
      ['inspect.json', 'schema.checksum'],
      ['export.json', 'collections.c.block_types.rest-block.block_schemas[0].checksum'],
    ]);
  });
});

// ---------------------------------------------------------------------------
// IPC: previewImport, applyImport, cancelImport through dispatch

describe('import over IPC (createHandlers + dispatch)', () => {
  let launched: LaunchedRegistry;
  let ipc: RecordingHandlers;

  const folder = useTempFolder('import-ipc');

  beforeAll(async () => {
    launched = await launchRegistry(folder);
    ipc = recordingHandlers(launched);
  });
  afterAll(async () => {
    await launched.registry.close();
  });

  const dbBytes = (): Buffer => readFileSync(launched.registry.path);
  const GONE = 'This import preview is no longer available (already registered or cancelled). Drop the files again.';

  // A dropped .py file runs only after the person confirmed it: test/integration/python-window.test.ts.

  it('previewImport then applyImport registers the types and returns the report', async () => {
    const before = dbBytes();
    const catalogue = { collections: { 'my-collection': { block_types: { 'ipc-one': entry('IPC One', 'ipc-one') } } } };
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('one.json', catalogue), file('two.json', [entry('IPC Two', 'ipc-two')])] });
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toEqual({ new: 2, update: 0, new_version: 0, unchanged: 0, schemas_new: 2, schemas_registered: 0 });
    expect(dbBytes().equals(before)).toBe(true);

    const report = await ipc.call<RegistrationReport>('applyImport', { preview_id: preview.id });
    expect(report.sources).toHaveLength(1);
    expect(report.sources[0]).toMatchObject({ name: 'one.json, two.json', kind: 'import', status: 'registered', errors: [] });
    expect(report.totals).toEqual({ created: 2, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 2, schemas_existing: 0 });
    expect(dbBytes().equals(before)).toBe(false);

    const types = await ipc.call<CatalogueEntry[]>('listBlockTypes');
    expect(types).toHaveLength(56);
    expect(types.filter((type) => type.block_type.slug.startsWith('ipc-')).map((type) => [type.block_type.slug, type.collection, type.schema_count, type.latest_version])).toEqual([
      ['ipc-one', 'my-collection', 1, '1.0.0'],
      ['ipc-two', 'imported', 1, '1.0.0'],
    ]);
  });

  it('applyImport saves what the preview registered, without registering again: its rows are dated from the preview', async () => {
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('once.json', entry('Registered Once', 'registered-once'))] });
    // Timestamps are strictly increasing within a process: anything registered from here on is later.
    const afterPreview = utcNow();
    const report = await ipc.call<RegistrationReport>('applyImport', { preview_id: preview.id });
    expect(report.totals).toMatchObject({ created: 1, schemas_created: 1 });
    const stored = await readBlockTypeBySlug(launched.registry.db, 'registered-once');
    expect(stored?.created.localeCompare(afterPreview)).toBe(-1);
    expect(report.started_at.localeCompare(afterPreview)).toBe(-1);
  });

  it('a write between preview and apply: apply registers the entries again, and the write in between stays', async () => {
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('later.json', entry('Applied Later', 'applied-later'))] });
    await importEntries(launched.registry, [
      { blockType: { ...typeInputOf(entry('Meanwhile', 'meanwhile')) }, blockSchema: null, collection: null, file: 'meanwhile.json', path: '$', schemaPath: null },
    ]);
    const afterWrite = utcNow();
    const report = await ipc.call<RegistrationReport>('applyImport', { preview_id: preview.id });
    expect(report.totals).toMatchObject({ created: 1, schemas_created: 1 });
    expect((await readBlockTypeBySlug(launched.registry.db, 'applied-later'))?.created.localeCompare(afterWrite)).toBe(1);
    expect(await readBlockTypeBySlug(launched.registry.db, 'meanwhile')).not.toBeNull();
  });

  it("applying the same preview twice: the second is a typed 'not_found' error and writes nothing", async () => {
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('twice.json', entry('Applied Twice', 'applied-twice'))] });
    await ipc.call<RegistrationReport>('applyImport', { preview_id: preview.id });
    const after = dbBytes();
    expect(await ipc.callError('applyImport', { preview_id: preview.id })).toEqual({ code: 'not_found', message: GONE, issues: [] });
    expect(dbBytes().equals(after)).toBe(true);
  });

  it("cancelImport then applyImport: 'not_found', nothing registered", async () => {
    const before = dbBytes();
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('cancel.json', entry('Cancelled', 'cancelled'))] });
    expect(await ipc.call<null>('cancelImport', { preview_id: preview.id })).toBeNull();
    expect(await ipc.callError('applyImport', { preview_id: preview.id })).toEqual({ code: 'not_found', message: GONE, issues: [] });
    expect(dbBytes().equals(before)).toBe(true);
    expect((await ipc.call<CatalogueEntry[]>('listBlockTypes')).some((type) => type.block_type.slug === 'cancelled')).toBe(false);
    // Cancelling an unknown id is harmless.
    expect(await ipc.call<null>('cancelImport', { preview_id: '00000000-0000-4000-8000-000000000000' })).toBeNull();
  });

  it("a preview with errors cannot be applied ('not_found'); the database is unchanged", async () => {
    const before = dbBytes();
    const preview = await ipc.call<ImportPreview>('previewImport', {
      files: [file('refs.json', [nestingEntry('Broken Parent', 'broken-parent', fieldsFor('Nobody', 'nobody'), 'nobody')])],
    });
    expect(preview.errors).toEqual([
      {
        file: 'refs.json',
        path: '[0].block_schema.fields.block_schema_references.child',
        message: MISSING_TYPE_MESSAGE('nobody'),
        entry: { index: 0, slug: 'broken-parent', name: 'Broken Parent' },
      },
    ]);
    expect(await ipc.callError('applyImport', { preview_id: preview.id })).toEqual({ code: 'not_found', message: GONE, issues: [] });
    expect(dbBytes().equals(before)).toBe(true);
    expect((await ipc.call<CatalogueEntry[]>('listBlockTypes')).some((type) => type.block_type.slug === 'broken-parent')).toBe(false);
  });

  it('only the 8 newest previews are kept: the oldest of 9 is forgotten', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 9; index++) {
      ids.push((await ipc.call<ImportPreview>('previewImport', { files: [file(`p${index}.json`, entry(`Pending ${index}`, `pending-${index}`))] })).id);
    }
    expect((await ipc.callError('applyImport', { preview_id: ids[0] })).code).toBe('not_found');
    const report = await ipc.call<RegistrationReport>('applyImport', { preview_id: ids[8] });
    expect(report.sources[0]?.name).toBe('p8.json');
    expect(report.totals.created).toBe(1);
    for (const id of ids.slice(1, 8)) await ipc.call<null>('cancelImport', { preview_id: id });
  });

  it('a Buffer (a Uint8Array) is accepted as file bytes', async () => {
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [{ name: 'catalogue.json', bytes: readFileSync(CATALOGUE_PATH) }] });
    expect(preview.counts.unchanged).toBe(40);
    await ipc.call<null>('cancelImport', { preview_id: preview.id });
  });

  it.each([
    ['previewImport', { files: [{ name: 'a.json', bytes: [123, 125] }] }, [{ path: 'files[0].bytes', message: 'must be the file bytes (a Uint8Array)' }]],
    ['previewImport', { files: [{ name: 'a.json', bytes: '{}' }] }, [{ path: 'files[0].bytes', message: 'must be the file bytes (a Uint8Array)' }]],
    ['previewImport', { files: [] }, [{ path: 'files', message: 'no files given' }]],
    ['applyImport', { preview_id: 'not-a-uuid' }, [{ path: 'preview_id', message: 'must be an import preview id' }]],
    ['cancelImport', { preview_id: '1234' }, [{ path: 'preview_id', message: 'must be an import preview id' }]],
  ])('%s with bad arguments %j: invalid_input', async (channel, args, issues) => {
    const before = dbBytes();
    expect(await ipc.callError(channel, args)).toEqual({ code: 'invalid_input', message: `Invalid arguments for ${channel}.`, issues });
    expect(dbBytes().equals(before)).toBe(true);
  });

  it('more than 100 files at once: invalid_input', async () => {
    const files = Array.from({ length: 101 }, (_, index) => file(`f${index}.json`, entry(`Many ${index}`, `many-${index}`)));
    expect(await ipc.callError('previewImport', { files })).toEqual({
      code: 'invalid_input',
      message: 'Invalid arguments for previewImport.',
      issues: [{ path: 'files', message: 'at most 100 files at once' }],
    });
    const hundred = await ipc.call<ImportPreview>('previewImport', { files: files.slice(0, 100) });
    expect(hundred.counts.new).toBe(100);
    await ipc.call<null>('cancelImport', { preview_id: hundred.id });
  });

  it('other malformed arguments: missing files, extra keys, an empty name', async () => {
    expect((await ipc.callError('previewImport', undefined)).code).toBe('invalid_input');
    expect((await ipc.callError('previewImport', { files: [file('a.json', '{}')], extra: 1 })).code).toBe('invalid_input');
    expect((await ipc.callError('previewImport', { files: [{ name: '', bytes: new Uint8Array([123, 125]) }] })).code).toBe('invalid_input');
    expect((await ipc.callError('applyImport', {})).code).toBe('invalid_input');
  });
});

// ---------------------------------------------------------------------------
// One block type per slug, in the preview and in the report: a slug that comes more than once
// is one type; a schema already seen earlier in the batch is 'registered' (existing) later on.

describe('preview counts agree with what applying reports', () => {
  async function previewThenApply(files: ImportFileInput[]) {
    const { dir } = await temp.fresh();
    const launched = await launchRegistry(dir);
    try {
      const ipc = recordingHandlers(launched);
      const preview = await ipc.call<ImportPreview>('previewImport', { files });
      const report = await ipc.call<RegistrationReport>('applyImport', { preview_id: preview.id });
      return { preview, report };
    } finally {
      await launched.registry.close();
    }
  }

  it('for a mix of new, updated and unchanged types', async () => {
    const s3 = catalogueEntry('s3-bucket');
    s3.description = 'changed';
    const { preview, report } = await previewThenApply([file('mix.json', [entry('Mix New', 'mix-new'), s3, catalogueEntry('gcs-bucket')])]);
    expect(preview.counts).toEqual({ new: 1, update: 1, new_version: 0, unchanged: 1, schemas_new: 1, schemas_registered: 2 });
    expect(report.totals).toEqual({ created: 1, updated: 1, new_versions: 0, unchanged: 1, failed: 0, schemas_created: 1, schemas_existing: 2 });
  });

  it('when one new slug appears in two files (same schema)', async () => {
    const { preview, report } = await previewThenApply([file('a.json', [entry('Dup', 'dup')]), file('b.json', [entry('Dup', 'dup')])]);
    expect(report.totals).toEqual({ created: 1, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 1, schemas_existing: 1 });
    expect(preview.counts).toEqual({ new: 1, update: 0, new_version: 0, unchanged: 0, schemas_new: 1, schemas_registered: 1 });
    expect([preview.counts.new, preview.counts.unchanged, preview.counts.schemas_new, preview.counts.schemas_registered]).toEqual([
      report.totals.created,
      report.totals.unchanged,
      report.totals.schemas_created,
      report.totals.schemas_existing,
    ]);
  });

  it('for a POST /block_schemas/filter list holding two versions of one new type (no duplicate-slug warning)', async () => {
    const fields = fieldsFor('Listed', 'listed');
    const blockType = {
      id: '4b9f2c1e-6a5b-4d2e-9b1c-0e2a3b4c5d6e',
      name: 'Listed',
      slug: 'listed',
      logo_url: null,
      documentation_url: null,
      description: null,
      code_example: null,
      is_protected: false,
    };
    const version = (v: string) => ({ checksum: blockSchemaChecksum(fields), fields, block_type: blockType, capabilities: [], version: v });
    const { preview, report } = await previewThenApply([file('filter.json', [version('2.0.0'), version('1.0.0')])]);
    expect(report.totals).toEqual({ created: 1, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 2, schemas_existing: 0 });
    expect(preview.counts).toEqual({ new: 1, update: 0, new_version: 0, unchanged: 0, schemas_new: 2, schemas_registered: 0 });
    expect(preview.warnings).toEqual([]);
    expect([preview.counts.new, preview.counts.unchanged, preview.counts.schemas_new]).toEqual([report.totals.created, report.totals.unchanged, report.totals.schemas_created]);
  });
});
