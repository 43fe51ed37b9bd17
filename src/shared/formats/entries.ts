// Prefect's catalogue entry: a block type with its `block_schema`, alone or in a list.
import { formatJsonPath, type RegistryIssue } from '../errors';
import { isJsonObject, type JsonValue } from '../json';
import { validateBlockSchemaInput, validateBlockTypeInput } from '../validate';
import type { RegistrationEntry } from './batch';

export type JsonPath = ReadonlyArray<string | number>;

export interface EntryContext {
  file: string;
  collection: string | null;
  issues: RegistryIssue[];
}

/** Validates one block type with its schema; pushes problems to `context.issues` and returns null on any. */
export function readEntry(value: JsonValue, path: JsonPath, context: EntryContext): RegistrationEntry | null {
  const blockType = validateBlockTypeInput(value, context.file, path);
  if (!blockType.ok) {
    context.issues.push(...blockType.issues);
    return null;
  }
  const schemaValue = isJsonObject(value) ? value.block_schema : undefined;
  if (schemaValue === undefined || schemaValue === null || (isJsonObject(schemaValue) && Object.keys(schemaValue).length === 0)) {
    // Prefect's RuntimeError text, as a validation issue instead of a crash.
    context.issues.push({ file: context.file, path: formatJsonPath(path), message: `Block schema not found for block type '${blockType.value.slug}'` });
    return null;
  }
  const blockSchema = validateBlockSchemaInput(schemaValue, context.file, [...path, 'block_schema']);
  if (!blockSchema.ok) {
    context.issues.push(...blockSchema.issues);
    return null;
  }
  return {
    blockType: blockType.value,
    blockSchema: blockSchema.value,
    collection: context.collection,
    file: context.file,
    path: formatJsonPath(path),
  };
}

export function looksLikeEntry(value: JsonValue): boolean {
  return isJsonObject(value) && 'slug' in value && 'name' in value;
}

export function readEntryList(values: JsonValue[], path: JsonPath, context: EntryContext): RegistrationEntry[] {
  const entries: RegistrationEntry[] = [];
  values.forEach((value, index) => {
    const entry = readEntry(value, [...path, index], context);
    if (entry !== null) entries.push(entry);
  });
  return entries;
}
