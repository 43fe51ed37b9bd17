// The nested blocks a schema's `block_schema_references` name, resolved to stored rows in one
// query: the type by slug, and the newest schema with the checksum (Prefect's nested look-up).
import type { ResolvedReference } from '../../shared/contract';
import type { JsonValue } from '../../shared/json';
import type { Session } from '../db/database';
import { statementsOf } from '../db/session';
import { SELECT_REFERENCE_TARGETS } from '../db/statements';
import { referenceEntries } from './nested-blocks';

export async function resolveReferences(db: Session, references: JsonValue): Promise<ResolvedReference[]> {
  const pairs = referenceEntries(references);
  if (pairs.length === 0) return [];
  const wanted = JSON.stringify(pairs.map(([, entry]) => [entry.block_type_slug, entry.block_schema_checksum]));
  const found: Array<{ type_name: string | null; schema_id: string | null } | undefined> = new Array(pairs.length);
  for (const row of statementsOf(db).rows(SELECT_REFERENCE_TARGETS, [wanted])) found[row.position] = row;
  return pairs.map(([property, entry], index) => ({
    property,
    block_type_slug: entry.block_type_slug,
    block_schema_checksum: entry.block_schema_checksum,
    block_type_name: found[index]?.type_name ?? null,
    block_schema_id: found[index]?.schema_id ?? null,
  }));
}
