// How a block document's schema reaches a server that lacks it: pushed from this registry as
// `server push --type` does (the server then stores the checksum this registry has, exactly), or,
// when this registry lacks it too, first pulled from the server the document comes from, as
// `server pull --type` registers a server's types (an import, all or nothing), then pushed.
import { nothingRegistered, RegistryError } from '../../shared/errors';
import type { RegistryDatabase } from '../db/database';
import type { PrefectClient } from '../prefect-server/client';
import { readBlockSchemaByChecksum, readBlockSchemas } from '../registry/block-schemas';
import type { SchemaSupply } from '../servers/documents/copy';
import { importEntries } from './import';
import { previewFiles } from './preview';
import { readServerEntries } from './server-pull';
import { pushToServer } from './server-push';

/** `source` is where a missing type is pulled from (null: nowhere, a document made in the window). */
export function registrySchemaSupply(registry: RegistryDatabase, source: PrefectClient | null, target: PrefectClient): SchemaSupply {
  return {
    holds: async (slug, checksum, version) => {
      await registry.refresh();
      const schema = await readBlockSchemaByChecksum(registry.db, checksum, version);
      return schema !== null && schema.block_type.slug === slug;
    },
    pull: async (slug) => {
      if (source === null) throw new RegistryError('not_found', `This registry has no block type '${slug}' to push: import or pull it first.`);
      const { read } = await readServerEntries(source, [slug]);
      const { preview, entries } = await previewFiles(registry, read, { simulate: false });
      if (preview.errors.length > 0) throw nothingRegistered(preview.errors);
      await importEntries(registry, entries, `server ${source.connection.apiUrl}`);
    },
    push: async (slug) => {
      await registry.refresh();
      await pushToServer(registry.db, target, { slugs: [slug] });
    },
    newest: async (slug) => {
      await registry.refresh();
      const [schema] = await readBlockSchemas(registry.db, { blockTypeSlugs: [slug], limit: 1 });
      return schema === undefined ? null : { name: schema.block_type.name, checksum: schema.checksum, version: schema.version, fields: schema.fields };
    },
  };
}
