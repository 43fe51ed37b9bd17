// Read models for the window: block types with what the catalogue shows about them.
import { sql } from 'kysely';
import type { BlockSchemaSummary, CatalogueEntry } from '../../shared/contract';
import type { RegistryDb } from '../db/database';
import type { BlockTypeTable } from '../db/tables';
import { UNKNOWN_COLLECTION } from './register-batch';
import { toBlockType } from './block-types';

type CatalogueRow = BlockTypeTable & { collection: string | null; schema_count: number; latest_version: string | null; capabilities: string | null };

/** Every block type (or those with the given slug), ordered by name, with capabilities, schema count and collection. */
export async function readCatalogue(db: RegistryDb, slug?: string): Promise<CatalogueEntry[]> {
  const rows = await sql<CatalogueRow>`
    SELECT t.*, o.collection,
      (SELECT COUNT(*) FROM block_schema s WHERE s.block_type_id = t.id) AS schema_count,
      (SELECT s.version FROM block_schema s WHERE s.block_type_id = t.id ORDER BY s.created DESC, s.rowid DESC LIMIT 1) AS latest_version,
      (SELECT json_group_array(DISTINCT c.value) FROM block_schema s, json_each(s.capabilities) c WHERE s.block_type_id = t.id) AS capabilities
    FROM block_type t LEFT JOIN block_type_origin o ON o.block_type_id = t.id
    ${slug === undefined ? sql`` : sql`WHERE t.slug = ${slug}`}
    ORDER BY t.name, t.slug`.execute(db);
  return rows.rows.map(({ collection, schema_count, latest_version, capabilities, ...type }) => ({
    block_type: toBlockType(type),
    capabilities: (JSON.parse(capabilities ?? '[]') as string[]).sort(),
    schema_count,
    latest_version,
    collection: collection ?? UNKNOWN_COLLECTION,
  }));
}

/** The schema versions of one block type, newest first. */
export async function readSchemaSummaries(db: RegistryDb, blockTypeId: string): Promise<BlockSchemaSummary[]> {
  const rows = await db
    .selectFrom('block_schema')
    .select(['id', 'created', 'checksum', 'version', 'capabilities'])
    .where('block_type_id', '=', blockTypeId)
    .orderBy('created', 'desc')
    .orderBy(sql`rowid`, 'desc')
    .execute();
  return rows.map((row) => ({ ...row, capabilities: JSON.parse(row.capabilities) as string[] }));
}

export async function countRows(db: RegistryDb): Promise<{ blockTypes: number; blockSchemas: number }> {
  const result = await sql<{ types: number; schemas: number }>`SELECT (SELECT COUNT(*) FROM block_type) AS types, (SELECT COUNT(*) FROM block_schema) AS schemas`.execute(db);
  const row = result.rows[0];
  return { blockTypes: row?.types ?? 0, blockSchemas: row?.schemas ?? 0 };
}
