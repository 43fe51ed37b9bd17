// `server diff`: what differs between this database and a Prefect server. Block types only here,
// only there, or with different metadata (field by field); block schemas, identified as Prefect
// does by checksum and version, only here or only there. The comparison itself is the window's
// too (block-comparison.ts), with this database on the left. Where a type's newest schema here is
// not on the server, what a push of it would break for documents saved under the server's newest
// (shared/schema-breaking.ts, as the import preview and the window's drill-down say it).
import type { Session } from '../db/database';
import type { PrefectClient, ServerBlockType, ServerSchemaIdentity } from './client/client';
import { breakingOnServer, type BreakingOnServer } from './breaking';
import { compareBlockSets, comparableServerType, schemaKey, serverSchemaIdentities, type SchemaIdentity } from './block-comparison';
import { readLocalIdentities, type FieldDifference } from './local-blocks';

export type { SchemaIdentity } from './block-comparison';
export type { BreakingOnServer } from './breaking';

export interface ServerDiff {
  api_url: string;
  /** True when nothing differs. */
  same: boolean;
  block_types: {
    only_local: string[];
    only_server: string[];
    differing: Array<{ slug: string; fields: FieldDifference[] }>;
  };
  block_schemas: {
    only_local: SchemaIdentity[];
    only_server: SchemaIdentity[];
  };
  /** Types whose newest schema here is not on the server and would break what is saved under the server's newest. */
  breaking: BreakingOnServer[];
}

export async function diffWithServer(db: Session, client: PrefectClient, slugs: readonly string[] = []): Promise<ServerDiff> {
  const local = await readLocalIdentities(db, slugs);
  // With --type, the server side is the same set of slugs (the requested ones and the local nests).
  const wantedSlugs = slugs.length > 0 ? [...new Set([...slugs, ...local.types.map((type) => type.slug)])] : undefined;
  const serverTypes = await client.readBlockTypes(wantedSlugs);
  const serverSchemas = serverTypes.length === 0 && wantedSlugs !== undefined ? [] : await client.readBlockSchemaIdentities(wantedSlugs === undefined ? undefined : serverTypes.map((type) => type.id));
  const comparison = compareBlockSets(
    { types: local.types, schemas: local.schemas, escapedText: false },
    { types: serverTypes.map(comparableServerType), schemas: serverSchemaIdentities(serverSchemas, serverTypes), escapedText: true },
  );
  // The comparison has already said which schemas the server lacks.
  const lacking = new Set(comparison.block_schemas.only_left.map((schema) => schemaKey(schema.checksum, schema.version)));
  return {
    api_url: client.connection.apiUrl,
    same: comparison.same,
    block_types: {
      only_local: comparison.block_types.only_left,
      only_server: comparison.block_types.only_right,
      differing: comparison.block_types.differing.map(({ slug, fields }) => ({ slug, fields: fields.map(({ field, left, right }) => ({ field, local: left, server: right })) })),
    },
    block_schemas: { only_local: comparison.block_schemas.only_left, only_server: comparison.block_schemas.only_right },
    breaking: await breakingOnServer(db, client, candidatesOf(comparison.block_schemas.only_left, serverTypes, serverSchemas), (schema) => lacking.has(schemaKey(schema.checksum, schema.version))),
  };
}

/** slug -> the server's id, of the types with a schema only here that have some schema on the server. */
function candidatesOf(onlyLocal: readonly SchemaIdentity[], serverTypes: readonly ServerBlockType[], serverSchemas: readonly ServerSchemaIdentity[]): Map<string, string> {
  const withSchemas = new Set(serverSchemas.map((schema) => schema.block_type_id));
  const slugs = new Set(onlyLocal.map((schema) => schema.block_type_slug));
  return new Map(serverTypes.filter((type) => slugs.has(type.slug) && withSchemas.has(type.id)).map((type) => [type.slug, type.id]));
}
