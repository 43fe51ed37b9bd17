// compactJson is how registration stores schemas: it must write exactly what lossless-json's
// stringify (stringifyJson) writes, which every stored file so far was written with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactJson, parseJson, stringifyJson } from '../../../src/shared/json';

describe('compactJson', () => {
  it("writes Prefect's catalogue and system blocks exactly as stringifyJson does", () => {
    for (const file of ['collection_blocks_data.json', 'system_blocks.json']) {
      const value = parseJson(readFileSync(new URL(`../../../resources/prefect/${file}`, import.meta.url), 'utf8'));
      expect(compactJson(value)).toBe(stringifyJson(value));
    }
  });

  it('keeps number lexemes, escapes, empty containers and a __proto__ key as stringifyJson does', () => {
    const value = parseJson('{"a": [1.0, -0, 1e400, 12345678901234567890], "__proto__": {"x": null}, "s": "\\u0000\\"\\\\\\n\\u2028\\ud800", "e": {}, "l": [], "b": [true, false]}');
    const text = compactJson(value);
    expect(text).toBe(stringifyJson(value));
    expect(text).toContain('"__proto__":{"x":null}');
    expect(text).toContain('[1.0,-0,1e400,12345678901234567890]');
  });
});
