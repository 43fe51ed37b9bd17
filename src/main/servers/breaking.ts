// What a push of this database's newest schema of a type would break for the documents saved under
// the server's newest schema of it (shared/schema-breaking.ts, as the import preview and the
// window's drill-down say it). One truth for `server diff` and `server push`, whose dry run is the
// window's push preview. Only types whose newest schema here the server lacks are read with fields.
import { NON_VERSIONED, type BlockSchema } from '../../shared/blocks';
import { breakingChanges, type BreakingChange } from '../../shared/schema-breaking';
import type { Session } from '../db/database';
import { readNewestSchemasBySlug } from '../registry/block-schemas';
import type { PrefectClient, ServerBlockSchema } from './client/client';

export interface BreakingOnServer {
  slug: string;
  /** The server's newest schema of the type. */
  server: { version: string; checksum: string };
  /** This database's newest, which the server does not hold. */
  local: { version: string; checksum: string };
  changes: BreakingChange[];
}

/**
 * `candidates`: slug -> the server's type id, of the types with a schema here the server lacks
 * and some schema there (only these are read). `lacks` says whether the server lacks this
 * database's newest schema of a type: only those can break what is saved there.
 */
export async function breakingOnServer(db: Session, client: PrefectClient, candidates: ReadonlyMap<string, string>, lacks: (schema: BlockSchema) => boolean): Promise<BreakingOnServer[]> {
  if (candidates.size === 0) return [];
  const localNewest = await readNewestSchemasBySlug(db, [...candidates.keys()]);
  const changed = [...localNewest.values()].filter(lacks);
  if (changed.length === 0) return [];
  // The server lists schemas newest first.
  const serverNewest = new Map<string, ServerBlockSchema>();
  const slugOf = new Map([...candidates].map(([slug, id]) => [id, slug]));
  for (const schema of await client.readBlockSchemas(changed.map((schema) => candidates.get(schema.block_type.slug) ?? ''))) {
    const slug = slugOf.get(schema.block_type_id ?? '');
    if (slug !== undefined && !serverNewest.has(slug)) serverNewest.set(slug, schema);
  }
  return changed.flatMap((schema) => {
    const slug = schema.block_type.slug;
    const onServer = serverNewest.get(slug);
    if (onServer === undefined) return [];
    const changes = breakingChanges(onServer.fields, schema.fields);
    return changes.length === 0
      ? []
      : [{ slug, server: { version: onServer.version ?? NON_VERSIONED, checksum: onServer.checksum }, local: { version: schema.version, checksum: schema.checksum }, changes }];
  });
}

/** One line: what pushing this database's newest schema would break, for a preview's warnings. */
export function describeBreaking({ slug, server, local, changes }: BreakingOnServer): string {
  return `${slug}: pushing version ${local.version} would break documents saved under the server's newest, ${server.version}: ${changes.map((change) => change.message).join('; ')}.`;
}
