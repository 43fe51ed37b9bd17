// Prefect's REST API shapes: a block schema with its nested `block_type` (GET /block_schemas/{id}),
// a list of them (POST /block_schemas/filter), and `prefect block type inspect -o json`'s
// `{block_type, schema}`.
import { formatJsonPath, type RegistryIssue } from '../errors';
import { entryOf, inEntry } from '../issue-detail';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { validateBlockSchemaInput, validateBlockTypeInput } from '../validate';
import type { RegistrationEntry } from './batch';
import type { EntryContext, JsonPath } from './entries';

export function looksLikeRestSchema(value: JsonValue): value is JsonObject {
  return isJsonObject(value) && isJsonObject(value.block_type) && 'fields' in value;
}

export function looksLikeInspectOutput(value: JsonValue): value is JsonObject {
  return isJsonObject(value) && isJsonObject(value.block_type) && 'schema' in value && !('fields' in value);
}

/** A REST block schema: the block type is its nested `block_type`, the schema the object itself. */
export function readRestSchema(value: JsonObject, path: JsonPath, context: EntryContext, index: number | null = null): RegistrationEntry | null {
  const issues: RegistryIssue[] = [];
  const entry = readTypeAndSchema(value.block_type as JsonValue, [...path, 'block_type'], value, path, { ...context, issues });
  context.issues.push(...inEntry(issues, entryOf(value.block_type as JsonValue, index)));
  return entry;
}

/** `prefect block type inspect -o json`: `{block_type, schema}` (schema may be null: a type alone). */
export function readInspectOutput(value: JsonObject, context: EntryContext): RegistrationEntry | null {
  const issues: RegistryIssue[] = [];
  const entry = readTypeAndSchema(value.block_type as JsonValue, ['block_type'], value.schema ?? null, ['schema'], { ...context, issues });
  context.issues.push(...inEntry(issues, entryOf(value.block_type as JsonValue, null)));
  return entry;
}

function readTypeAndSchema(typeValue: JsonValue, typePath: JsonPath, schemaValue: JsonValue, schemaPath: JsonPath, context: EntryContext): RegistrationEntry | null {
  const blockType = validateBlockTypeInput(typeValue, context.file, typePath);
  if (!blockType.ok) {
    context.issues.push(...blockType.issues);
    return null;
  }
  let blockSchema = null;
  if (schemaValue !== null) {
    const validated = validateBlockSchemaInput(schemaValue, context.file, schemaPath);
    if (!validated.ok) {
      context.issues.push(...validated.issues);
      return null;
    }
    blockSchema = validated.value;
  }
  return {
    blockType: blockType.value,
    blockSchema,
    collection: context.collection,
    file: context.file,
    path: formatJsonPath(typePath),
    schemaPath: blockSchema === null ? null : formatJsonPath(schemaPath),
  };
}
