// `server diff`: what differs between this database and a Prefect server. Block types only here,
// only there, or with different metadata (field by field); block schemas, identified as Prefect
// does by checksum and version, only here or only there.
import type { RegistryDb } from '../db/database';
import type { PrefectClient, ServerBlockSchema, ServerBlockType } from '../prefect-server/client';
import { blockTypeDifferences, readLocalBlocks, schemaKey, type FieldDifference } from './server-blocks';

export interface SchemaIdentity {
  block_type_slug: string;
  checksum: string;
  version: string;
}

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
}

export async function diffWithServer(db: RegistryDb, client: PrefectClient, slugs: readonly string[] = []): Promise<ServerDiff> {
  const local = await readLocalBlocks(db, slugs);
  // With --type, the server side is the same set of slugs (the requested ones and the local nests).
  const wantedSlugs = slugs.length > 0 ? [...new Set([...slugs, ...local.types.map((type) => type.slug)])] : undefined;
  const serverTypes = await client.readBlockTypes(wantedSlugs);
  const serverSchemas = serverTypes.length === 0 && wantedSlugs !== undefined ? [] : await client.readBlockSchemas(wantedSlugs === undefined ? undefined : serverTypes.map((type) => type.id));
  const serverBySlug = new Map(serverTypes.map((type) => [type.slug, type]));
  const localSlugs = new Set(local.types.map((type) => type.slug));
  const differing = local.types.flatMap((type) => {
    const server = serverBySlug.get(type.slug);
    const fields = server === undefined ? [] : blockTypeDifferences(type, server);
    return fields.length > 0 ? [{ slug: type.slug, fields }] : [];
  });
  const localSchemas = local.schemas.map((schema) => ({ block_type_slug: schema.block_type.slug, checksum: schema.checksum, version: schema.version }));
  const remoteSchemas = identities(serverSchemas, serverTypes);
  const diff: ServerDiff = {
    api_url: client.connection.apiUrl,
    same: false,
    block_types: {
      only_local: local.types.filter((type) => !serverBySlug.has(type.slug)).map((type) => type.slug),
      only_server: serverTypes.filter((type) => !localSlugs.has(type.slug)).map((type) => type.slug),
      differing,
    },
    block_schemas: { only_local: missingFrom(localSchemas, remoteSchemas), only_server: missingFrom(remoteSchemas, localSchemas) },
  };
  diff.same = [diff.block_types.only_local, diff.block_types.only_server, differing, diff.block_schemas.only_local, diff.block_schemas.only_server].every((list) => list.length === 0);
  return diff;
}

function identities(schemas: ServerBlockSchema[], types: ServerBlockType[]): SchemaIdentity[] {
  const slugById = new Map(types.map((type) => [type.id, type.slug]));
  return schemas.map((schema) => ({
    block_type_slug: schema.block_type?.slug ?? slugById.get(schema.block_type_id ?? '') ?? schema.block_type_id ?? '',
    checksum: schema.checksum,
    version: schema.version ?? 'non-versioned',
  }));
}

/** The schemas of `these` that `those` lack (same checksum and version), sorted for a stable output. */
function missingFrom(these: SchemaIdentity[], those: SchemaIdentity[]): SchemaIdentity[] {
  const present = new Set(those.map((schema) => schemaKey(schema.checksum, schema.version)));
  return these
    .filter((schema) => !present.has(schemaKey(schema.checksum, schema.version)))
    .sort((a, b) => a.block_type_slug.localeCompare(b.block_type_slug) || a.version.localeCompare(b.version) || a.checksum.localeCompare(b.checksum));
}
