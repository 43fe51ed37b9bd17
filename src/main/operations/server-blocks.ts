// What the server commands compare and push: the local block types chosen by `--type` (all by
// default) with the types their schemas nest, every schema version of each, and the field by
// field comparison of a local block type with the server's.
import type { BlockSchema, BlockType } from '../../shared/blocks';
import { RegistryError } from '../../shared/errors';
import type { RegistryDb } from '../db/database';
import type { ServerBlockType } from '../prefect-server/client';
import type { JsonObject } from '../../shared/json';
import { readClientFields, readLinkedChildren } from '../registry/block-schemas';
import { readBlockTypes } from '../registry/block-types';
import { referenceEntries } from '../registry/nested-blocks';
import { COMPARED_BLOCK_TYPE_FIELDS, comparableServerType, fieldDifferences, type ComparedBlockTypeField } from './block-comparison';
import { readSchemasByType, selectWithNested } from './block-selection';

export interface LocalBlocks {
  /** Ordered by name. */
  types: BlockType[];
  /** Oldest first, so that pushing them in order leaves the same newest version on the server. */
  schemas: BlockSchema[];
  /** What a client sends to register each schema, by schema id (docs/decisions/checksum-identity.md); absent when not known. */
  clientFields: Map<string, JsonObject>;
  /** The rows each schema links as its children, by schema id. */
  linkedChildren: Map<string, string[]>;
  /** Requested slugs this database does not have. */
  unknownSlugs: string[];
}

/** The chosen types (all when `slugs` is empty) and, transitively, the types their schemas nest. */
export async function readLocalBlocks(db: RegistryDb, slugs: readonly string[] = []): Promise<LocalBlocks> {
  const allTypes = await readBlockTypes(db);
  const schemasBySlug = await readSchemasByType(db);
  const known = new Set(allTypes.map((type) => type.slug));
  const wanted = selectWithNested(known, schemasBySlug, slugs);
  const types = allTypes.filter((type) => wanted.has(type.slug));
  const schemas = types.flatMap((type) => schemasBySlug.get(type.slug) ?? []);
  const ids = schemas.map((schema) => schema.id);
  return {
    types,
    schemas,
    clientFields: await readClientFields(db, ids),
    linkedChildren: await readLinkedChildren(db, ids),
    unknownSlugs: slugs.filter((slug) => !known.has(slug)),
  };
}

/** For commands that need every requested type here (push). */
export function requireKnownSlugs(local: LocalBlocks): void {
  if (local.unknownSlugs.length === 0) return;
  throw new RegistryError('not_found', `No block type with slug ${local.unknownSlugs.map((slug) => `'${slug}'`).join(', ')} in this database.`);
}

export { COMPARED_BLOCK_TYPE_FIELDS, schemaKey, type ComparedBlockTypeField } from './block-comparison';

export interface FieldDifference {
  field: ComparedBlockTypeField;
  local: string | boolean | null;
  server: string | boolean | null;
}

/** The fields whose values differ (the server's description and code_example compared unescaped). */
export function blockTypeDifferences(local: BlockType, server: ServerBlockType, fields: readonly ComparedBlockTypeField[] = COMPARED_BLOCK_TYPE_FIELDS): FieldDifference[] {
  return fieldDifferences(local, comparableServerType(server), fields, false, true).map(({ field, left, right }) => ({ field, local: left, server: right }));
}

/** The checksums a schema nests (its children), from `block_schema_references`. */
export function childChecksums(schema: BlockSchema): string[] {
  return referenceEntries(schema.fields.block_schema_references ?? {}).map(([, reference]) => reference.block_schema_checksum);
}
