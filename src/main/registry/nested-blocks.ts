// The nested blocks of a schema's fields: `block_schema_references` read as pairs, and the
// definition a nested child is created from (`prefect/server/models/block_schemas.py::
// _register_nested_block_schemas` and `_get_fields_for_child_schema`).
import type { BlockSchemaReferenceEntry } from '../../shared/blocks';
import { isJsonObject, type JsonObject, type JsonValue } from '../../shared/json';

/** `block_schema_references` as (property name, entry) pairs; a list value gives one pair per entry. */
export function referenceEntries(references: JsonValue): Array<[string, BlockSchemaReferenceEntry]> {
  if (!isJsonObject(references)) return [];
  const pairs: Array<[string, BlockSchemaReferenceEntry]> = [];
  for (const [name, value] of Object.entries(references)) {
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (isJsonObject(entry) && typeof entry.block_type_slug === 'string' && typeof entry.block_schema_checksum === 'string') {
        pairs.push([name, { block_type_slug: entry.block_type_slug, block_schema_checksum: entry.block_schema_checksum }]);
      }
    }
  }
  return pairs;
}

/** The definition of the child nested under property `name` of the parent (Prefect's `_get_fields_for_child_schema`). */
export function childDefinition(parentFields: JsonObject, name: string, childSlug: string, definitions: JsonObject): JsonObject | null {
  const properties = parentFields.properties;
  const property = isJsonObject(properties) ? properties[name] : undefined;
  const refs = property === undefined ? [] : collectRefs(property);
  const lookup = (ref: string): JsonValue | undefined => definitions[ref.replaceAll('#/definitions/', '')];
  if (refs.length === 1) {
    const only = lookup(refs[0] as string);
    return isJsonObject(only) ? only : null;
  }
  for (const ref of refs) {
    const candidate = lookup(ref);
    if (isJsonObject(candidate) && candidate.block_type_slug === childSlug) return candidate;
  }
  return null;
}

function collectRefs(value: JsonValue, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item !== '') into.push(item);
      else collectRefs(item, into);
    }
  }
  return into;
}
