// Every accepted block definition format, recognised by content (`parseBlockDefinitions`), and
// every refusal with its exact message naming the file (`decodeBlockFile` for the bytes).
import { describe, expect, it } from 'vitest';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { RegistryError, type RegistryIssue } from '../../src/shared/errors';
import { decodeBlockFile, EXPECTED_FORMATS, MAX_ENTRIES, MAX_FILE_BYTES, parseBlockDefinitions, type ParsedBlockFile } from '../../src/shared/formats';
import { isLosslessNumber, jsonEqual, LosslessNumber, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';
import { CATALOGUE_PATH, asObject, fieldsFor, json, loadCatalogue, readCatalogueText, registryErrorSync } from '../helpers/registry';
import { located } from '../helpers/issues';

// ---------------------------------------------------------------------------
// Fixtures

/** A catalogue-style entry: a block type with its block_schema (recorded checksum included). */
function entry(name: string, slug: string, version = '1.0.0', fields: JsonObject = fieldsFor(name.replace(/\W/g, ''), slug)): JsonObject {
  return {
    name,
    slug,
    logo_url: 'https://example.com/logo.png',
    documentation_url: 'https://example.com/docs',
    description: `The ${name} block.`,
    code_example: `from x import ${name.replace(/\W/g, '')}`,
    block_schema: { checksum: blockSchemaChecksum(fields), fields, capabilities: ['read-path'], version },
  };
}

const TYPE_ID = '4b9f2c1e-6a5b-4d2e-9b1c-0e2a3b4c5d6e';
const CREATED = '2024-06-24T10:11:12.123456Z';

/** A block type as Prefect's REST API returns it (ids, timestamps, is_protected). */
function restBlockType(name: string, slug: string, isProtected = false): JsonObject {
  return {
    id: TYPE_ID,
    created: CREATED,
    updated: CREATED,
    name,
    slug,
    logo_url: 'https://example.com/rest.png',
    documentation_url: null,
    description: `REST ${name}`,
    code_example: null,
    is_protected: isProtected,
  };
}

/** The shape of Prefect's `GET /block_schemas/{id}`: the schema with its nested `block_type`. */
function restSchema(name: string, slug: string, version = '2.0.0', schemaId = '7c1d2e3f-0a1b-4c2d-8e3f-405162738495'): JsonObject {
  const fields = fieldsFor(name.replace(/\W/g, ''), slug);
  return {
    id: schemaId,
    created: CREATED,
    updated: CREATED,
    checksum: blockSchemaChecksum(fields),
    fields,
    block_type_id: TYPE_ID,
    block_type: restBlockType(name, slug),
    capabilities: ['get-directory'],
    version,
  };
}

function text(value: JsonValue): string {
  return stringifyJson(value, 2);
}

function parse(file: string, value: JsonValue | string): ParsedBlockFile {
  return parseBlockDefinitions(file, typeof value === 'string' ? value : text(value));
}

/** A whole-file refusal: one issue at `path` ('$', the whole document, unless a JSON syntax error stopped deeper). */
function refusal(file: string, value: string, expected: string, path = '$'): RegistryError {
  const error = registryErrorSync(() => parseBlockDefinitions(file, value), 'invalid_input');
  expect(error.message).toBe(`${file}: ${expected}`);
  expect(error.issues).toEqual([{ file, path, message: expected }]);
  return error;
}

function decodeRefusal(file: string, bytes: Uint8Array, expected: string): void {
  const error = registryErrorSync(() => decodeBlockFile(file, bytes), 'invalid_input');
  expect(error.message).toBe(`${file}: ${expected}`);
  expect(error.issues).toEqual([{ file, path: '$', message: expected }]);
}

const NOT_JSON = (detail: string, hint = ''): string => `not JSON (Invalid JSON at ${detail}).${hint} Expected ${EXPECTED_FORMATS}.`;
const PYTHON_HINT =
  ' It looks like Python: block classes are read from a file named .py, by Prefect, on the command line (`block-registry import FILE.py`); or export the schema with `prefect block type inspect SLUG -o json`.';
const OTHER_SHAPE = `JSON of another shape. Expected ${EXPECTED_FORMATS}.`;
const EMPTY = `the file is empty. Expected ${EXPECTED_FORMATS}.`;

// ---------------------------------------------------------------------------

describe('each accepted format is recognised by its content', () => {
  it("Prefect's real catalogue: format 'catalogue', 40 entries with their collections", () => {
    const parsed = parse(CATALOGUE_PATH, readCatalogueText());
    expect(parsed.format).toBe('catalogue');
    expect(parsed.entries).toHaveLength(40);
    const perCollection: Record<string, number> = {};
    for (const e of parsed.entries) perCollection[e.collection ?? 'null'] = (perCollection[e.collection ?? 'null'] ?? 0) + 1;
    expect(perCollection).toEqual({
      'prefect-aws': 5,
      'prefect-azure': 5,
      'prefect-bitbucket': 2,
      'prefect-databricks': 1,
      'prefect-dbt': 8,
      'prefect-docker': 2,
      'prefect-email': 1,
      'prefect-gcp': 4,
      'prefect-github': 2,
      'prefect-gitlab': 2,
      'prefect-kubernetes': 2,
      'prefect-shell': 1,
      'prefect-slack': 1,
      'prefect-snowflake': 2,
      'prefect-sqlalchemy': 2,
    });
    const catalogue = loadCatalogue();
    parsed.entries.forEach((e, index) => {
      const expected = catalogue[index];
      expect(e.file).toBe(CATALOGUE_PATH);
      expect(e.blockType.slug).toBe(expected?.slug);
      expect(e.path).toBe(`collections.${expected?.collection}.block_types.${expected?.slug}`);
      expect(e.blockSchema?.checksum).toBe(expected?.checksum);
      expect(e.blockSchema?.version).toBe(expected?.version);
      expect(jsonEqual(e.blockSchema?.fields ?? {}, expected?.fields ?? {})).toBe(true);
    });
    const s3 = parsed.entries.find((e) => e.blockType.slug === 's3-bucket');
    expect(s3?.blockSchema?.capabilities).toEqual(['get-directory', 'put-directory', 'read-path', 'write-path']);
    expect(s3?.blockSchema?.version).toBe('0.4.14');
  });

  it('the file name plays no part: the catalogue named notes.yaml is still the catalogue', () => {
    const parsed = parse('notes.yaml', readCatalogueText());
    expect(parsed.format).toBe('catalogue');
    expect(parsed.entries).toHaveLength(40);
    expect(parsed.entries.every((e) => e.file === 'notes.yaml')).toBe(true);
  });

  it("one entry: format 'entry', path '$' and no collection", () => {
    const one = entry('My Block', 'my-block');
    const parsed = parse('one.json', one);
    expect(parsed.format).toBe('entry');
    expect(parsed.entries).toHaveLength(1);
    const [e] = parsed.entries;
    expect(e?.file).toBe('one.json');
    expect(e?.path).toBe('$');
    expect(e?.schemaPath).toBe('block_schema');
    expect(e?.collection).toBeNull();
    expect(e?.blockType).toEqual({
      name: 'My Block',
      slug: 'my-block',
      logo_url: 'https://example.com/logo.png',
      documentation_url: 'https://example.com/docs',
      description: 'The My Block block.',
      code_example: 'from x import MyBlock',
      is_protected: false,
    });
    expect(e?.blockSchema?.checksum).toBe(asObject(one.block_schema).checksum);
    expect(e?.blockSchema?.capabilities).toEqual(['read-path']);
    expect(e?.blockSchema?.version).toBe('1.0.0');
    expect(jsonEqual(e?.blockSchema?.fields ?? {}, asObject(asObject(one.block_schema).fields))).toBe(true);
  });

  it("a list of entries: format 'entry-list', one entry per item, paths by index", () => {
    const parsed = parse('list.json', [entry('First', 'first'), entry('Second', 'second', '3.1.4')]);
    expect(parsed.format).toBe('entry-list');
    expect(parsed.entries.map((e) => [e.blockType.slug, e.path, e.blockSchema?.version, e.collection])).toEqual([
      ['first', '[0]', '1.0.0', null],
      ['second', '[1]', '3.1.4', null],
    ]);
  });

  it("a REST block schema with nested block_type (GET /block_schemas/{id}): format 'rest-schema'", () => {
    const rest = restSchema('Rest Block', 'rest-block');
    const parsed = parse('schema.json', rest);
    expect(parsed.format).toBe('rest-schema');
    expect(parsed.entries).toHaveLength(1);
    const [e] = parsed.entries;
    expect(e?.path).toBe('block_type');
    expect(e?.collection).toBeNull();
    // ids and timestamps are dropped; the API's is_protected is never taken from a file.
    expect(e?.blockType).toEqual({
      name: 'Rest Block',
      slug: 'rest-block',
      logo_url: 'https://example.com/rest.png',
      documentation_url: null,
      description: 'REST Rest Block',
      code_example: null,
      is_protected: false,
    });
    expect(e?.blockSchema).toEqual({ checksum: rest.checksum, fields: rest.fields, capabilities: ['get-directory'], version: '2.0.0' });
  });

  it('a REST block type marked is_protected is still read as not protected', () => {
    const rest = { ...restSchema('Secret', 'secret'), block_type: restBlockType('Secret', 'secret', true) };
    const parsed = parse('secret.json', rest);
    expect(parsed.entries[0]?.blockType.is_protected).toBe(false);
  });

  it("a list of REST block schemas (POST /block_schemas/filter): format 'rest-schema-list'", () => {
    const first = restSchema('Rest Block', 'rest-block', '1.0.0');
    const second = restSchema('Other Rest', 'other-rest', '2.0.0', '8d1d2e3f-0a1b-4c2d-8e3f-405162738495');
    const parsed = parse('filter.json', [first, second]);
    expect(parsed.format).toBe('rest-schema-list');
    expect(parsed.entries.map((e) => [e.blockType.slug, e.path, e.blockSchema?.version, e.blockSchema?.checksum])).toEqual([
      ['rest-block', '[0].block_type', '1.0.0', first.checksum],
      ['other-rest', '[1].block_type', '2.0.0', second.checksum],
    ]);
  });

  it("`prefect block type inspect -o json` output {block_type, schema}: format 'inspect'", () => {
    const rest = restSchema('Inspected', 'inspected');
    const parsed = parse('inspect.json', { block_type: restBlockType('Inspected', 'inspected'), schema: rest });
    expect(parsed.format).toBe('inspect');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.entries[0]?.path).toBe('block_type');
    expect(parsed.entries[0]?.blockType.slug).toBe('inspected');
    expect(parsed.entries[0]?.blockSchema).toEqual({ checksum: rest.checksum, fields: rest.fields, capabilities: ['get-directory'], version: '2.0.0' });
  });

  it('inspect output with schema null: one entry whose blockSchema is null', () => {
    const parsed = parse('inspect.json', { block_type: restBlockType('Bare Type', 'bare-type'), schema: null });
    expect(parsed.format).toBe('inspect');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.entries[0]?.blockType.slug).toBe('bare-type');
    expect(parsed.entries[0]?.blockSchema).toBeNull();
  });

  it("this app's export: block_schemas gives one entry per version (block_schema, the newest, is not read twice)", () => {
    const v1 = asObject(entry('Versioned', 'versioned', '1.0.0').block_schema);
    const v2 = asObject(entry('Versioned', 'versioned', '2.0.0', fieldsFor('VersionedTwo', 'versioned')).block_schema);
    const exported = {
      block_registry_export: json('{"format_version": 1, "block_types": 1, "block_schemas": 2}'),
      collections: { 'my-collection': { block_types: { versioned: { ...entry('Versioned', 'versioned'), block_schema: v2, block_schemas: [v1, v2] } } } },
    };
    const parsed = parse('export.json', exported);
    expect(parsed.format).toBe('catalogue');
    expect(parsed.entries.map((e) => [e.blockType.slug, e.collection, e.path, e.blockSchema?.version, e.blockSchema?.checksum])).toEqual([
      ['versioned', 'my-collection', 'collections.my-collection.block_types.versioned', '1.0.0', v1.checksum],
      ['versioned', 'my-collection', 'collections.my-collection.block_types.versioned', '2.0.0', v2.checksum],
    ]);
  });

  it('an exported type with block_schemas: [] is one entry without a schema', () => {
    const bare: JsonObject = { ...entry('No Schema', 'no-schema'), block_schemas: [] };
    delete bare.block_schema;
    const parsed = parse('export.json', { collections: { imported: { block_types: { 'no-schema': bare } } } });
    expect(parsed.format).toBe('catalogue');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.entries[0]?.blockType.slug).toBe('no-schema');
    expect(parsed.entries[0]?.collection).toBe('imported');
    expect(parsed.entries[0]?.blockSchema).toBeNull();
  });
});

describe('bytes: decodeBlockFile', () => {
  it('an empty file is refused', () => {
    decodeRefusal('empty.json', new Uint8Array(0), EMPTY);
  });

  it('a file with a NUL byte is refused as binary', () => {
    decodeRefusal('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]), `this is a binary file, not JSON. Expected ${EXPECTED_FORMATS}.`);
    decodeRefusal('nul.json', new TextEncoder().encode('{"name": "A\u0000"}'), `this is a binary file, not JSON. Expected ${EXPECTED_FORMATS}.`);
  });

  it.each([
    ['a lone 0xFF', [0x7b, 0xff, 0x7d]],
    ['a stray continuation byte', [0x22, 0x80, 0x22]],
    ['an overlong encoding of /', [0x22, 0xc0, 0xaf, 0x22]],
    ['a truncated sequence', [0x22, 0xe2, 0x82]],
  ])('invalid UTF-8 (%s) is refused', (_, bytes) => {
    decodeRefusal('latin1.json', new Uint8Array(bytes), 'the file is not UTF-8 text.');
  });

  it('valid UTF-8 text comes back as text, non-ASCII included', () => {
    const source = '{"name": "Über Block 👍"}';
    expect(decodeBlockFile('utf8.json', new TextEncoder().encode(source))).toBe(source);
  });

  it('a BOM-prefixed file is accepted and parses', () => {
    const body = new TextEncoder().encode(text(entry('Bom Block', 'bom-block')));
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const parsed = parseBlockDefinitions('bom.json', decodeBlockFile('bom.json', bytes));
    expect(parsed.format).toBe('entry');
    expect(parsed.entries[0]?.blockType.slug).toBe('bom-block');
  });

  it(`a file over MAX_FILE_BYTES (${MAX_FILE_BYTES}) is refused; exactly MAX_FILE_BYTES is not refused for its size`, () => {
    decodeRefusal('huge.json', new Uint8Array(MAX_FILE_BYTES + 1).fill(0x20), `the file is ${MAX_FILE_BYTES + 1} bytes, over the 50 MB limit.`);
    expect(decodeBlockFile('limit.json', new Uint8Array(MAX_FILE_BYTES).fill(0x20))).toHaveLength(MAX_FILE_BYTES);
  });
});

describe('text: refusals with exact messages naming the file', () => {
  it('an empty file', () => {
    refusal('empty.json', '', EMPTY);
  });

  it('a whitespace-only file (also when read from bytes)', () => {
    refusal('blank.json', ' \n\t\r\n  ', EMPTY);
    refusal('blank.json', decodeBlockFile('blank.json', new TextEncoder().encode('   \n\n')), EMPTY);
  });

  it('a Python block file: names Python and `prefect block type inspect`', () => {
    const error = refusal('my_block.py', 'from prefect.blocks.core import Block\nclass MyBlock(Block): ...', NOT_JSON("line 1, column 1: JSON value expected, found 'f'", PYTHON_HINT));
    expect(error.message).toContain('Python');
    expect(error.message).toContain('prefect block type inspect');
  });

  it('a Python file starting with a docstring then imports also gets the hint', () => {
    refusal('block.py', '"""My block."""\nimport prefect\n', NOT_JSON("line 1, column 3: Unexpected '\"' after the JSON value", PYTHON_HINT));
  });

  it('YAML text: not JSON, without the Python hint', () => {
    const error = refusal('block.yaml', 'name: My Block\nslug: my-block\nblock_schema:\n  fields: {}\n', NOT_JSON("line 1, column 1: JSON value expected, found 'n'"));
    expect(error.message).not.toContain('Python');
  });

  it('YAML whose comments and keys look like Python keywords (#, from:, class:, import:) gets no Python hint', () => {
    const error = refusal('block.yaml', '# My block\nfrom: here\nclass: Block\nimport: all\ndef: x\n', NOT_JSON("line 1, column 1: JSON value expected, found '#'"));
    expect(error.message).not.toContain('Python');
  });

  it.each([['{"foo":1}'], ['[1,2]'], ['"text"'], ['[]'], ['42'], ['null'], ['[{"foo": 1}]']])('JSON of another shape: %s', (value) => {
    refusal('other.json', value, OTHER_SHAPE);
  });

  it('a catalogue with no block types at all', () => {
    refusal('empty-catalogue.json', '{"collections": {}}', 'it holds no block types.');
    refusal('empty-collections.json', '{"collections": {"prefect-dask": {"block_types": {}}}}', 'it holds no block types.');
  });

  it('nesting deeper than 512 levels is refused without a crash', () => {
    // The 513th level is refused (at its opening bracket); the path is where parsing stopped,
    // shown by its start, its end and its depth.
    const deepPath = `${'[0]'.repeat(12)}…${'[0]'.repeat(4)} (512 levels)`;
    refusal('deep.json', '['.repeat(600) + ']'.repeat(600), NOT_JSON('line 1, column 513: Nesting deeper than 512 levels'), deepPath);
    refusal('deep513.json', '['.repeat(513) + ']'.repeat(513), NOT_JSON('line 1, column 513: Nesting deeper than 512 levels'), deepPath);
    const objects = '{"a":'.repeat(600) + '1' + '}'.repeat(600);
    const error = registryErrorSync(() => parseBlockDefinitions('deep-objects.json', objects), 'invalid_input');
    expect(error.message).toContain('Nesting deeper than 512 levels');
    expect(error.issues.map((issue) => issue.path)).toEqual([`${Array(12).fill('a').join('.')}….a.a.a.a (512 levels)`]);
    const veryDeep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(registryErrorSync(() => parseBlockDefinitions('very-deep.json', veryDeep), 'invalid_input').message).toContain('Nesting deeper than 512 levels');
  });

  it('512 levels of nesting is within the limit (then refused only for its shape)', () => {
    refusal('deep.json', '['.repeat(512) + ']'.repeat(512), OTHER_SHAPE);
  });

  it('duplicate keys with different values are refused; with equal values accepted', () => {
    refusal('dup.json', '{"name": "A", "slug": "a", "name": "B"}', NOT_JSON("line 1, column 28: Duplicate key 'name' with a different value"), '$');
    const same = text(entry('Same', 'same')).replace('"slug": "same",', '"slug": "same", "slug": "same",');
    expect(same).toContain('"slug": "same", "slug": "same"');
    expect(parse('same.json', same).entries[0]?.blockType.slug).toBe('same');
  });

  it.each([
    ['NaN', '{"x": NaN}', 7, 'x'],
    ['-Infinity', '{"x": -Infinity}', 7, 'x'],
    ['Infinity', '[Infinity]', 2, '[0]'],
  ])('the literal %s is refused', (_, value, column, path) => {
    refusal('nan.json', value, NOT_JSON(`line 1, column ${column}: NaN and Infinity are not valid JSON numbers`), path);
  });
});

describe('JSON edge cases that are accepted', () => {
  it('__proto__ keys stay plain keys: no prototype pollution', () => {
    const fields =
      '{"title": "Proto", "type": "object", "properties": {"__proto__": {"polluted": "yes"}}, "__proto__": {"polluted": "yes"}, "block_type_slug": "proto-block", "secret_fields": [], "block_schema_references": {}}';
    const source = `{"__proto__": {"polluted": "yes"}, "name": "Proto", "slug": "proto-block", "block_schema": {"fields": ${fields}, "version": "1.0.0"}}`;
    const parsed = parse('proto.json', source);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const parsedFields = parsed.entries[0]?.blockSchema?.fields ?? {};
    expect(Object.getPrototypeOf(parsedFields)).toBe(Object.prototype);
    expect(Object.hasOwn(parsedFields, '__proto__')).toBe(true);
    expect(parsedFields.__proto__).toEqual({ polluted: 'yes' });
    expect(Object.hasOwn(asObject(parsedFields.properties), '__proto__')).toBe(true);
    expect((parsedFields as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.entries[0]?.blockType).not.toHaveProperty('polluted');

    const catalogue = `{"collections": {"__proto__": {"block_types": {"proto-block": ${source}}}}}`;
    const fromCatalogue = parse('proto-catalogue.json', catalogue);
    expect(fromCatalogue.entries.map((e) => [e.collection, e.path])).toEqual([['__proto__', 'collections.__proto__.block_types.proto-block']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).block_types).toBeUndefined();
  });

  it('numbers beyond 2^53 and float lexemes are kept exactly in fields', () => {
    const source = text(entry('Numbers', 'numbers')).replace(
      '"type": "string"',
      '"type": "integer", "default": 12345678901234567890, "maximum": 9007199254740993, "ratio": 1.0, "tiny": 1e-05, "neg": -0.0',
    );
    const fields = parse('numbers.json', source).entries[0]?.blockSchema?.fields ?? {};
    const x = asObject(asObject(fields.properties).x);
    const lexeme = (value: JsonValue | undefined): string => (isLosslessNumber(value) ? value.value : `not a number: ${String(value)}`);
    expect(lexeme(x.default)).toBe('12345678901234567890');
    expect(lexeme(x.maximum)).toBe('9007199254740993');
    expect(lexeme(x.ratio)).toBe('1.0');
    expect(lexeme(x.tiny)).toBe('1e-05');
    expect(lexeme(x.neg)).toBe('-0.0');
    expect(stringifyJson(x)).toContain('"default":12345678901234567890');
  });

  it('a text starting with a BOM is accepted', () => {
    const parsed = parse('bom.json', `\uFEFF${text([entry('Bom', 'bom')])}`);
    expect(parsed.format).toBe('entry-list');
    expect(parsed.entries[0]?.blockType.slug).toBe('bom');
  });
});

describe('limits', () => {
  /** A catalogue of `count` minimal block types, built as text. */
  function bigCatalogue(count: number): string {
    const types = Array.from({ length: count }, (_, i) => `"b-${i}":{"name":"B${i}","slug":"b-${i}","block_schema":{"fields":{}}}`);
    return `{"collections":{"generated":{"block_types":{${types.join(',')}}}}}`;
  }

  it(`a catalogue of more than MAX_ENTRIES (${MAX_ENTRIES}) entries is refused; exactly MAX_ENTRIES is read`, () => {
    refusal('many.json', bigCatalogue(MAX_ENTRIES + 1), `${MAX_ENTRIES + 1} block schemas, over the limit of ${MAX_ENTRIES} in one file.`);
    expect(parse('limit.json', bigCatalogue(MAX_ENTRIES)).entries).toHaveLength(MAX_ENTRIES);
  });

  it('versions count toward MAX_ENTRIES too', () => {
    const versions = Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => `{"fields":{},"version":"${i}"}`).join(',');
    refusal('versions.json', `{"name":"V","slug":"v","block_schemas":[${versions}]}`, `${MAX_ENTRIES + 1} block schemas, over the limit of ${MAX_ENTRIES} in one file.`);
  });
});

describe('validation errors name the file and the JSON path', () => {
  function problems(file: string, value: JsonValue): { issues: RegistryIssue[] } {
    const error = registryErrorSync(() => parse(file, value), 'invalid_input');
    const noun = error.issues.length === 1 ? 'problem' : 'problems';
    expect(error.message).toBe(`${file}: ${error.issues.length} ${noun}; nothing was registered.`);
    return { issues: located(error.issues) };
  }

  it("the real catalogue with s3-bucket's fields set to a string", () => {
    const root = json(readCatalogueText());
    const s3 = asObject(asObject(asObject(asObject(root.collections)['prefect-aws']).block_types)['s3-bucket']);
    asObject(s3.block_schema).fields = 'not an object';
    expect(problems('cat.json', root).issues).toEqual([{ file: 'cat.json', path: 'collections.prefect-aws.block_types.s3-bucket.block_schema.fields', message: 'must be a JSON object' }]);
  });

  it('every problem of a catalogue at once, in file order', () => {
    const root = json(readCatalogueText());
    const types = (collection: string) => asObject(asObject(asObject(root.collections)[collection]).block_types);
    asObject(types('prefect-aws')['aws-secret']).name = 'AWS/Secret';
    asObject(asObject(types('prefect-gcp')['gcs-bucket']).block_schema).version = '';
    asObject(asObject(types('prefect-slack')['slack-credentials']).block_schema).capabilities = 'notify';
    delete asObject(types('prefect-shell')['shell-operation']).block_schema;
    expect(problems('cat.json', root).issues).toEqual([
      { file: 'cat.json', path: 'collections.prefect-aws.block_types.aws-secret.name', message: 'Block type name must not be empty nor contain any of / % & > <' },
      { file: 'cat.json', path: 'collections.prefect-gcp.block_types.gcs-bucket.block_schema.version', message: 'must not be empty' },
      { file: 'cat.json', path: 'collections.prefect-shell.block_types.shell-operation', message: "Block schema not found for block type 'shell-operation'" },
      { file: 'cat.json', path: 'collections.prefect-slack.block_types.slack-credentials.block_schema.capabilities', message: 'must be a list of strings' },
    ]);
  });

  it('catalogue structure: collections not an object, a collection without block_types', () => {
    expect(problems('c.json', json('{"collections": []}')).issues).toEqual([{ file: 'c.json', path: 'collections', message: 'must be a JSON object of collections' }]);
    expect(problems('c.json', json('{"collections": {"prefect-x": {"blocks": {}}}}')).issues).toEqual([
      { file: 'c.json', path: 'collections.prefect-x.block_types', message: 'must be a JSON object of block types by slug' },
    ]);
  });

  it('a collection name that needs brackets in the path', () => {
    const bad = { ...entry('Ok', 'ok'), slug: 'Not OK' };
    expect(problems('c.json', { collections: { 'my collection': { block_types: { 'Not OK': bad } } } }).issues).toEqual([
      { file: 'c.json', path: 'collections["my collection"].block_types["Not OK"].slug', message: 'Block type slug must only contain lowercase letters, numbers, and dashes.' },
    ]);
  });

  it('REST shapes: paths into block_type and the schema', () => {
    const rest = restSchema('Rest Block', 'rest-block');
    expect(problems('rest.json', { ...rest, block_type: { ...restBlockType('Rest Block', 'Rest Block') } }).issues).toEqual([
      { file: 'rest.json', path: 'block_type.slug', message: 'Block type slug must only contain lowercase letters, numbers, and dashes.' },
    ]);
    expect(problems('list.json', [rest, { ...rest, capabilities: [new LosslessNumber('1')] }]).issues).toEqual([{ file: 'list.json', path: '[1].capabilities[0]', message: 'must be a string' }]);
    expect(problems('inspect.json', { block_type: restBlockType('Inspected', 'inspected'), schema: { ...rest, fields: [] } }).issues).toEqual([
      { file: 'inspect.json', path: 'schema.fields', message: 'must be a JSON object' },
    ]);
  });

  it('export versions: paths by index into block_schemas', () => {
    const v1 = asObject(entry('Versioned', 'versioned').block_schema);
    const exported = { collections: { c: { block_types: { versioned: { ...entry('Versioned', 'versioned'), block_schemas: [v1, { ...v1, version: new LosslessNumber('7') }] } } } } };
    expect(problems('export.json', exported).issues).toEqual([{ file: 'export.json', path: 'collections.c.block_types.versioned.block_schemas[1].version', message: 'must be a string' }]);
    const notList = { collections: { c: { block_types: { versioned: { ...entry('Versioned', 'versioned'), block_schemas: {} } } } } };
    expect(problems('export.json', notList).issues).toEqual([{ file: 'export.json', path: 'collections.c.block_types.versioned.block_schemas', message: 'must be a list of block schemas' }]);
  });
});
