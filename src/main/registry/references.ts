// The nested blocks a schema's `block_schema_references` name, resolved to stored rows in one
// query: the type by slug, and the newest schema with the checksum (Prefect's nested look-up).
import { sql } from 'kysely';
import type { BlockSchemaReferenceEntry } from '../../shared/blocks';
import type { ResolvedReference } from '../../shared/contract';
import type { JsonValue } from '../../shared/json';
import type { RegistryDb } from '../db/database';
import { referenceEntries } from './nested-blocks';

export async function resolveReferences(db: RegistryDb, references: JsonValue): Promise<ResolvedReference[]> {
  const pairs = referenceEntries(references);
  if (pairs.length === 0) return [];
  const entries = pairs.map(([, entry]) => entry);
  const found: Array<ReferenceRow | undefined> = [];
  // Three bound parameters a reference: chunks stay far below SQLite's limit on parameters.
  for (let start = 0; start < entries.length; start += LOOKUP_CHUNK) found.push(...(await lookUp(db, entries.slice(start, start + LOOKUP_CHUNK))));
  return pairs.map(([property, entry], index) => ({
    property,
    block_type_slug: entry.block_type_slug,
    block_schema_checksum: entry.block_schema_checksum,
    block_type_name: found[index]?.type_name ?? null,
    block_schema_id: found[index]?.schema_id ?? null,
  }));
}

const LOOKUP_CHUNK = 1000;

interface ReferenceRow {
  position: number;
  type_name: string | null;
  schema_id: string | null;
}

async function lookUp(db: RegistryDb, entries: BlockSchemaReferenceEntry[]): Promise<Array<ReferenceRow | undefined>> {
  // The references as a VALUES list, each looked up by correlated sub-queries in one statement.
  const wanted = sql.join(entries.map((entry, index) => sql`(${index}, ${entry.block_type_slug}, ${entry.block_schema_checksum})`));
  const result = await sql<ReferenceRow>`
    WITH wanted(position, slug, checksum) AS (VALUES ${wanted})
    SELECT w.position,
      (SELECT t.name FROM block_type t WHERE t.slug = w.slug) AS type_name,
      (SELECT s.id FROM block_schema s WHERE s.checksum = w.checksum ORDER BY s.created DESC, s.rowid DESC LIMIT 1) AS schema_id
    FROM wanted w`.execute(db);
  const byPosition: Array<ReferenceRow | undefined> = new Array(entries.length);
  for (const row of result.rows) byPosition[row.position] = row;
  return byPosition;
}
