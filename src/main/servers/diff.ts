// `server diff`: what differs between this database and a Prefect server. Block types only here,
// only there, or with different metadata (field by field); block schemas, identified as Prefect
// does by checksum and version, only here or only there. The comparison itself is the window's
// too (block-comparison.ts), with this database on the left.
import type { Session } from '../db/database';
import type { PrefectClient } from './client/client';
import { compareBlockSets, comparableServerType, serverSchemaIdentities, type SchemaIdentity } from './block-comparison';
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
  };
}
