// Which block types an export or a push takes: the ones asked for (all when none) and,
// transitively, the types their schemas nest, without which those schemas cannot be registered.
import type { BlockSchema } from '../../shared/blocks';
import type { Session } from '../db/database';
import { readBlockSchemas } from './block-schemas';
import { referenceEntries } from './nested-blocks';

/** Every schema of each block type (by slug), oldest first. */
export async function readSchemasByType(db: Session): Promise<Map<string, BlockSchema[]>> {
  const schemasByType = new Map<string, BlockSchema[]>();
  // readBlockSchemas is newest first.
  for (const schema of (await readBlockSchemas(db)).reverse()) {
    const list = schemasByType.get(schema.block_type.slug) ?? [];
    list.push(schema);
    schemasByType.set(schema.block_type.slug, list);
  }
  return schemasByType;
}

/** The known slugs among `slugs` (every known one when `slugs` is empty) with the types their schemas nest. */
export function selectWithNested(known: ReadonlySet<string>, schemasByType: ReadonlyMap<string, BlockSchema[]>, slugs: readonly string[]): Set<string> {
  const wanted = new Set<string>();
  const include = (slug: string): void => {
    if (wanted.has(slug) || !known.has(slug)) return;
    wanted.add(slug);
    for (const schema of schemasByType.get(slug) ?? []) {
      for (const [, reference] of referenceEntries(schema.fields.block_schema_references ?? {})) include(reference.block_type_slug);
    }
  };
  (slugs.length > 0 ? slugs : [...known]).forEach(include);
  return wanted;
}
