import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it, expect } from 'vitest';
import { JsonSyntaxError, LosslessNumber, fromPlainJson, isJsonObject, jsonEqual, parseJson, stringifyJson, toPlainJson, type JsonObject } from '../../../src/shared/json';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

// A full collection on demand, to see what is still held.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('parseJson', () => {
  it("keeps none of the text it read: a value's strings and numbers are copies", () => {
    const slug = 'a-block-type-slug-long-enough-to-be-a-view';
    const number = '1234567890.123456789012';
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    // A few short values kept from 32 MiB of text: were they views into it, the text would stay.
    const read = (): JsonObject => {
      const text = `{"slug": "${slug}", "escaped": "a\\nb, and more than thirteen", "number": ${number}, "padding": "${'x'.repeat(32 * 1024 * 1024)}"}`;
      const { padding: _, ...kept } = parseJson(text) as JsonObject;
      return kept;
    };
    const kept = read();
    // The engine holds the text its last successful regular expression search was in (RegExp.input).
    /x/.test('x');
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 * 1024 * 1024);
    expect(kept).toEqual({ slug, escaped: 'a\nb, and more than thirteen', number: new LosslessNumber(number) });
  });

  it('strips one leading BOM', () => {
    expect(jsonEqual(parseJson('\uFEFF{"a": 1}'), parseJson('{"a": 1}'))).toBe(true);
    // A second BOM is not whitespace in JSON.
    expect(() => parseJson('\uFEFF\uFEFF{}')).toThrow(JsonSyntaxError);
  });

  it('reports line and column of a syntax error', () => {
    const error = syntaxError('{\n  "a": 1,\n  "b" 2\n}');
    expect(error.line).toBe(3);
    expect(error.column).toBe(7);
    expect(error.position).toBe(18);
    expect(error.message).toMatch(/^Invalid JSON at line 3, column 7: Colon ':' expected/);
    expect(error).toBeInstanceOf(Error);
  });

  it('gives the keys and indexes leading to where the error is ([] at the top level)', () => {
    expect(syntaxError('{"a": [1, {"b": tru}]}').path).toEqual(['a', 1, 'b']);
    expect(syntaxError('{"a": 1,}').path).toEqual([]);
    expect(syntaxError('[1, 2').path).toEqual([]);
    expect(syntaxError('[1, NaN]').path).toEqual([1]);
  });

  it('accepts 512 levels of nesting and refuses 513', () => {
    expect(() => parseJson('['.repeat(512) + ']'.repeat(512))).not.toThrow();
    const error = syntaxError('['.repeat(513) + ']'.repeat(513));
    expect(error.message).toBe('Invalid JSON at line 1, column 513: Nesting deeper than 512 levels');
    expect(error.path).toEqual(Array(512).fill(0));
  });

  it('counts the BOM in positions of the original text', () => {
    const error = syntaxError('\uFEFF[1,]');
    expect(error.position).toBe(4);
    expect(error.line).toBe(1);
    expect(error.column).toBe(5);
  });

  it('reports errors at the end of input', () => {
    const error = syntaxError('{"a": "unterminated');
    expect(error.position).toBe(19);
    expect(error.message).toContain('line 1, column 20');
  });

  it.each(['NaN', '{"a": Infinity}', '[-Infinity]', '{"a": -NaN}'])('rejects %s with a clear message', (text) => {
    expect(syntaxError(text).message).toContain('NaN and Infinity are not valid JSON numbers');
  });

  it.each(['01', '1.', '.5', '+1', '"a\u0001"', "{'a': 1}", '[1,]', ''])('rejects invalid JSON %j', (text) => {
    expect(() => parseJson(text)).toThrow(JsonSyntaxError);
  });

  it('keeps __proto__ as an own key without touching prototypes', () => {
    const value = parseJson('{"__proto__": {"polluted": true}, "a": {"__proto__": []}}');
    if (!isJsonObject(value)) throw new Error('expected an object');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(isJsonObject(value['a']) && Object.hasOwn(value['a'], '__proto__')).toBe(true);
    // The helpers copy it as a key too.
    const plain = toPlainJson(value) as Record<string, unknown>;
    expect(Object.hasOwn(plain, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(stringifyJson(value)).toBe('{"__proto__":{"polluted":true},"a":{"__proto__":[]}}');
  });

  it('throws on duplicate keys with different values, accepts identical duplicates', () => {
    const error = syntaxError('{"a": 1, "a": 2}');
    expect(error.message).toContain("Duplicate key 'a'");
    expect(error.line).toBe(1);
    expect(stringifyJson(parseJson('{"a": 1, "a": 1}'))).toBe('{"a":1}');
  });

  it('keeps number lexemes through a round trip', () => {
    const text = '{"f":1.0,"big":12345678901234567890,"e":1E5,"z":-0.0,"i":-0,"tiny":1e-05}';
    const value = parseJson(text);
    expect(stringifyJson(value)).toBe(text);
    if (!isJsonObject(value)) throw new Error('expected an object');
    expect(value['f']).toBeInstanceOf(LosslessNumber);
    expect((value['big'] as LosslessNumber).value).toBe('12345678901234567890');
  });

  it('keeps lone surrogates and parses nested values', () => {
    const value = parseJson('{"s": "\\ud800", "list": [null, true, false, "x", 2]}');
    expect(isJsonObject(value) && value['s']).toBe('\ud800');
    expect(stringifyJson(value, 2)).toBe('{\n  "s": "\\ud800",\n  "list": [\n    null,\n    true,\n    false,\n    "x",\n    2\n  ]\n}');
  });
});

describe('isJsonObject', () => {
  it('accepts only plain objects', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject(Object.create(null))).toBe(true);
    expect(isJsonObject(parseJson('{"a": 1}'))).toBe(true);
    for (const value of [null, [], new LosslessNumber('1'), 'x', 1, true, new Date(0), new Map()]) {
      expect(isJsonObject(value)).toBe(false);
    }
  });
});

describe('toPlainJson / fromPlainJson', () => {
  it('converts numbers to JS numbers', () => {
    expect(toPlainJson(parseJson('{"a": [1.0, 2, 1e-05, null, "s", true]}'))).toEqual({
      a: [1, 2, 0.00001, null, 's', true],
    });
  });

  it('writes integers as int lexemes and other numbers as float lexemes', () => {
    const value = fromPlainJson({ i: 2, neg: -7, big: 1e21, half: 1.5, small: 1.5e-7, nz: -0, list: [0.1] });
    expect(stringifyJson(value)).toBe('{"i":2,"neg":-7,"big":1000000000000000000000,"half":1.5,"small":1.5e-7,"nz":0,"list":[0.1]}');
  });

  it('passes LosslessNumbers and bigints through', () => {
    const value = fromPlainJson({ f: new LosslessNumber('1.0'), b: 12345678901234567890n });
    expect(stringifyJson(value)).toBe('{"f":1.0,"b":12345678901234567890}');
  });

  it.each([NaN, Infinity, -Infinity, undefined, () => 1, Symbol('s'), new Date(0)])('rejects %s', (value) => {
    expect(() => fromPlainJson({ a: value })).toThrow(TypeError);
  });

  it('round-trips plain data', () => {
    const plain = { a: [1, 'x', null, false, { b: 2.25 }], __c: {} };
    expect(toPlainJson(fromPlainJson(plain))).toEqual(plain);
  });
});

describe('jsonEqual', () => {
  const eq = (a: string, b: string): boolean => jsonEqual(parseJson(a), parseJson(b));

  it('compares numbers by kind and value', () => {
    expect(eq('1', '1')).toBe(true);
    expect(eq('1.0', '1.00')).toBe(true);
    expect(eq('1e2', '100.0')).toBe(true);
    expect(eq('1', '1.0')).toBe(false);
    expect(eq('12345678901234567890', '12345678901234567891')).toBe(false);
    expect(eq('-0', '0')).toBe(true);
    expect(eq('-0.0', '0.0')).toBe(false);
  });

  it('ignores object key order but not array order', () => {
    expect(eq('{"a": 1, "b": [1, 2]}', '{"b": [1, 2], "a": 1}')).toBe(true);
    expect(eq('{"b": [2, 1]}', '{"b": [1, 2]}')).toBe(false);
    expect(eq('{"a": 1}', '{"a": 1, "b": 2}')).toBe(false);
    expect(eq('{"a": null}', '{"b": null}')).toBe(false);
    expect(eq('[]', '{}')).toBe(false);
    expect(eq('"1"', '1')).toBe(false);
    expect(eq('null', 'false')).toBe(false);
  });

  it('does not see inherited keys', () => {
    const a: JsonObject = parseJson('{"constructor": 1}') as JsonObject;
    expect(jsonEqual({}, a)).toBe(false);
    expect(jsonEqual(a, {})).toBe(false);
  });
});
