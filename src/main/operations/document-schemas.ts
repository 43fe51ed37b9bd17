// How a block document's schema reaches a server that lacks it: pushed from this registry as
// `server push --type` does (the server then stores the checksum this registry has, exactly), or,
// when this registry lacks it too, first pulled from the server the document comes from, as
// `server pull --type` registers a server's types (an import, all or nothing), then pushed.
import { RegistryError } from '../../shared/errors';
import type { Database } from '../db/database';
import type { PrefectClient } from '../servers/client/client';
import { readBlockSchemaByChecksum, readBlockSchemas } from '../registry/block-schemas';
import type { SchemaSupply } from '../servers/documents/copy';
import { runImport } from './import';
import { readServerEntries } from '../servers/pull';
import { pushToServer } from '../servers/push';

/** `source` is where a missing type is pulled from (null: nowhere, a document made in the window). */
export function registrySchemaSupply(registry: Database, source: PrefectClient | null, target: PrefectClient): SchemaSupply {
  return {
    holds: async (slug, checksum, version) => {
      await registry.refresh();
      const schema = await readBlockSchemaByChecksum(registry.db, checksum, version);
      return schema !== null && schema.block_type.slug === slug;
    },
    pull: async (slugs) => {
      if (source === null) throw new RegistryError('not_found', `This registry has no block type '${slugs.join("', '")}' to push: import or pull it first.`);
      const { read } = await readServerEntries(source, slugs);
      // The import path, as `server pull --type` takes it: all or nothing, every error said.
      await runImport(registry, read, { mode: 'apply', source: `server ${source.connection.apiUrl}` });
    },
    push: async (slugs) => {
      await registry.refresh();
      // One push of them all: it overlaps its requests in a safe order (push.ts), where a push a type would pay its round trips again and again.
      const pushed = await pushToServer(registry.db, target, { slugs });
      // A document is only copied under a schema the target holds.
      if (pushed.failures.length > 0) throw new RegistryError('prefect_server', pushed.failures.map((failure) => failure.message).join('\n'));
    },
    newest: async (slug) => {
      await registry.refresh();
      const [schema] = await readBlockSchemas(registry.db, { blockTypeSlugs: [slug], limit: 1 });
      return schema === undefined ? null : { name: schema.block_type.name, checksum: schema.checksum, version: schema.version, fields: schema.fields };
    },
  };
}
