// What the server commands compare and push: the local block types chosen by `--type` (all by
// default) with the types their schemas nest, every schema version of each, and the field by
// field comparison of a local block type with the server's.
import { UPDATABLE_BLOCK_TYPE_FIELDS, type BlockSchema, type BlockType } from '../../shared/blocks';
import { RegistryError } from '../../shared/errors';
import type { RegistryDb } from '../db/database';
import type { ServerBlockType } from '../prefect-server/client';
import { sameServerText } from '../prefect-server/html-text';
import { readBlockTypes } from '../registry/block-types';
import { referenceEntries } from '../registry/nested-blocks';
import { readSchemasByType, selectWithNested } from './block-selection';

export interface LocalBlocks {
  /** Ordered by name. */
  types: BlockType[];
  /** Oldest first, so that pushing them in order leaves the same newest version on the server. */
  schemas: BlockSchema[];
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
  return {
    types,
    schemas: types.flatMap((type) => schemasBySlug.get(type.slug) ?? []),
    unknownSlugs: slugs.filter((slug) => !known.has(slug)),
  };
}

/** For commands that need every requested type here (push). */
export function requireKnownSlugs(local: LocalBlocks): void {
  if (local.unknownSlugs.length === 0) return;
  throw new RegistryError('not_found', `No block type with slug ${local.unknownSlugs.map((slug) => `'${slug}'`).join(', ')} in this database.`);
}

export const COMPARED_BLOCK_TYPE_FIELDS = ['name', ...UPDATABLE_BLOCK_TYPE_FIELDS, 'is_protected'] as const;
export type ComparedBlockTypeField = (typeof COMPARED_BLOCK_TYPE_FIELDS)[number];

export interface FieldDifference {
  field: ComparedBlockTypeField;
  local: string | boolean | null;
  server: string | boolean | null;
}

/** The fields whose values differ (the server's description and code_example compared unescaped). */
export function blockTypeDifferences(local: BlockType, server: ServerBlockType, fields: readonly ComparedBlockTypeField[] = COMPARED_BLOCK_TYPE_FIELDS): FieldDifference[] {
  return fields.flatMap((field): FieldDifference[] => {
    const ours = local[field];
    const theirs = serverValue(server, field);
    const same = typeof ours === 'string' || typeof theirs === 'string' ? sameServerText(typeof theirs === 'boolean' ? null : theirs, typeof ours === 'boolean' ? null : ours) : ours === theirs;
    return same ? [] : [{ field, local: ours, server: theirs }];
  });
}

function serverValue(server: ServerBlockType, field: ComparedBlockTypeField): string | boolean | null {
  const value = server[field];
  return value === undefined ? null : value;
}

/** The checksums a schema nests (its children), from `block_schema_references`. */
export function childChecksums(schema: BlockSchema): string[] {
  return referenceEntries(schema.fields.block_schema_references ?? {}).map(([, reference]) => reference.block_schema_checksum);
}

/** `checksum NUL version`: how Prefect identifies a schema. */
export function schemaKey(checksum: string, version: string): string {
  return `${checksum}\u0000${version}`;
}
