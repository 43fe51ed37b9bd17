// The bundled catalogue file as written (not as registered): the definitions the import tests
// drop on the window and the raw text the formatting tests start from.
import { asObject, clone, loadCatalogue } from './registry';
import type { JsonObject } from '../../src/shared/json';

/** A catalogue block type object (block type with its `block_schema`), a fresh copy. */
export function catalogueType(slug: string): JsonObject {
  const entry = loadCatalogue().find((candidate) => candidate.slug === slug);
  if (entry === undefined) throw new Error(`no ${slug} in the catalogue`);
  return clone(entry.blockType);
}

/** The schema fields of a catalogue block type, a fresh copy. */
export function catalogueFields(slug: string): JsonObject {
  return asObject(asObject(catalogueType(slug).block_schema).fields);
}
