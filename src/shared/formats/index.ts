// Reads a block definition file of any accepted format, recognised by content (not by name),
// into one registration batch. Any problem anywhere means an error listing every problem.
import { formatJsonPath, RegistryError, ROOT_PATH, type RegistryIssue } from '../errors';
import { isJsonObject, JsonSyntaxError, parseJson, type JsonValue } from '../json';
import { MAX_ENTRIES } from '../limits';
import type { RegistrationBatch, RegistrationEntry } from './batch';
import { looksLikeCatalogue, readCatalogue } from './catalogue';
import { looksLikeEntry, readEntries, readEntryList, type EntryContext } from './entries';
import { looksLikeInspectOutput, looksLikeRestSchema, readInspectOutput, readRestSchema } from './rest';

export type { RegistrationBatch, RegistrationEntry } from './batch';

export { MAX_ENTRIES, MAX_FILE_BYTES } from '../limits';

export type BlockFileFormat = 'catalogue' | 'entry' | 'entry-list' | 'rest-schema' | 'rest-schema-list' | 'inspect' | 'python';

export const FORMAT_LABELS: Record<BlockFileFormat, string> = {
  catalogue: "Prefect's block catalogue",
  entry: 'one block type with its schema',
  'entry-list': 'a list of block types with their schemas',
  'rest-schema': "a block schema from Prefect's API (GET /block_schemas/{id})",
  'rest-schema-list': "block schemas from Prefect's API (POST /block_schemas/filter)",
  inspect: '`prefect block type inspect -o json` output',
  // Read in main by running Python (src/main/python), never by parseBlockDefinitions.
  python: 'Prefect block classes in Python, as `prefect block register` reads them',
};

export const EXPECTED_FORMATS =
  'Prefect\'s block catalogue ({"collections": …}), a block type with its block_schema (or a list of them), ' +
  "a block schema from Prefect's API with its block_type (or a list of them), or `prefect block type inspect -o json` output";

export interface ParsedBlockFile extends RegistrationBatch {
  format: BlockFileFormat;
}

/** A file read as far as it can be: the valid entries, and the problems of the others. */
export interface ReadBlockFile extends ParsedBlockFile {
  /** Problems of single entries; any one means the file cannot be registered (all or nothing). */
  issues: RegistryIssue[];
}

function refuse(file: string, message: string, path = ROOT_PATH): RegistryError {
  return new RegistryError('invalid_input', `${file}: ${message}`, [{ file, path, message }]);
}

/** File bytes to text: refuses empty, oversized, binary and non-UTF-8 files with a clear reason. */
export function decodeBlockFile(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw refuse(file, `the file is empty. Expected ${EXPECTED_FORMATS}.`);
  if (looksLikeUtf16(bytes)) throw refuse(file, 'the file is UTF-16 text; save it as UTF-8.');
  if (bytes.includes(0)) throw refuse(file, `this is a binary file, not JSON. Expected ${EXPECTED_FORMATS}.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse(file, 'the file is not UTF-8 text.');
  }
}

/**
 * UTF-16 (what some Windows editors save as "Unicode"): a byte order mark, or ASCII text whose
 * every other byte is NUL. Said as such, rather than "binary", so that the fix is obvious.
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  const sample = bytes.subarray(0, 256 - (Math.min(bytes.length, 256) % 2));
  if (sample.length < 4) return false;
  let zeroEven = 0;
  let zeroOdd = 0;
  sample.forEach((byte, index) => {
    if (byte !== 0) return;
    if (index % 2 === 0) zeroEven += 1;
    else zeroOdd += 1;
  });
  const half = sample.length / 2;
  return (zeroOdd === half && zeroEven === 0) || (zeroEven === half && zeroOdd === 0);
}

/** The file's entries; throws a RegistryError listing every problem when there is any. */
export function parseBlockDefinitions(file: string, text: string): ParsedBlockFile {
  const { issues, ...read } = readBlockDefinitions(file, text);
  if (issues.length > 0) {
    const noun = issues.length === 1 ? 'problem' : 'problems';
    throw new RegistryError('invalid_input', `${file}: ${issues.length} ${noun}; nothing was registered.`, issues);
  }
  return read;
}

/**
 * Every valid entry of the file and the problems of the others, so that a preview can show both.
 * Throws a RegistryError only when the file as a whole cannot be read: not JSON, another shape,
 * too many entries, or no block types at all.
 */
export function readBlockDefinitions(file: string, text: string): ReadBlockFile {
  if (text.trim() === '') throw refuse(file, `the file is empty. Expected ${EXPECTED_FORMATS}.`);
  let root: JsonValue;
  try {
    root = parseJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const hint = /^(?:from [\w.]+ import |import [\w.]+|class \w+\(|def \w+\()/m.test(text.slice(0, 4000))
      ? ` It looks like Python: block classes are read from a file named .py, by Prefect, on the command line (\`block-registry import FILE.py\`); or export the schema with \`prefect block type inspect SLUG -o json\`.`
      : '';
    throw refuse(file, `not JSON (${error.message}).${hint} Expected ${EXPECTED_FORMATS}.`, formatJsonPath(error.path));
  }
  const issues: RegistryIssue[] = [];
  const context: EntryContext = { file, collection: null, issues };
  const read = readByShape(root, context);
  if (read === null) throw refuse(file, `JSON of another shape. Expected ${EXPECTED_FORMATS}.`);
  if (read.entries.length > MAX_ENTRIES) throw refuse(file, `${read.entries.length} block schemas, over the limit of ${MAX_ENTRIES} in one file.`);
  if (read.entries.length === 0 && issues.length === 0) throw refuse(file, 'it holds no block types.');
  return { ...read, issues };
}

function readByShape(root: JsonValue, context: EntryContext): ParsedBlockFile | null {
  if (looksLikeCatalogue(root)) return { format: 'catalogue', entries: readCatalogue(root, context) };
  if (looksLikeInspectOutput(root)) return { format: 'inspect', entries: optional(readInspectOutput(root, context)) };
  if (looksLikeRestSchema(root)) return { format: 'rest-schema', entries: optional(readRestSchema(root, [], context)) };
  if (looksLikeEntry(root)) return { format: 'entry', entries: readEntries(root, [], context) };
  if (Array.isArray(root) && root.length > 0 && root.every(isJsonObject)) {
    // Arrow functions, not the guards themselves: a failed `every(guard)` would narrow to never.
    if (root.every((item) => looksLikeRestSchema(item))) return { format: 'rest-schema-list', entries: root.flatMap((item, index) => optional(readRestSchema(item, [index], context, index))) };
    if (root.every((item) => looksLikeEntry(item))) return { format: 'entry-list', entries: readEntryList(root, [], context) };
  }
  return null;
}

function optional(entry: RegistrationEntry | null): RegistrationEntry[] {
  return entry === null ? [] : [entry];
}
