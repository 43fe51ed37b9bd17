// A JSON reader that keeps each number's text (a LosslessNumber), like lossless-json, but
// about ten times faster on Prefect's catalogue, with a nesting limit instead of a stack
// overflow. `__proto__` is an ordinary key; a duplicate key with a different value is an error.
import { LosslessNumber } from 'lossless-json';
import type { JsonObject, JsonValue } from './json-value';
import { MAX_JSON_DEPTH } from './limits';

// Deeper input is refused: every recursive walk of the value (checksum, storage) stays safe.

export class JsonParseFailure extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
    /** Where in the document the parser was: keys and indexes from the top. */
    readonly path: ReadonlyArray<string | number>,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// oxlint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: this stops at them.
const PLAIN_STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The characters of a piece of the text, in a string of their own. V8 makes a substring of 13
 * characters or more a view into the text (and a string built of pieces holds them), so that a
 * value would keep the whole text alive: a pull held every page of its listing (85 MiB at 50,000
 * types) for as long as any slug or checksum read from it, its import's preview included.
 * Flattening a string that starts with one more character copies the characters.
 */
function detached(piece: string): string {
  return ` ${piece}`.slice(1);
}

// oxlint-disable-next-line max-lines-per-function -- one scanner: its readers are closures sharing the position `i` and the path; split apart, each would pass them back and forth on the hot path of every read.
export function parseLossless(text: string, start: number, equal: (a: JsonValue, b: JsonValue) => boolean): JsonValue {
  let i = start;
  // The keys and indexes leading to the value being read, for error messages.
  const path: Array<string | number> = [];

  const fail = (reason: string, at = i): never => {
    throw new JsonParseFailure(reason, at, [...path]);
  };
  const skipWhitespace = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  const describe = (): string => (i >= text.length ? 'end of input' : `'${text[i]}'`);

  const parseString = (): string => {
    i++; // opening quote
    let result = '';
    for (;;) {
      PLAIN_STRING_RUN.lastIndex = i;
      PLAIN_STRING_RUN.test(text);
      result += text.slice(i, PLAIN_STRING_RUN.lastIndex);
      i = PLAIN_STRING_RUN.lastIndex;
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return detached(result);
      }
      if (c === 0x5c) {
        const escape = text[i + 1];
        if (escape === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid unicode escape in string', i);
          result += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const replacement = escape === undefined ? undefined : ESCAPES[escape];
          if (replacement === undefined) fail(`Invalid escape character '\\${escape ?? ''}' in string`, i);
          result += replacement;
          i += 2;
        }
        continue;
      }
      if (i >= text.length) fail("End of string '\"' expected");
      fail('Invalid control character in string (escape it)');
    }
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth >= MAX_JSON_DEPTH) fail(`Nesting deeper than ${MAX_JSON_DEPTH} levels`);
    skipWhitespace();
    const c = text.charCodeAt(i);
    if (c === 0x7b) return parseObject(depth);
    if (c === 0x5b) return parseArray(depth);
    if (c === 0x22) return parseString();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) return fail(/^-?(?:NaN|Infinity)/.test(text.slice(i, i + 9)) ? 'NaN and Infinity are not valid JSON numbers' : 'Invalid number');
      const end = NUMBER.lastIndex;
      const next = text.charCodeAt(end);
      if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) fail('Invalid number', end);
      i = end;
      return new LosslessNumber(detached(match[0]));
    }
    if (text.startsWith('true', i)) return ((i += 4), true);
    if (text.startsWith('false', i)) return ((i += 5), false);
    if (text.startsWith('null', i)) return ((i += 4), null);
    if (text.startsWith('NaN', i) || text.startsWith('Infinity', i)) fail('NaN and Infinity are not valid JSON numbers');
    return fail(`JSON value expected, found ${describe()}`);
  };

  const parseObject = (depth: number): JsonObject => {
    i++;
    const object: JsonObject = {};
    skipWhitespace();
    if (text.charCodeAt(i) === 0x7d) {
      i++;
      return object;
    }
    for (;;) {
      skipWhitespace();
      const keyStart = i;
      if (text.charCodeAt(i) !== 0x22) fail(`Object key expected, found ${describe()}`);
      const key = parseString();
      skipWhitespace();
      if (text.charCodeAt(i) !== 0x3a) fail(`Colon ':' expected after key "${key}", found ${describe()}`);
      i++;
      path.push(key);
      const value = parseValue(depth + 1);
      path.pop();
      if (Object.hasOwn(object, key)) {
        if (!equal(object[key] as JsonValue, value)) fail(`Duplicate key '${key}' with a different value`, keyStart);
      } else if (key === '__proto__') {
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        object[key] = value;
      }
      skipWhitespace();
      const c = text.charCodeAt(i);
      i++;
      if (c === 0x2c) continue;
      if (c === 0x7d) return object;
      fail(`Comma ',' or end of object '}' expected, found ${describe()}`, i - 1);
    }
  };

  const parseArray = (depth: number): JsonValue[] => {
    i++;
    const array: JsonValue[] = [];
    skipWhitespace();
    if (text.charCodeAt(i) === 0x5d) {
      i++;
      return array;
    }
    for (;;) {
      path.push(array.length);
      array.push(parseValue(depth + 1));
      path.pop();
      skipWhitespace();
      const c = text.charCodeAt(i);
      i++;
      if (c === 0x2c) continue;
      if (c === 0x5d) return array;
      fail(`Comma ',' or end of array ']' expected, found ${describe()}`, i - 1);
    }
  };

  const value = parseValue(0);
  skipWhitespace();
  if (i < text.length) fail(`Unexpected ${describe()} after the JSON value`);
  return value;
}
