// Property-based tests (fast-check) over the import parsers, the checksum and the IPC edge:
// random and mutated inputs never crash, never write anything when invalid, and every error
// names the file and a JSON path.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../src/main/ipc/handlers';
import { importEntries } from '../../src/main/operations/import';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { blockSchemaChecksum, checksumCanonicalText } from '../../src/shared/checksum';
import { CHANNELS } from '../../src/shared/contract';
import { RegistryError } from '../../src/shared/errors';
import { decodeBlockFile, parseBlockDefinitions } from '../../src/shared/formats';
import { fromPlainJson, isJsonObject, parseJson, stringifyJson, type JsonObject } from '../../src/shared/json';
import { recordingHandlers } from '../helpers/handlers';
import { readCatalogueText, useTempFolder, previewImport } from '../helpers/registry';
import { recordFigures } from './record';

const RUNS = Number(process.env.RELIABILITY_PROPERTY_RUNS ?? 300);
const CATALOGUE = readCatalogueText();
const counts = { parser_inputs: 0, checksum_inputs: 0, ipc_calls: 0, write_attempts: 0 };

const folder = useTempFolder('bad-input');
let launched: LaunchedRegistry;
let handlers: Handlers;
beforeAll(async () => {
  launched = await launchRegistry(folder);
  handlers = recordingHandlers(launched).handlers;
});
afterAll(async () => {
  await launched.registry.close();
  recordFigures('bad-input', counts);
});

/** Parses as an import would: either entries, or a RegistryError whose every issue names file and path. */
function parseOrExplain(name: string, bytes: Uint8Array): 'parsed' | 'refused' {
  counts.parser_inputs += 1;
  try {
    parseBlockDefinitions(name, decodeBlockFile(name, bytes));
    return 'parsed';
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    const issues = (error as RegistryError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.file).toBe(name);
      expect(typeof issue.path === 'string' && issue.path.length > 0, JSON.stringify(issue)).toBe(true);
      expect(issue.message.length).toBeGreaterThan(0);
    }
    return 'refused';
  }
}

const encoder = new TextEncoder();

/** Edits a catalogue text the way a hand, a bad download or a bad merge would. */
const mutatedCatalogue = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.oneof(fc.string(), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'NaN', '1e999', '\u0000', '\ud800', '"__proto__": {}', '99999999999999999999999')),
      }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('swap-value' as const), at: fc.nat(), value: fc.jsonValue() }),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    let text = CATALOGUE;
    for (const edit of edits) {
      const at = edit.at % (text.length + 1);
      if (edit.kind === 'delete') text = text.slice(0, at) + text.slice(at + edit.length);
      else if (edit.kind === 'insert') text = text.slice(0, at) + edit.text + text.slice(at);
      else if (edit.kind === 'truncate') text = text.slice(0, at);
      else {
        // Replace one value after a colon with another JSON value: still JSON, wrong shape.
        const colon = text.indexOf(': ', at);
        if (colon === -1) continue;
        const end = text.slice(colon + 2).search(/,\n|\n\s*[}\]]/);
        if (end === -1) continue;
        text = text.slice(0, colon + 2) + JSON.stringify(edit.value) + text.slice(colon + 2 + end);
      }
    }
    return text;
  });

describe('bad input never crashes and is always explained', () => {
  it('mutated copies of the real catalogue', () => {
    fc.assert(
      fc.property(mutatedCatalogue, (text) => {
        parseOrExplain('mutated.json', encoder.encode(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('random JSON documents and random bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json().map((text) => encoder.encode(text)),
          fc.uint8Array({ maxLength: 2000 }),
          fc.string().map((text) => encoder.encode(text)),
        ),
        (bytes) => {
          parseOrExplain('random.json', bytes);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('random entries shaped almost like block types', () => {
    const almostEntry = fc.record(
      {
        name: fc.oneof(fc.string(), fc.constant('Good Name'), fc.constant('bad/name'), fc.integer()),
        slug: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,20}$/), fc.string(), fc.constant(''), fc.constant(null)),
        logo_url: fc.oneof(fc.webUrl(), fc.constant(null), fc.integer()),
        description: fc.oneof(fc.string(), fc.constant(null), fc.object()),
        block_schema: fc.oneof(
          fc.record(
            {
              fields: fc.oneof(fc.object(), fc.string(), fc.constant({ block_schema_references: { x: { block_type_slug: 'nope' } } })),
              capabilities: fc.oneof(fc.array(fc.string()), fc.array(fc.integer())),
              version: fc.oneof(fc.string(), fc.integer()),
              checksum: fc.oneof(fc.string(), fc.constant(`sha256:${'a'.repeat(64)}`)),
            },
            { requiredKeys: [] },
          ),
          fc.constant(null),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(almostEntry, fc.array(almostEntry, { maxLength: 5 })), (value) => {
        parseOrExplain('entries.json', encoder.encode(JSON.stringify(value)));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['deep nesting', `{"collections": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['a huge string', `{"name": "x", "slug": "big", "description": "${'y'.repeat(20_000_000)}", "block_schema": {"fields": {}, "version": "1"}}`],
    ['lone surrogates', '{"name": "a\\ud800b", "slug": "surrogate", "block_schema": {"fields": {"title": "\\udc00"}, "version": "1"}}'],
    ['__proto__ keys', '{"name": "p", "slug": "proto", "__proto__": {"polluted": true}, "block_schema": {"fields": {"__proto__": {"polluted": true}}, "version": "1"}}'],
    ['duplicate keys', '{"name": "a", "name": "b", "slug": "dup", "block_schema": {"fields": {}, "version": "1"}}'],
    ['NaN', '{"name": "n", "slug": "nan", "block_schema": {"fields": {"default": NaN}, "version": "1"}}'],
    ['Infinity', '{"name": "n", "slug": "inf", "block_schema": {"fields": {"default": -Infinity}, "version": "1"}}'],
    ['numbers beyond 2^53', '{"name": "n", "slug": "big-number", "block_schema": {"fields": {"default": 123456789012345678901234567890}, "version": "1"}}'],
    ['a BOM', '\ufeff{"name": "b", "slug": "bom", "block_schema": {"fields": {}, "version": "1"}}'],
    ['two BOMs', '\ufeff\ufeff{"name": "b", "slug": "bom", "block_schema": {"fields": {}, "version": "1"}}'],
  ])('%s', (_name, text) => {
    parseOrExplain(`${_name}.json`, encoder.encode(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('non-UTF-8 bytes', () => {
    for (const bytes of [[0xff], [0xc0, 0xaf], [0x7b, 0x22, 0xe2, 0x82], [0xed, 0xa0, 0x80]]) expect(parseOrExplain('latin.json', new Uint8Array(bytes))).toBe('refused');
  });

  it('numbers beyond 2^53 keep every digit', () => {
    const text = '{"name": "n", "slug": "big-number", "block_schema": {"fields": {"default": 123456789012345678901234567890}, "version": "1"}}';
    const [entry] = parseBlockDefinitions('big.json', text).entries;
    expect(stringifyJson(entry?.blockSchema?.fields ?? {})).toBe('{"default":123456789012345678901234567890}');
  });
});

describe('the checksum never fails and does not depend on key order', () => {
  it('random schemas', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter(isPlainObject), (value) => {
        counts.checksum_inputs += 1;
        const fields = fromPlainJson(value) as JsonObject;
        const checksum = blockSchemaChecksum(fields);
        expect(checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(checksumCanonicalText(fields)).toMatch(/^[\x20-\x7e]*$/);
        const reversed = parseJson(stringifyJson(reverseKeys(fields))) as JsonObject;
        expect(blockSchemaChecksum(reversed)).toBe(checksum);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('invalid imports write nothing', () => {
  it('mutated catalogues through preview and import leave the database file as it was', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedCatalogue, async (text) => {
        counts.write_attempts += 1;
        const before = readFileSync(launched.registry.path);
        const { preview, entries } = await previewImport(launched.registry, [{ name: 'mutated.json', bytes: encoder.encode(text) }]);
        if (preview.errors.length === 0) {
          // A mutation that still reads as a valid catalogue may register: that is not our concern here.
          await importEntries(launched.registry, entries).catch(() => undefined);
          return;
        }
        for (const error of preview.errors) expect(error.path, JSON.stringify(error)).toBeTruthy();
        expect(readFileSync(launched.registry.path).equals(before)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

describe('the IPC edge', () => {
  it('every call with arbitrary arguments: a typed answer, never a throw, nothing written', async () => {
    const before = readFileSync(launched.registry.path);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNELS, 'noSuchCall', '__proto__', 'constructor'),
        fc.anything({ withTypedArray: true, withNullPrototype: true, withBigInt: true }),
        async (channel, args) => {
          counts.ipc_calls += 1;
          const response = await dispatch(handlers, channel, args);
          expect(typeof response.ok).toBe('boolean');
          if (!response.ok) {
            expect(response.error.code).toMatch(/^[a-z_]+$/);
            expect(response.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(readFileSync(launched.registry.path).equals(before)).toBe(true);
  });

  it('oversized payloads are refused before any work', async () => {
    const huge = new Uint8Array(50 * 1024 * 1024 + 1);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.json`, bytes: new Uint8Array(1) }));
    for (const [channel, args] of [
      ['previewImport', { files: [{ name: 'huge.json', bytes: huge }] }],
      ['previewImport', { files: tooMany }],
      ['getBlockType', { slug: 'x'.repeat(1_000_000) }],
      ['openExternal', { url: `https://example.com/${'a'.repeat(100_000)}` }],
      ['exportBlockTypes', { slugs: Array(100_001).fill('a') }],
    ] as const) {
      counts.ipc_calls += 1;
      const response = await dispatch(handlers, channel, args);
      expect(response).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reverseKeys(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value).reverse()) {
    const item = value[key];
    Object.defineProperty(out, key, { value: isJsonObject(item) ? reverseKeys(item) : item, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
