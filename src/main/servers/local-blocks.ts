// What the server commands compare and push: the local block types chosen by `--type` (all by
// default) with the types their schemas nest, every schema version of each, and the field by
// field comparison of a local block type with the server's.
import type { BlockSchema, BlockType } from '../../shared/blocks';
import { RegistryError } from '../../shared/errors';
import type { Session } from '../db/database';
import type { ServerBlockType } from './client/client';
import type { JsonObject } from '../../shared/json';
import { readClientFields, readLinkedChildren } from '../registry/block-schemas';
import { readBlockTypes } from '../registry/block-types';
import { referenceEntries } from '../registry/nested-blocks';
import { COMPARED_BLOCK_TYPE_FIELDS, comparableServerType, fieldDifferences, type ComparedBlockTypeField, type SchemaIdentity } from './block-comparison';
import { readSchemasByType, selectWithNested } from '../registry/block-selection';

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
export async function readLocalBlocks(db: Session, slugs: readonly string[] = []): Promise<LocalBlocks> {
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

/**
 * What a comparison reads of this database: the chosen types (all when `slugs` is empty, with
 * the types their schemas nest) and their schemas' identities. All of them are read without any
 * schema's fields: a registry of tens of thousands of schemas is compared by checksum and version.
 */
export async function readLocalIdentities(db: Session, slugs: readonly string[] = []): Promise<{ types: BlockType[]; schemas: SchemaIdentity[] }> {
  if (slugs.length > 0) {
    const local = await readLocalBlocks(db, slugs);
    return { types: local.types, schemas: local.schemas.map((schema) => ({ block_type_slug: schema.block_type.slug, checksum: schema.checksum, version: schema.version })) };
  }
  const schemas = await db
    .selectFrom('block_schema')
    .innerJoin('block_type', 'block_type.id', 'block_schema.block_type_id')
    .select(['block_type.slug as block_type_slug', 'block_schema.checksum', 'block_schema.version'])
    .execute();
  return { types: await readBlockTypes(db), schemas };
}

/** For commands that need every requested type here (push). */
export function requireKnownSlugs(local: LocalBlocks): void {
  if (local.unknownSlugs.length === 0) return;
  throw new RegistryError('not_found', `No block type with slug ${local.unknownSlugs.map((slug) => `'${slug}'`).join(', ')} in this database.`);
}

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
