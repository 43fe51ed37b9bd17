// Prefect's block schema checksum, byte for byte (`prefect/blocks/core.py::
// Block._calculate_schema_checksum` over `prefect/utilities/hashing.py::hash_objects`).
//
// Prefect computes `hash_objects(fields', hash_algo=sha256)`, i.e. SHA-256 of
// `json.dumps([[fields'], {}], sort_keys=True)` (the positional and keyword
// arguments of that call), where fields' is `fields` without `secret_fields`
// keys and with `definitions` pruned to the non-block definitions it uses.
//
// Pure module: no Node or DOM APIs.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { getOwn, isFloatLexeme, isJsonObject, isLosslessNumber } from './json';
import type { JsonObject, JsonValue } from './json';

// Registration asks for the same schema's checksum more than once (ordering, then creation);
// fields are never mutated once parsed, so the answer can be kept per object.
const checksumCache = new WeakMap<JsonObject, string>();

/** SHA-256 of a pure ASCII text, as 64 lowercase hex digits. */
export type Sha256Hex = (asciiText: string) => string;

let sha256Hex: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));

/**
 * Replaces the portable SHA-256 (@noble/hashes, for the window) with a faster one: the main
 * process passes node:crypto's (src/main/registry/checksum.ts), which this pure module cannot import.
 */
export function useSha256Hex(hash: Sha256Hex): void {
  sha256Hex = hash;
}

/** `"sha256:" + 64 lowercase hex` over the canonical text of `fields`. */
export function blockSchemaChecksum(fields: JsonObject): string {
  let checksum = checksumCache.get(fields);
  if (checksum === undefined) {
    checksum = `sha256:${sha256Hex(checksumCanonicalText(fields))}`;
    checksumCache.set(fields, checksum);
  }
  return checksum;
}

/** The exact (pure ASCII) text that is hashed: `[[{...}], {}]`. */
export function checksumCanonicalText(fields: JsonObject): string {
  return `[[${pythonJsonDumps(prepareFields(fields))}], {}]`;
}

// §4.1 steps 1 and 2.
function prepareFields(fields: JsonObject): JsonObject {
  const copy = withoutSecretFields(fields);
  const definitions = getOwn(copy, 'definitions');
  // Python: `if definitions := fields.get("definitions")`, so `{}` (falsy) is
  // left in place and hashed. A truthy non-object resolves no ref (Prefect
  // would crash on `.get` if a string ref existed); we just drop it.
  if (definitions !== undefined && pyTruthy(definitions)) {
    const kept = nonBlockDefinitions(copy, isJsonObject(definitions) ? definitions : {});
    if (Object.keys(kept).length > 0) copy['definitions'] = kept;
    else delete copy['definitions'];
  }
  return copy;
}

// Prefect's `remove_nested_keys(["secret_fields"], fields)`: it recurses into
// dict values only, so objects inside arrays (e.g. in `anyOf`) keep the key.
function withoutSecretFields(obj: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const key of Object.keys(obj)) {
    if (key === 'secret_fields') continue;
    const value = obj[key] as JsonValue;
    const kept = isJsonObject(value) ? withoutSecretFields(value) : value;
    // defineProperty, not assignment: a `__proto__` key must stay an ordinary key.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: kept, enumerable: true, writable: true, configurable: true });
    else copy[key] = kept;
  }
  return copy;
}

/**
 * §4.2, Prefect's `_get_non_block_reference_definitions(scanRoot, definitions)`:
 * the definitions referenced (transitively) from anywhere in `scanRoot` that
 * are non-empty objects whose `block_type_slug` is missing or null.
 * Keys are in first-seen depth-first order, as Python's dict merge produces.
 */
export function nonBlockDefinitions(scanRoot: JsonObject, definitions: JsonObject): JsonObject {
  // Python tests `is None`, so `""` or `false` still marks a block.
  return reachableDefinitions(scanRoot, definitions, (def) => {
    const slug = getOwn(def, 'block_type_slug');
    return slug === undefined || slug === null;
  });
}

/**
 * The definitions a client (pydantic) would emit for a child block: every
 * non-empty definition, block or not, reachable through `$ref`s from `fields`
 * (its own `definitions` key excluded), transitively. Prefect's server hashes
 * a nested child against the root's whole definitions map instead, which is
 * the bug README's "Differences from Prefect" describes (`prefect/server/models/
 * block_schemas.py::_register_nested_block_schemas`); this reproduces the checksums clients record.
 */
export function definitionsReachableFrom(fields: JsonObject, definitions: JsonObject): JsonObject {
  const scanRoot = Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'definitions'));
  return reachableDefinitions(scanRoot, definitions, () => true, true);
}

function reachableDefinitions(scanRoot: JsonObject, definitions: JsonObject, keep: (definition: JsonObject) => boolean, followBlockReferences = false): JsonObject {
  // A Map, not an object: a `__proto__` key must stay an ordinary key.
  const found = new Map<string, JsonObject>();
  const visit = (root: JsonValue): void => {
    for (const ref of collectRefs(root, [])) {
      if (typeof ref !== 'string') continue;
      const key = ref.split('#/definitions/').join('');
      // Already kept together with everything it reaches. Python has no such
      // check and recurses forever on a cycle; for acyclic input the result
      // (keys and their order) is the same.
      if (found.has(key)) continue;
      const definition = getOwn(definitions, key);
      if (!isJsonObject(definition) || Object.keys(definition).length === 0 || !keep(definition)) continue;
      found.set(key, definition);
      visit(definition);
    }
    if (!followBlockReferences || !isJsonObject(root)) return;
    // pydantic also puts a block nested as `Dict[str, Block]` into a client's definitions, but
    // Prefect's schema keeps no `$ref` to it: only `block_schema_references` names it (by slug).
    // Its non-block definitions then count in the client's checksum (found with real Prefect
    // 3.9.1, test/prefect/checksums.test.ts).
    for (const slug of referencedBlockSlugs(getOwn(root, 'block_schema_references'))) {
      for (const [key, definition] of Object.entries(definitions)) {
        if (found.has(key) || !isJsonObject(definition) || getOwn(definition, 'block_type_slug') !== slug) continue;
        found.set(key, definition);
        visit(definition);
      }
    }
  };
  visit(scanRoot);
  return Object.fromEntries(found);
}

function referencedBlockSlugs(references: JsonValue | undefined): string[] {
  if (references === undefined || !isJsonObject(references)) return [];
  return Object.values(references)
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .flatMap((entry) => {
      const slug = isJsonObject(entry) ? getOwn(entry, 'block_type_slug') : undefined;
      return typeof slug === 'string' ? [slug] : [];
    });
}

// Prefect's `_collect_nested_reference_strings`: an object's own truthy `$ref`
// first, then every value in order; arrays item by item.
function collectRefs(value: JsonValue, out: JsonValue[]): JsonValue[] {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, out);
  } else if (isJsonObject(value)) {
    const ref = getOwn(value, '$ref');
    if (ref !== undefined && pyTruthy(ref)) out.push(ref);
    for (const child of Object.values(value)) collectRefs(child, out);
  }
  return out;
}

/** Python truthiness of a parsed JSON value. */
function pyTruthy(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 0;
  // Number() is exact about zero for both kinds (`1e-400` is 0.0 in Python too).
  if (isLosslessNumber(value)) return Number(value.value) !== 0;
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value).length > 0;
}

// ---------------------------------------------------------------------------
// CPython `json.dumps(obj, sort_keys=True)` with default options:
// separators ", " and ": ", ensure_ascii, floats via repr.

function pythonJsonDumps(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pythonString(value);
  if (isLosslessNumber(value)) {
    const lexeme = value.value;
    // An int lexeme is exact at any size; BigInt also turns `-0` into `0`.
    if (isFloatLexeme(lexeme)) return pythonFloatRepr(Number(lexeme));
    return SMALL_INT.test(lexeme) ? lexeme : BigInt(lexeme).toString();
  }
  // Appending to one string, not mapping and joining: fewer intermediate arrays per field.
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += (index === 0 ? '' : ', ') + pythonJsonDumps(value[index] as JsonValue);
    return `${text}]`;
  }
  if (isJsonObject(value)) {
    const keys = sortedKeys(value);
    let text = '{';
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      text += `${index === 0 ? '' : ', '}${pythonString(key)}: ${pythonJsonDumps(value[key] as JsonValue)}`;
    }
    return `${text}}`;
  }
  throw new TypeError(`not a JSON value: ${String(value)}`);
}

// Already canonical: no sign on zero, no leading zeros (the parser allows none), at most 15 digits.
const SMALL_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;

// Code-unit order (JS's default sort) equals code-point order unless a key holds a surrogate.
const HAS_SURROGATE = /[\ud800-\udfff]/;

function sortedKeys(value: JsonObject): string[] {
  const keys = Object.keys(value);
  return keys.some((key) => HAS_SURROGATE.test(key)) ? keys.sort(compareCodePoints) : keys.sort();
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Python escapes `[^\ -~]` and `"` `\`. Working per UTF-16 code unit yields
// surrogate pairs for astral characters and keeps lone surrogates as they are,
// exactly like Python's ensure_ascii.
const ESCAPED = /["\\]|[^\x20-\x7e]/g;
// The same characters, to test for: a global pattern's test() would carry lastIndex over.
const NEEDS_ESCAPE = new RegExp(ESCAPED.source);

function pythonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  return `"${s.replace(ESCAPED, (ch) => {
    return SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  })}"`;
}

// Python sorts str keys by code point; JS's default sort compares UTF-16 code
// units, which misorders astral characters against U+E000..U+FFFF.
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1; // equal code points have equal widths
  }
  return a.length - b.length; // a common prefix sorts first
}

/**
 * CPython `repr(float)`: the shortest round-trip digits (the same digits JS's
 * `String(x)` picks), scientific when the decimal point position p (value =
 * 0.d1d2... x 10^p) is <= -4 or > 16, else fixed with at least one fraction
 * digit. Non-finite values as Python's json writes them.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';

  const sign = value < 0 ? '-' : '';
  // String() gives e.g. "123.456", "0.000001", "1e+21", "1.5e-7".
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  let digits = intPart + fracPart;
  let point = intPart.length + Number(exponent);
  const leadingZeros = /^0*/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(leadingZeros).replace(/0+$/, '');
  point -= leadingZeros;

  if (point <= -4 || point > 16) {
    const exp = point - 1;
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${head}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
