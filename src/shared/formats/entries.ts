// Prefect's catalogue entry: a block type with its `block_schema`, alone or in a list.
import { formatJsonPath, type RegistryIssue } from '../errors';
import { entryOf, inEntry } from '../issue-detail';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { validateBlockSchemaInput, validateBlockTypeInput } from '../validate';
import type { RegistrationEntry } from './batch';

export type JsonPath = ReadonlyArray<string | number>;

export interface EntryContext {
  file: string;
  collection: string | null;
  issues: RegistryIssue[];
  /** Prefect's catalogue format: an entry's `is_protected` counts, as Prefect's catalogue reader creates it. */
  protection?: boolean;
  /** This app's own export: each schema's `references` and `read_back` count (docs/decisions/checksum-identity.md). */
  exported?: boolean;
}

/**
 * Validates one block type with its schema; pushes problems to `context.issues` and returns []
 * on any. Several entries come back when the entry also lists older versions (this app's export:
 * `block_schema_history`, oldest first, before Prefect's single `block_schema`, the newest; its
 * first format listed every version in `block_schemas`). Each problem names the entry: `index`
 * (its position in the file, null for a file of one entry), slug and name.
 */
export function readEntries(value: JsonValue, path: JsonPath, context: EntryContext, index: number | null = null): RegistrationEntry[] {
  const issues: RegistryIssue[] = [];
  const entries = readEntry(value, path, { ...context, issues });
  context.issues.push(...inEntry(issues, entryOf(value, index)));
  return entries;
}

function readEntry(value: JsonValue, path: JsonPath, context: EntryContext): RegistrationEntry[] {
  const blockType = validateBlockTypeInput(value, context.file, path, { protection: context.protection === true });
  if (!blockType.ok) {
    context.issues.push(...blockType.issues);
    return [];
  }
  const object = isJsonObject(value) ? value : {};
  const location = { blockType: blockType.value, collection: context.collection, file: context.file, path: formatJsonPath(path) };
  const schemas = schemaValues(object, blockType.value.slug, path, context);
  if (schemas === null) return [];
  // A type exported without any schema.
  if (schemas.length === 0) return [{ ...location, blockSchema: null, schemaPath: null }];
  const entries: RegistrationEntry[] = [];
  for (const [schemaValue, schemaPath] of schemas) {
    const blockSchema = validateBlockSchemaInput(schemaValue, context.file, schemaPath, { exported: context.exported === true });
    if (blockSchema.ok) entries.push({ ...location, blockSchema: blockSchema.value, schemaPath: formatJsonPath(schemaPath) });
    else context.issues.push(...blockSchema.issues);
  }
  return entries;
}

/** The entry's schema objects with their paths, oldest first; null (with the problem reported) when there is none to read. */
function schemaValues(object: JsonObject, slug: string, path: JsonPath, context: EntryContext): Array<[JsonValue, JsonPath]> | null {
  const listed = (key: string): Array<[JsonValue, JsonPath]> | null => {
    const list = object[key];
    if (Array.isArray(list)) return list.map((item, index) => [item, [...path, key, index]]);
    context.issues.push({ file: context.file, path: formatJsonPath([...path, key]), message: 'must be a list of block schemas' });
    return null;
  };
  if (object.block_schemas !== undefined) return listed('block_schemas');
  const schemaValue = object.block_schema;
  const missing = schemaValue === undefined || schemaValue === null || (isJsonObject(schemaValue) && Object.keys(schemaValue).length === 0);
  if (object.block_schema_history !== undefined) {
    const history = listed('block_schema_history');
    if (history === null) return null;
    // A type exported without any schema has neither.
    if (missing && history.length === 0) return [];
    if (!missing) return [...history, [schemaValue, [...path, 'block_schema']]];
  }
  if (missing) {
    // Prefect's RuntimeError text, as a validation issue instead of a crash.
    context.issues.push({ file: context.file, path: formatJsonPath(path), message: `Block schema not found for block type '${slug}'` });
    return null;
  }
  return [[schemaValue, [...path, 'block_schema']]];
}

export function looksLikeEntry(value: JsonValue): boolean {
  return isJsonObject(value) && 'slug' in value && 'name' in value;
}

export function readEntryList(values: JsonValue[], path: JsonPath, context: EntryContext): RegistrationEntry[] {
  return values.flatMap((value, index) => readEntries(value, [...path, index], context, index));
}
