// `slug version checksum` of every schema a push sends (not protected) and of every schema a server
// holds, sorted: a push is exact when the two lists are equal.
import { openDatabase } from '../../src/main/db/database';
import { readBlockSchemas } from '../../src/main/registry/block-schemas';
import { filterAll, type PrefectServer, type ServerSchemaRow } from './server';

/** This registry's schemas of types that are not protected (a push leaves those out). */
export async function localSchemaKeys(db: string): Promise<string[]> {
  const registry = await openDatabase(db);
  try {
    return (await readBlockSchemas(registry.db))
      .filter((schema) => !schema.block_type.is_protected)
      .map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`)
      .sort();
  } finally {
    await registry.close();
  }
}

export async function serverSchemaKeys(server: PrefectServer): Promise<string[]> {
  const schemas = await filterAll<ServerSchemaRow>(server, '/block_schemas/filter');
  return schemas.map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`).sort();
}
