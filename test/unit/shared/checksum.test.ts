import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { blockSchemaChecksum, checksumCanonicalText, definitionsReachableFrom, nonBlockDefinitions, pythonFloatRepr } from '../../../src/shared/checksum';
import { LosslessNumber, isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../../src/shared/json';

// ---------------------------------------------------------------------------
// Fixtures

function readJson(relative: string): JsonValue {
  return parseJson(readFileSync(new URL(relative, import.meta.url), 'utf8'));
}

function obj(value: JsonValue | undefined): JsonObject {
  if (!isJsonObject(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

function str(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Parse JSON text that must be an object (test inputs). */
function json(text: string): JsonObject {
  return obj(parseJson(text));
}

interface CatalogueEntry {
  slug: string;
  schema: JsonObject;
}

const catalogue: CatalogueEntry[] = Object.values(obj(obj(readJson('../../../resources/prefect/collection_blocks_data.json'))['collections'])).flatMap((collection) =>
  Object.entries(obj(obj(collection)['block_types'])).map(([slug, blockType]) => ({
    slug,
    schema: obj(obj(blockType)['block_schema']),
  })),
);

const bySlug = (slug: string): JsonObject => {
  const entry = catalogue.find((e) => e.slug === slug);
  if (entry === undefined) throw new Error(`no catalogue entry ${slug}`);
  return obj(entry.schema['fields']);
};

function refStrings(value: JsonValue | undefined, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refStrings(item, out);
  else if (isJsonObject(value)) {
    const ref = value['$ref'];
    if (typeof ref === 'string') out.push(ref);
    for (const child of Object.values(value)) refStrings(child, out);
  }
  return out;
}

interface NestedReference {
  label: string;
  child: JsonObject;
  expected: string;
  rootDefinitions: JsonObject;
}

/**
 * The reference entries of `parent` with their child definitions, found the
 * way Prefect's `_register_nested_block_schemas` finds them (`prefect/server/models/block_schemas.py`).
 */
function nestedReferences(parent: JsonObject, rootDefinitions: JsonObject, prefix: string): NestedReference[] {
  const result: NestedReference[] = [];
  for (const [name, value] of Object.entries(obj(parent['block_schema_references']))) {
    for (const entry of (Array.isArray(value) ? value : [value]).map(obj)) {
      const slug = str(entry['block_type_slug']);
      const candidates = refStrings(obj(parent['properties'])[name]).map((ref) => obj(rootDefinitions[ref.replace('#/definitions/', '')]));
      const child = candidates.length === 1 ? candidates[0] : candidates.find((d) => d['block_type_slug'] === slug);
      if (child === undefined) throw new Error(`no definition for ${prefix}.${name}`);
      const label = `${prefix}.${name} -> ${slug}`;
      result.push({ label, child, expected: str(entry['block_schema_checksum']), rootDefinitions });
    }
  }
  return result;
}

const clientChecksum = (child: JsonObject, rootDefinitions: JsonObject): string => {
  const definitions = definitionsReachableFrom(child, rootDefinitions);
  return blockSchemaChecksum(Object.keys(definitions).length > 0 ? { ...child, definitions } : child);
};

// Prefect's server: `create_block_schema(child, definitions=<root's whole map>)`.
const serverChecksum = (child: JsonObject, rootDefinitions: JsonObject): string => blockSchemaChecksum({ ...child, definitions: rootDefinitions });

const topLevelReferences = catalogue.flatMap(({ slug, schema }) => {
  const fields = obj(schema['fields']);
  const definitions = fields['definitions'];
  return isJsonObject(definitions) ? nestedReferences(fields, definitions, slug) : [];
});

// References recorded inside block definitions (grandchildren and deeper).
function deeperReferences(reference: NestedReference): NestedReference[] {
  const own = nestedReferences(reference.child, reference.rootDefinitions, reference.label);
  return own.flatMap((r) => [r, ...deeperReferences(r)]);
}
const innerReferences = topLevelReferences.flatMap(deeperReferences);

// ---------------------------------------------------------------------------

describe('catalogue (collection_blocks_data.json)', () => {
  it('has 40 block types and 23 top-level nested references', () => {
    expect(catalogue).toHaveLength(40);
    expect(topLevelReferences).toHaveLength(23);
  });

  it.each(catalogue)('$slug: checksum of fields equals the recorded one', ({ schema }) => {
    expect(blockSchemaChecksum(obj(schema['fields']))).toBe(str(schema['checksum']));
  });

  it.each(topLevelReferences)('$label: client-style child checksum reproduces the reference', (ref) => {
    expect(clientChecksum(ref.child, ref.rootDefinitions)).toBe(ref.expected);
  });

  it.each(innerReferences)('$label: nested reference inside definitions reproduces client-style', (ref) => {
    expect(clientChecksum(ref.child, ref.rootDefinitions)).toBe(ref.expected);
  });

  it("Prefect's server-style child checksum (root's whole definitions) loses exactly 5 of 23", () => {
    const losing = topLevelReferences.filter((ref) => serverChecksum(ref.child, ref.rootDefinitions) !== ref.expected).map((ref) => ref.label);
    // §5.6 names the three of these whose child gets created implicitly at
    // start-up; bigquery-target-configs and global-configs are registered from
    // the catalogue first, so there the wrong checksum only shows on creation.
    expect(losing).toEqual([
      'dbt-cli-postgres-target-configs.credentials -> database-credentials',
      'dbt-cli-profile.target_configs -> dbt-cli-snowflake-target-configs',
      'dbt-cli-profile.target_configs -> dbt-cli-bigquery-target-configs',
      'dbt-cli-profile.target_configs -> dbt-cli-target-configs',
      'dbt-cli-profile.global_configs -> dbt-cli-global-configs',
    ]);
    // The server values quoted in §5.6.
    const server = (label: string): string => {
      const ref = topLevelReferences.find((r) => r.label === label);
      if (ref === undefined) throw new Error(label);
      return serverChecksum(ref.child, ref.rootDefinitions);
    };
    expect(server(losing[0] ?? '')).toMatch(/^sha256:64175f83/);
    expect(server(losing[1] ?? '')).toMatch(/^sha256:a70fca75/);
    expect(server(losing[3] ?? '')).toMatch(/^sha256:d0c84112/);
  });

  it('server-style also loses the recursive snowflake-connector and snowflake-credentials children (§5.6)', () => {
    const losing = innerReferences
      .filter((ref) => ref.label.startsWith('dbt-cli-profile.'))
      .filter((ref) => serverChecksum(ref.child, ref.rootDefinitions) !== ref.expected)
      .map((ref) => ref.label.split(' -> ').at(-1));
    expect(losing).toEqual(expect.arrayContaining(['snowflake-connector', 'snowflake-credentials']));
  });
});

describe('system_blocks.json', () => {
  const blockTypes = obj(readJson('../../../resources/prefect/system_blocks.json'))['block_types'];
  if (!Array.isArray(blockTypes)) throw new Error('block_types must be a list');
  const cases = blockTypes.map(obj).map((blockType) => ({
    slug: str(blockType['slug']),
    schema: obj(blockType['block_schema']),
  }));

  it('has 14 block types', () => {
    expect(cases).toHaveLength(14);
  });

  it.each(cases)('$slug: checksum of fields equals the one Prefect computed', ({ schema }) => {
    expect(blockSchemaChecksum(obj(schema['fields']))).toBe(str(schema['checksum']));
  });
});

describe('worked examples (checksums Python computes for the same JSON)', () => {
  it('E1: empty schema', () => {
    expect(checksumCanonicalText({})).toBe('[[{}], {}]');
    expect(blockSchemaChecksum({})).toBe('sha256:f8e6e96abbc38504d4e9c99fc57281fa0026bede1fa42db79f22f984501710f4');
  });

  it('E2: github-credentials', () => {
    const fields = json(`{"title": "GitHubCredentials", "description": "Block used to manage GitHub authentication.",
      "type": "object",
      "properties": {"token": {"title": "Token", "description": "A GitHub personal access token (PAT).",
                               "type": "string", "writeOnly": true, "format": "password"}},
      "block_type_slug": "github-credentials", "secret_fields": ["token"], "block_schema_references": {}}`);
    expect(checksumCanonicalText(fields)).toBe(
      '[[{"block_schema_references": {}, "block_type_slug": "github-credentials", "description": "Block used to manage GitHub authentication.", "properties": {"token": {"description": "A GitHub personal access token (PAT).", "format": "password", "title": "Token", "type": "string", "writeOnly": true}}, "title": "GitHubCredentials", "type": "object"}], {}]',
    );
    expect(blockSchemaChecksum(fields)).toBe('sha256:74a34b668838ba661d9160ab127053dd44a22dd04e89562839645791e70d046a');
  });

  it('E3: kubernetes-credentials (only a block definition: definitions removed)', () => {
    const fields = bySlug('kubernetes-credentials');
    expect(checksumCanonicalText(fields)).toBe(
      '[[{"block_schema_references": {"cluster_config": {"block_schema_checksum": "sha256:90d421e948bfbe4cdc98b124995f0edd0f84b0837549ad1390423bad8e31cf3b", "block_type_slug": "kubernetes-cluster-config"}}, "block_type_slug": "kubernetes-credentials", "description": "Credentials block for generating configured Kubernetes API clients.", "properties": {"cluster_config": {"$ref": "#/definitions/KubernetesClusterConfig"}}, "title": "KubernetesCredentials", "type": "object"}], {}]',
    );
    expect(blockSchemaChecksum(fields)).toBe('sha256:957fa8dca90bd1b5fb9c575ee09e80b454116c0b134287fbc2eff47a72564c3b');
  });

  it('E4: aws-secret keeps a non-block definition reached only through a block definition', () => {
    const fields = bySlug('aws-secret');
    expect(Object.keys(obj(fields['definitions'])).sort()).toEqual(['AwsClientParameters', 'AwsCredentials']);
    expect(Object.keys(nonBlockDefinitions(fields, obj(fields['definitions'])))).toEqual(['AwsClientParameters']);
    expect(blockSchemaChecksum(fields)).toBe('sha256:d10fde5ac25b10edca4859c4d0bf61b4a9106215cd79ab80997f29859b190b7d');
  });

  it('E5: test-pinned MyRegisteredBlock and its sibling', () => {
    const fields = json(`{"title": "MyRegisteredBlock", "type": "object",
      "properties": {"x": {"title": "X", "type": "string", "position": 0},
                     "y": {"title": "Y", "default": 1, "type": "integer", "position": 1}},
      "block_schema_references": {}, "block_type_slug": "myregisteredblock",
      "required": ["x"], "secret_fields": []}`);
    expect(blockSchemaChecksum(fields)).toBe('sha256:0170f6bdcfdab859f8a7724becba29ad359b0116d0a3492356c1028369edbf8c');
    // The sibling class is MyOtherRegisteredBlock, so its title differs too.
    const sibling = json(`{"title": "MyOtherRegisteredBlock", "type": "object",
      "properties": {"x": {"title": "X", "type": "string", "position": 0},
                     "y": {"title": "Y", "default": 1, "type": "integer", "position": 1},
                     "z": {"default": 2, "title": "Z", "type": "integer", "position": 2}},
      "block_schema_references": {}, "block_type_slug": "myotherregisteredblock",
      "required": ["x"], "secret_fields": []}`);
    expect(blockSchemaChecksum(sibling)).toBe('sha256:23eb08106dd16b727f35a805261d8354d68603239fa32543625aff4af4b3008f');
  });

  it('E6: test-pinned, no secret_fields key', () => {
    const fields = json(`{"title": "x", "type": "object",
      "properties": {"access_key_id": {"title": "Access Key Id", "type": "string"},
                     "secret_access_key": {"title": "Secret Access Key", "type": "string"},
                     "session_token": {"title": "Session Token", "type": "string"}},
      "block_type_slug": "x", "block_schema_references": {}}`);
    expect(blockSchemaChecksum(fields)).toBe('sha256:4448d5cf2ddb989f7fde8b2c36ec89527ca30e0e8ef041eed8bd15c11fe6cfee');
  });

  it('E7: synthetic edge cases, parsed from JSON text', () => {
    const fields = json(
      '{"title": "Über", "type": "object", "properties": {"ratio": {"type": "number", "default": 1.0}, "big": {"default": 12345678901234567890}, "tiny": {"default": 1e-05}}, "anyOf": [{"secret_fields": ["x"]}], "secret_fields": ["y"], "definitions": {"Unused": {"type": "object"}}}',
    );
    expect(checksumCanonicalText(fields)).toBe(
      '[[{"anyOf": [{"secret_fields": ["x"]}], "properties": {"big": {"default": 12345678901234567890}, "ratio": {"default": 1.0, "type": "number"}, "tiny": {"default": 1e-05}}, "title": "\\u00dcber", "type": "object"}], {}]',
    );
    expect(blockSchemaChecksum(fields)).toBe('sha256:fbd8d60a764f8202ca922dbdf71ca3bb4d577c7718dc5f77e2f9a2bdc1912cae');
  });

  it('E8: keys sorted by code point', () => {
    const fields = json('{"a": {"\\uffff": 1, "😀": 2}, "é": "ü😀\\u007f"}');
    expect(checksumCanonicalText(fields)).toBe('[[{"a": {"\\uffff": 1, "\\ud83d\\ude00": 2}, "\\u00e9": "\\u00fc\\ud83d\\ude00\\u007f"}], {}]');
    expect(blockSchemaChecksum(fields)).toBe('sha256:d60a4c337024c0c690eb38d45990086b5a71f7342aef197e1e0a15d1fecbd2f6');
  });
});

describe('pythonFloatRepr', () => {
  // Expected values printed by CPython's repr().
  it.each([
    [0.0, '0.0'],
    [-0.0, '-0.0'],
    [1.0, '1.0'],
    [100.0, '100.0'],
    [0.1, '0.1'],
    [0.5, '0.5'],
    [-1.5, '-1.5'],
    [1e-5, '1e-05'],
    [2.5e-5, '2.5e-05'],
    [1.5e-7, '1.5e-07'],
    [-1.23456e-8, '-1.23456e-08'],
    [0.0001, '0.0001'],
    [0.001, '0.001'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [9999999999999998.0, '9999999999999998.0'],
    [2 ** 53, '9007199254740992.0'],
    [1.5e16, '1.5e+16'],
    [1e17, '1e+17'],
    // oxlint-disable-next-line no-loss-of-precision -- the rounding is what this case checks.
    [123456789012345678.0, '1.2345678901234568e+17'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1e300, '1e+300'],
    [0.30000000000000004, '0.30000000000000004'],
    [1e22, '1e+22'],
    [12345.678, '12345.678'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [NaN, 'NaN'],
  ])('%s -> %s', (value, expected) => {
    expect(pythonFloatRepr(value)).toBe(expected);
  });
});

describe('canonical text details', () => {
  it('numbers follow the Python int/float split of the JSON text', () => {
    const fields = json('{"a": 1e400, "b": -1e400, "c": -0, "d": -0.0, "e": 1E5, "f": 1e-400, "g": -1e-400, "h": 123456789012345678901234567890, "i": 1.0E+2, "j": -12345678901234567890123}');
    // Verified with CPython json.loads + json.dumps(sort_keys=True).
    expect(checksumCanonicalText(fields)).toBe(
      '[[{"a": Infinity, "b": -Infinity, "c": 0, "d": -0.0, "e": 100000.0, "f": 0.0, "g": -0.0, "h": 123456789012345678901234567890, "i": 100.0, "j": -12345678901234567890123}], {}]',
    );
    expect(blockSchemaChecksum(fields)).toBe('sha256:7c850f3092accc6b3792b3d96fcc6a0d60b4db2cc6f857adfc141f3334749f8f');
  });

  it('integers beyond 2^53 stay exact', () => {
    const a = json('{"n": 9007199254740993}');
    const b = json('{"n": 9007199254740992}');
    expect(checksumCanonicalText(a)).toBe('[[{"n": 9007199254740993}], {}]');
    expect(blockSchemaChecksum(a)).not.toBe(blockSchemaChecksum(b));
  });

  it('1 and 1.0 hash differently', () => {
    expect(blockSchemaChecksum({ d: new LosslessNumber('1') })).not.toBe(blockSchemaChecksum({ d: new LosslessNumber('1.0') }));
  });

  it('escapes strings like ensure_ascii', () => {
    const fields = json('{"s": "\\ud800", "del": "\\u007f", "slash": "a/b", "ctl": "\\u0000\\u001f\\b\\f\\n\\r\\t\\"\\\\", "astral": "😀", "e": "é\\uffff"}');
    expect(checksumCanonicalText(fields)).toBe(
      '[[{"astral": "\\ud83d\\ude00", "ctl": "\\u0000\\u001f\\b\\f\\n\\r\\t\\"\\\\", "del": "\\u007f", "e": "\\u00e9\\uffff", "s": "\\ud800", "slash": "a/b"}], {}]',
    );
    expect(blockSchemaChecksum(fields)).toBe('sha256:935a037f71d6b72b46409e0915effe94091904a42fa83c1e0e37a3c095f05ffd');
  });

  it('literals and empty containers', () => {
    expect(checksumCanonicalText(json('{"t": true, "f": false, "n": null, "l": [], "o": {}, "m": [1, [2, {}]]}'))).toBe(
      '[[{"f": false, "l": [], "m": [1, [2, {}]], "n": null, "o": {}, "t": true}], {}]',
    );
  });
});

describe('secret_fields and definitions', () => {
  it('drops secret_fields in nested objects but keeps it inside arrays', () => {
    const fields = json('{"secret_fields": ["a"], "properties": {"p": {"secret_fields": 1, "anyOf": [{"secret_fields": ["x"]}]}}, "items": [{"secret_fields": []}]}');
    expect(checksumCanonicalText(fields)).toBe('[[{"items": [{"secret_fields": []}], "properties": {"p": {"anyOf": [{"secret_fields": ["x"]}]}}}], {}]');
  });

  it('drops secret_fields inside definitions before hashing them', () => {
    const fields = json('{"properties": {"a": {"$ref": "#/definitions/A"}}, "definitions": {"A": {"type": "object", "secret_fields": ["k"]}}}');
    expect(checksumCanonicalText(fields)).toBe('[[{"definitions": {"A": {"type": "object"}}, "properties": {"a": {"$ref": "#/definitions/A"}}}], {}]');
  });

  it('does not mutate its input', () => {
    const text = '{"secret_fields": ["a"], "definitions": {"B": {"block_type_slug": "b"}}, "p": {"$ref": "#/definitions/B"}}';
    const fields = json(text);
    checksumCanonicalText(fields);
    expect(fields).toEqual(json(text));
  });

  it('keeps definitions: {} and hashes it', () => {
    expect(checksumCanonicalText(json('{"definitions": {}}'))).toBe('[[{"definitions": {}}], {}]');
  });

  it('removes definitions when nothing non-block is referenced', () => {
    expect(checksumCanonicalText(json('{"definitions": {"A": {"type": "object"}}}'))).toBe('[[{}], {}]');
  });

  it('treats $defs as an ordinary key', () => {
    const fields = json('{"$defs": {"A": {"type": "object"}}, "p": {"$ref": "#/$defs/A"}, "definitions": {"A": {"x": 1}}}');
    expect(checksumCanonicalText(fields)).toBe('[[{"$defs": {"A": {"type": "object"}}, "p": {"$ref": "#/$defs/A"}}], {}]');
  });

  it('excludes empty definitions, leaving the $ref dangling (built-in Secret)', () => {
    const fields = json('{"p": {"$ref": "#/definitions/JsonValue"}, "definitions": {"JsonValue": {}}}');
    expect(checksumCanonicalText(fields)).toBe('[[{"p": {"$ref": "#/definitions/JsonValue"}}], {}]');
  });

  it('a definition with block_type_slug null is not a block; any other value is', () => {
    const definitions = json('{"N": {"block_type_slug": null, "t": 1}, "E": {"block_type_slug": ""}, "B": {"block_type_slug": "b"}}');
    const root = json('{"a": {"$ref": "#/definitions/N"}, "b": {"$ref": "#/definitions/E"}, "c": {"$ref": "#/definitions/B"}}');
    expect(Object.keys(nonBlockDefinitions(root, definitions))).toEqual(['N']);
  });

  it('collects refs depth first through objects and arrays, in first-seen order', () => {
    const definitions = json('{"A": {"x": {"$ref": "#/definitions/C"}}, "B": {"b": 1}, "C": {"c": 1}, "D": {"d": 1}, "Blk": {"block_type_slug": "s", "p": {"$ref": "#/definitions/D"}}}');
    const root = json(
      '{"p": {"anyOf": [{"$ref": "#/definitions/A"}, {"items": {"$ref": "#/definitions/B"}}]}, "q": {"$ref": "#/definitions/A"}, "definitions": {"Blk": {"p": {"$ref": "#/definitions/D"}}}}',
    );
    expect(Object.keys(nonBlockDefinitions(root, definitions))).toEqual(['A', 'C', 'B', 'D']);
  });

  it('ignores falsy and non-string refs, strips every #/definitions/', () => {
    const definitions = json('{"A": {"a": 1}, "1": {"one": 1}}');
    const root = json('{"a": {"$ref": ""}, "b": {"$ref": null}, "c": {"$ref": 0}, "d": {"$ref": 1}, "e": {"$ref": {"$ref": "#/definitions/#/definitions/A"}}}');
    expect(Object.keys(nonBlockDefinitions(root, definitions))).toEqual(['A']);
  });

  it('does not resolve refs to inherited properties', () => {
    const root = json('{"a": {"$ref": "#/definitions/constructor"}, "b": {"$ref": "#/definitions/__proto__"}, "c": {"$ref": "#/definitions/toString"}}');
    expect(nonBlockDefinitions(root, json('{"x": {"y": 1}}'))).toEqual({});
    // An own `__proto__` definition is an ordinary key.
    const own = nonBlockDefinitions(root, json('{"__proto__": {"y": 1}}'));
    expect(Object.keys(own)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
  });

  it('terminates on cyclic definitions (Prefect itself would recurse forever)', () => {
    const fields = json(
      '{"p": {"$ref": "#/definitions/Node"}, "definitions": {"Node": {"properties": {"next": {"$ref": "#/definitions/Node"}, "o": {"$ref": "#/definitions/Other"}}}, "Other": {"back": {"$ref": "#/definitions/Node"}}}}',
    );
    expect(Object.keys(nonBlockDefinitions(fields, obj(fields['definitions'])))).toEqual(['Node', 'Other']);
    expect(blockSchemaChecksum(fields)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a truthy non-object definitions value is dropped', () => {
    expect(checksumCanonicalText(json('{"definitions": [1], "a": 1}'))).toBe('[[{"a": 1}], {}]');
    expect(checksumCanonicalText(json('{"definitions": 0, "a": 1}'))).toBe('[[{"a": 1, "definitions": 0}], {}]');
  });
});

describe('definitionsReachableFrom', () => {
  const definitions = json(
    '{"Child": {"block_type_slug": "child", "properties": {"g": {"$ref": "#/definitions/Grand"}, "m": {"$ref": "#/definitions/Model"}}}, "Grand": {"block_type_slug": "grand"}, "Model": {"type": "object"}, "Unused": {"type": "object"}, "Empty": {}}',
  );

  it('includes block and non-block definitions reachable from the fields, transitively', () => {
    const child = obj(definitions['Child']);
    expect(Object.keys(definitionsReachableFrom(child, definitions))).toEqual(['Grand', 'Model']);
    const parent = json('{"c": {"$ref": "#/definitions/Child"}, "e": {"$ref": "#/definitions/Empty"}}');
    expect(Object.keys(definitionsReachableFrom(parent, definitions))).toEqual(['Child', 'Grand', 'Model']);
  });

  it("ignores the fields' own definitions key", () => {
    const fields = json('{"definitions": {"x": {"$ref": "#/definitions/Model"}}}');
    expect(definitionsReachableFrom(fields, definitions)).toEqual({});
  });

  // Real Prefect 3.9.1 (test/prefect/checksums.test.ts): a `Dict[str, Block]` property keeps no
  // `$ref` (additionalProperties is removed), yet pydantic puts the block's definition, and what
  // it references, into the client's definitions; only `block_schema_references` names it.
  it('includes blocks named only in block_schema_references (Dict[str, Block]) and what they reach', () => {
    const withDict = json(
      '{"Child": {"block_type_slug": "child", "properties": {"d": {"type": "object", "title": "D"}}, "block_schema_references": {"d": {"block_type_slug": "grand", "block_schema_checksum": "sha256:00"}}}, "Grand": {"block_type_slug": "grand", "properties": {"e": {"$ref": "#/definitions/Color"}}}, "Color": {"enum": ["red"]}, "Unused": {"type": "object"}}',
    );
    expect(Object.keys(definitionsReachableFrom(obj(withDict['Child']), withDict))).toEqual(['Grand', 'Color']);
  });
});

// ---------------------------------------------------------------------------
// Property test: random nested JSON, deterministic seed, no extra deps.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEY_POOL = ['a', 'b', 'Z', '0', '10', '$ref', 'secret_fields', 'definitions', 'é', '\uffff', '😀', '\ud800', '\u007f', 'a/b', '"q"', 'properties'];
const NUMBER_POOL = ['0', '-0', '1', '1.0', '-2.5', '1e-05', '12345678901234567890', '1e16', '0.1', '1E+300', '-0.0'];

function randomValue(rand: () => number, depth: number): JsonValue {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const kind = Math.floor(rand() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return pick([...KEY_POOL, '#/definitions/a', '#/definitions/b', '']);
    case 3:
    case 4:
      return new LosslessNumber(pick(NUMBER_POOL));
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default:
      return randomObject(rand, depth + 1);
  }
}

function randomObject(rand: () => number, depth: number): JsonObject {
  const entries: [string, JsonValue][] = [];
  for (let i = Math.floor(rand() * 5); i > 0; i--) {
    entries.push([KEY_POOL[Math.floor(rand() * KEY_POOL.length)] as string, randomValue(rand, depth)]);
  }
  return Object.fromEntries(entries);
}

/** The same value with every object's keys in a shuffled order. */
function reorder(value: JsonValue, rand: () => number): JsonValue {
  if (Array.isArray(value)) return value.map((item) => reorder(item, rand));
  if (!isJsonObject(value)) return value;
  const entries = Object.entries(value).map(([k, v]): [string, JsonValue] => [k, reorder(v, rand)]);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [entries[i], entries[j]] = [entries[j] as [string, JsonValue], entries[i] as [string, JsonValue]];
  }
  return Object.fromEntries(entries);
}

describe('property: random nested objects', () => {
  it('checksum is stable under key reordering and canonical text is pure ASCII', () => {
    const rand = mulberry32(20240624);
    for (let n = 0; n < 500; n++) {
      const fields = randomObject(rand, 0);
      const text = checksumCanonicalText(fields);
      expect(text).toMatch(/^\[\[\{[\x20-\x7e]*\}\], \{\}\]$/);
      expect(checksumCanonicalText(obj(reorder(fields, rand)))).toBe(text);
      expect(blockSchemaChecksum(obj(reorder(fields, rand)))).toBe(blockSchemaChecksum(fields));
    }
  });
});
