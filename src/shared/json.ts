// Lossless JSON: numbers keep their source text (a LosslessNumber), because
// Prefect hashes JSON the way Python parsed it: `1.0` is a float and prints as
// `1.0`, `1` is an int, and integers have unlimited precision. `JSON.parse`
// would erase both distinctions (`prefect/utilities/hashing.py::hash_objects` hashes
// `json.dumps(..., sort_keys=True)` of the values Python parsed).
//
// Pure module: no Node or DOM APIs, so it runs in the main process, the CLI
// and the renderer alike.

import { LosslessNumber, isLosslessNumber, stringify } from 'lossless-json';
import { JsonParseFailure, parseLossless } from './json-parse';
import type { JsonObject, JsonValue } from './json-value';

export { LosslessNumber, isLosslessNumber };

export type { JsonObject, JsonValue } from './json-value';

/** A JSON syntax error with a 0-based offset and a 1-based line/column into the text given. */
export class JsonSyntaxError extends Error {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  /** Keys and indexes leading to where the error is. */
  readonly path: ReadonlyArray<string | number>;

  constructor(reason: string, position: number, line: number, column: number, path: ReadonlyArray<string | number> = []) {
    super(`Invalid JSON at line ${line}, column ${column}: ${reason}`);
    this.name = 'JsonSyntaxError';
    this.position = position;
    this.line = line;
    this.column = column;
    this.path = path;
  }
}

const BOM = 0xfeff;

/**
 * Parse JSON text without losing number lexemes. One leading BOM is skipped (editors on
 * Windows like to write one); positions in errors count it.
 */
export function parseJson(text: string): JsonValue {
  try {
    return parseLossless(text, text.charCodeAt(0) === BOM ? 1 : 0, jsonEqual);
  } catch (error) {
    if (!(error instanceof JsonParseFailure)) throw error;
    const before = text.slice(0, error.position);
    const line = before.split('\n').length;
    const column = error.position - (before.lastIndexOf('\n') + 1) + 1;
    throw new JsonSyntaxError(error.reason, error.position, line, column, error.path);
  }
}

/** Serialise with lossless-json; numbers are written as their stored lexeme. */
export function stringifyJson(value: JsonValue, indent?: number): string {
  const text = stringify(value, null, indent);
  // Only an `undefined` input yields undefined, which JsonValue excludes.
  if (text === undefined) throw new TypeError('value is not serialisable as JSON');
  return text;
}

/**
 * The compact text of a parsed value, as `stringifyJson(value)` writes it, without its generic
 * machinery (replacers, indentation, toJSON): registration stores every schema this way.
 */
export function compactJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isLosslessNumber(value)) return value.value;
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += (index === 0 ? '' : ',') + compactJson(value[index] as JsonValue);
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    text += `${first ? '' : ','}${JSON.stringify(key)}:${compactJson(value[key] as JsonValue)}`;
    first = false;
  }
  return `${text}}`;
}

/** A plain JSON object: not null, not an array, not a LosslessNumber, no class instance. */
export function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (isLosslessNumber(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python reads a number literal containing `.`, `e` or `E` as a float, anything else as an int. */
export function isFloatLexeme(lexeme: string): boolean {
  return /[.eE]/.test(lexeme);
}

/** Own-property lookup: `obj[key]` would also find `constructor`, `toString`, `__proto__`... */
export function getOwn(obj: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Convert to ordinary JS values (numbers become JS numbers, so big integers
 * lose precision and `1.0` becomes `1`). For display and libraries that need
 * plain data, never for hashing.
 */
export function toPlainJson(value: JsonValue): unknown {
  if (isLosslessNumber(value)) return Number(value.value);
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (isJsonObject(value)) {
    // Object.fromEntries defines own properties, so a `__proto__` key stays a key.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainJson(v)]));
  }
  return value;
}

/**
 * Convert ordinary JS data to JsonValue. A JS number that is an integer becomes
 * an int lexeme (`2`, never `2.0` or `1e+21`); any other finite number keeps
 * JS's shortest text, which always contains `.` or `e` and so stays a float.
 * Code that needs a float with an integral value (`1.0`) must build
 * `new LosslessNumber('1.0')` itself.
 */
export function fromPlainJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (isLosslessNumber(value)) return value;
  if (typeof value === 'bigint') return new LosslessNumber(value.toString());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be represented in JSON`);
    return new LosslessNumber(Number.isInteger(value) ? BigInt(value).toString() : String(value));
  }
  if (Array.isArray(value)) return value.map(fromPlainJson);
  if (isJsonObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPlainJson(v)]));
  }
  throw new TypeError(`${typeof value} cannot be represented in JSON`);
}

/**
 * Deep equality as Python would see the parsed data, but stricter on numbers:
 * an int never equals a float (`1` vs `1.0`), ints compare exactly, floats by
 * value with `-0.0` distinct from `0.0` (they hash differently). Object key
 * order is ignored, array order is not.
 */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (isLosslessNumber(a) || isLosslessNumber(b)) {
    if (!isLosslessNumber(a) || !isLosslessNumber(b)) return false;
    const aFloat = isFloatLexeme(a.value);
    if (aFloat !== isFloatLexeme(b.value)) return false;
    return aFloat ? Object.is(Number(a.value), Number(b.value)) : BigInt(a.value) === BigInt(b.value);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i] as JsonValue));
  }
  if (isJsonObject(a) || isJsonObject(b)) {
    if (!isJsonObject(a) || !isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] as JsonValue, b[k] as JsonValue));
  }
  return a === b;
}
