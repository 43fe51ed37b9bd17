// The main process hashes with node:crypto (src/main/registry/checksum.ts), the window with @noble/hashes:
// both must give Prefect's checksums, byte for byte.
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { blockSchemaChecksum } from '../../../src/main/registry/checksum';
import { checksumCanonicalText } from '../../../src/shared/checksum';
import { isJsonObject, parseJson, type JsonObject } from '../../../src/shared/json';

const catalogue = parseJson(readFileSync(new URL('../../../resources/prefect/collection_blocks_data.json', import.meta.url), 'utf8'));

function catalogueSchemas(): Array<{ slug: string; fields: JsonObject; checksum: string }> {
  const schemas: Array<{ slug: string; fields: JsonObject; checksum: string }> = [];
  if (!isJsonObject(catalogue) || !isJsonObject(catalogue.collections)) throw new Error('not a catalogue');
  for (const collection of Object.values(catalogue.collections)) {
    if (!isJsonObject(collection) || !isJsonObject(collection.block_types)) continue;
    for (const [slug, type] of Object.entries(collection.block_types)) {
      const schema = isJsonObject(type) ? type.block_schema : undefined;
      if (isJsonObject(schema) && isJsonObject(schema.fields) && typeof schema.checksum === 'string') schemas.push({ slug, fields: schema.fields, checksum: schema.checksum });
    }
  }
  return schemas;
}

describe("main's checksum (node:crypto)", () => {
  it("gives the checksum Prefect recorded for each of the catalogue's 40 schemas", () => {
    const schemas = catalogueSchemas();
    expect(schemas).toHaveLength(40);
    for (const schema of schemas) expect(blockSchemaChecksum(schema.fields), schema.slug).toBe(schema.checksum);
  });

  it('hashes the canonical text exactly as the portable SHA-256 does, escapes and astral characters included', () => {
    const fields = parseJson('{"title": "Caf\\u00e9 \\ud83d\\ude00 \\ud800", "z": [1, 1.0, -0, 1e400, "\\u0000"], "\\ue000": 1, "\\ud83d\\ude00": 2}') as JsonObject;
    const text = checksumCanonicalText(fields);
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(blockSchemaChecksum(fields)).toBe(`sha256:${bytesToHex(sha256(utf8ToBytes(text)))}`);
    // Code-point order: the astral key (U+1F600) sorts after U+E000, unlike UTF-16 code-unit order.
    expect(text.indexOf('\\ue000')).toBeLessThan(text.indexOf('\\ud83d\\ude00": 2'));
  });
});
