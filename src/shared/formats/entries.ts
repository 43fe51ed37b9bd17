// Prefect's catalogue entry: a block type with its `block_schema`, alone or in a list.
import { formatJsonPath, type RegistryIssue } from '../errors';
import { entryOf, inEntry } from '../issue-detail';
import { isJsonObject, type JsonValue } from '../json';
import { validateBlockSchemaInput, validateBlockTypeInput } from '../validate';
import type { RegistrationEntry } from './batch';

export type JsonPath = ReadonlyArray<string | number>;

export interface EntryContext {
  file: string;
  collection: string | null;
  issues: RegistryIssue[];
}

/**
 * Validates one block type with its schema; pushes problems to `context.issues` and returns []
 * on any. Several entries come back when the entry also lists `block_schemas` (every version,
 * as this app's export writes them beside Prefect's single `block_schema`). Each problem names
 * the entry: `index` (its position in the file, null for a file of one entry), slug and name.
 */
export function readEntries(value: JsonValue, path: JsonPath, context: EntryContext, index: number | null = null): RegistrationEntry[] {
  const issues: RegistryIssue[] = [];
  const entries = readEntry(value, path, { ...context, issues });
  context.issues.push(...inEntry(issues, entryOf(value, index)));
  return entries;
}

function readEntry(value: JsonValue, path: JsonPath, context: EntryContext): RegistrationEntry[] {
  const blockType = validateBlockTypeInput(value, context.file, path);
  if (!blockType.ok) {
    context.issues.push(...blockType.issues);
    return [];
  }
  const object = isJsonObject(value) ? value : {};
  const location = { blockType: blockType.value, collection: context.collection, file: context.file, path: formatJsonPath(path) };
  const versions = object.block_schemas;
  if (versions !== undefined) {
    if (!Array.isArray(versions)) {
      context.issues.push({ file: context.file, path: formatJsonPath([...path, 'block_schemas']), message: 'must be a list of block schemas' });
      return [];
    }
    // A type exported without any schema.
    if (versions.length === 0) return [{ ...location, blockSchema: null, schemaPath: null }];
    const entries: RegistrationEntry[] = [];
    versions.forEach((version, index) => {
      const blockSchema = validateBlockSchemaInput(version, context.file, [...path, 'block_schemas', index]);
      if (blockSchema.ok) entries.push({ ...location, blockSchema: blockSchema.value, schemaPath: formatJsonPath([...path, 'block_schemas', index]) });
      else context.issues.push(...blockSchema.issues);
    });
    return entries;
  }
  const schemaValue = object.block_schema;
  if (schemaValue === undefined || schemaValue === null || (isJsonObject(schemaValue) && Object.keys(schemaValue).length === 0)) {
    // Prefect's RuntimeError text, as a validation issue instead of a crash.
    context.issues.push({ file: context.file, path: formatJsonPath(path), message: `Block schema not found for block type '${blockType.value.slug}'` });
    return [];
  }
  const blockSchema = validateBlockSchemaInput(schemaValue, context.file, [...path, 'block_schema']);
  if (!blockSchema.ok) {
    context.issues.push(...blockSchema.issues);
    return [];
  }
  return [{ ...location, blockSchema: blockSchema.value, schemaPath: formatJsonPath([...path, 'block_schema']) }];
}

export function looksLikeEntry(value: JsonValue): boolean {
  return isJsonObject(value) && 'slug' in value && 'name' in value;
}

export function readEntryList(values: JsonValue[], path: JsonPath, context: EntryContext): RegistrationEntry[] {
  return values.flatMap((value, index) => readEntries(value, [...path, index], context, index));
}
