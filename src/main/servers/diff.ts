// `server diff`: what differs between this database and a Prefect server. Block types only here,
// only there, or with different metadata (field by field); block schemas, identified as Prefect
// does by checksum and version, only here or only there. The comparison itself is the window's
// too (block-comparison.ts), with this database on the left. Where a type's newest schema here is
// not on the server, what a push of it would break for documents saved under the server's newest
// (shared/schema-breaking.ts, as the import preview and the window's drill-down say it).
import { NON_VERSIONED } from '../../shared/blocks';
import { breakingChanges, type BreakingChange } from '../../shared/schema-breaking';
import type { Session } from '../db/database';
import type { PrefectClient, ServerBlockSchema, ServerBlockType, ServerSchemaIdentity } from './client/client';
import { readNewestSchemasBySlug } from '../registry/block-schemas';
import { compareBlockSets, comparableServerType, schemaKey, serverSchemaIdentities, type SchemaIdentity } from './block-comparison';
import { readLocalIdentities, type FieldDifference } from './local-blocks';

export type { SchemaIdentity } from './block-comparison';

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

export interface BreakingOnServer {
  slug: string;
  /** The server's newest schema of the type. */
  server: { version: string; checksum: string };
  /** This database's newest, which the server does not hold. */
  local: { version: string; checksum: string };
  changes: BreakingChange[];
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
  return {
    api_url: client.connection.apiUrl,
    same: comparison.same,
    block_types: {
      only_local: comparison.block_types.only_left,
      only_server: comparison.block_types.only_right,
      differing: comparison.block_types.differing.map(({ slug, fields }) => ({ slug, fields: fields.map(({ field, left, right }) => ({ field, local: left, server: right })) })),
    },
    block_schemas: { only_local: comparison.block_schemas.only_left, only_server: comparison.block_schemas.only_right },
    breaking: await breakingOnServer(db, client, comparison.block_schemas.only_left, serverSchemas, serverTypes),
  };
}

/**
 * The types with a schema only here and some schema on the server: this database's newest of each
 * (if the server lacks it) against the server's newest, both read with their fields; only these
 * few are, the rest of the diff compares identities.
 */
async function breakingOnServer(
  db: Session,
  client: PrefectClient,
  onlyLocal: readonly SchemaIdentity[],
  serverSchemas: readonly ServerSchemaIdentity[],
  serverTypes: readonly ServerBlockType[],
): Promise<BreakingOnServer[]> {
  const typeIds = new Map(serverTypes.map((type) => [type.slug, type.id]));
  const withSchemas = new Set(serverSchemas.map((schema) => schema.block_type_id));
  const candidates = [...new Set(onlyLocal.map((schema) => schema.block_type_slug))].filter((slug) => withSchemas.has(typeIds.get(slug)));
  if (candidates.length === 0) return [];
  const localNewest = await readNewestSchemasBySlug(db, candidates);
  // The comparison has already said which schemas the server lacks.
  const lacking = new Set(onlyLocal.map((schema) => schemaKey(schema.checksum, schema.version)));
  const changed = candidates.filter((slug) => {
    const schema = localNewest.get(slug);
    return schema !== undefined && lacking.has(schemaKey(schema.checksum, schema.version));
  });
  if (changed.length === 0) return [];
  // The server lists schemas newest first.
  const serverNewest = new Map<string, ServerBlockSchema>();
  const slugOf = new Map(serverTypes.map((type) => [type.id, type.slug]));
  for (const schema of await client.readBlockSchemas(changed.map((slug) => typeIds.get(slug) ?? ''))) {
    const slug = slugOf.get(schema.block_type_id ?? '');
    if (slug !== undefined && !serverNewest.has(slug)) serverNewest.set(slug, schema);
  }
  return changed.flatMap((slug) => {
    const schema = localNewest.get(slug);
    const onServer = serverNewest.get(slug);
    if (schema === undefined || onServer === undefined) return [];
    const changes = breakingChanges(onServer.fields, schema.fields);
    return changes.length === 0
      ? []
      : [{ slug, server: { version: onServer.version ?? NON_VERSIONED, checksum: onServer.checksum }, local: { version: schema.version, checksum: schema.checksum }, changes }];
  });
}
