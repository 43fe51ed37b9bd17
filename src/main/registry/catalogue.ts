// Read models for the window: block types with what the catalogue shows about them.
import { sql } from 'kysely';
import type { BlockSchemaSummary, CatalogueEntry } from '../../shared/contract';
import type { Session } from '../db/database';
import { statementsOf } from '../db/session';
import { COUNT_ROWS, SELECT_CATALOGUE, SELECT_CATALOGUE_TYPE } from '../db/statements';
import { UNKNOWN_COLLECTION } from './register-batch';
import { toBlockType } from './block-types';

/** Every block type (or those with the given slug), ordered by name, with capabilities, schema count and collection. */
export async function readCatalogue(db: Session, slug?: string): Promise<CatalogueEntry[]> {
  const statements = statementsOf(db);
  const rows = slug === undefined ? statements.rows(SELECT_CATALOGUE, []) : statements.rows(SELECT_CATALOGUE_TYPE, [slug]);
  return rows.map(({ collection, schema_count, latest_version, schema_title, capabilities, ...type }) => ({
    block_type: toBlockType(type),
    capabilities: (JSON.parse(capabilities ?? '[]') as string[]).sort(),
    schema_count,
    latest_version,
    collection: collection ?? UNKNOWN_COLLECTION,
    // A title that is not text (a hand-written schema may hold anything) is no class name to search.
    schema_title: typeof schema_title === 'string' ? schema_title : null,
  }));
}

/** The schema versions of one block type, newest first. */
export async function readSchemaSummaries(db: Session, blockTypeId: string): Promise<BlockSchemaSummary[]> {
  const rows = await db
    .selectFrom('block_schema')
    .select(['id', 'created', 'checksum', 'version', 'capabilities'])
    .where('block_type_id', '=', blockTypeId)
    .orderBy('created', 'desc')
    .orderBy(sql`rowid`, 'desc')
    .execute();
  return rows.map((row) => ({ ...row, capabilities: JSON.parse(row.capabilities) as string[] }));
}

export async function countRows(db: Session): Promise<{ blockTypes: number; blockSchemas: number }> {
  const row = statementsOf(db).row(COUNT_ROWS, []);
  return { blockTypes: row?.types ?? 0, blockSchemas: row?.schemas ?? 0 };
}
