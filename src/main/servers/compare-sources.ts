// The window's side-by-side comparison of any two sources: this registry, or a server connection.
// Each side is read in full (a server: every page of its types and schemas), then compared as
// `server diff` compares (block-comparison.ts), and laid out one row per slug.
import { RegistryError } from '../../shared/errors';
import { REGISTRY_SOURCE, type SourceComparison, type TypeComparison } from '../../shared/servers';
import type { Database } from '../db/database';
import { compareBlockSets, comparableServerType, serverSchemaIdentities, type ComparedSide } from './block-comparison';
import { readLocalBlocks } from './local-blocks';
import { clientFor, connectionName, type ServersEnvironment } from './connections';

interface ReadSource {
  label: string;
  side: ComparedSide;
}

export async function compareSources(registry: Database, servers: ServersEnvironment, left: string, right: string): Promise<SourceComparison> {
  if (left === right) throw new RegistryError('invalid_input', 'Choose two different sources to compare.');
  const [leftSide, rightSide] = await Promise.all([readSource(registry, servers, left), readSource(registry, servers, right)]);
  const comparison = compareBlockSets(leftSide.side, rightSide.side);
  const leftTypes = new Map(leftSide.side.types.map((type) => [type.slug, type]));
  const rightTypes = new Map(rightSide.side.types.map((type) => [type.slug, type]));
  const differing = new Map(comparison.block_types.differing.map(({ slug, fields }) => [slug, fields]));
  const onlyLeftSchemas = comparison.block_schemas.only_left;
  const onlyRightSchemas = comparison.block_schemas.only_right;
  const slugs = [...new Set([...leftTypes.keys(), ...rightTypes.keys()])].sort();
  const types = slugs.map((slug): TypeComparison => {
    const schemas_only_left = onlyLeftSchemas.filter((schema) => schema.block_type_slug === slug).map(({ checksum, version }) => ({ checksum, version }));
    const schemas_only_right = onlyRightSchemas.filter((schema) => schema.block_type_slug === slug).map(({ checksum, version }) => ({ checksum, version }));
    const fields = differing.get(slug) ?? [];
    const inLeft = leftTypes.get(slug);
    const inRight = rightTypes.get(slug);
    const status =
      inRight === undefined ? 'only_left' : inLeft === undefined ? 'only_right' : fields.length > 0 || schemas_only_left.length > 0 || schemas_only_right.length > 0 ? 'differing' : 'same';
    return { slug, left_name: inLeft?.name ?? null, right_name: inRight?.name ?? null, status, fields, schemas_only_left, schemas_only_right };
  });
  const count = (status: TypeComparison['status']): number => types.filter((type) => type.status === status).length;
  return {
    left: { source: left, label: leftSide.label },
    right: { source: right, label: rightSide.label },
    same: comparison.same,
    types,
    counts: { only_left: count('only_left'), only_right: count('only_right'), differing: count('differing'), same: count('same') },
  };
}

async function readSource(registry: Database, servers: ServersEnvironment, source: string): Promise<ReadSource> {
  if (source === REGISTRY_SOURCE) {
    await registry.refresh();
    const local = await readLocalBlocks(registry.db);
    return {
      label: 'This registry',
      side: { types: local.types, schemas: local.schemas.map((schema) => ({ block_type_slug: schema.block_type.slug, checksum: schema.checksum, version: schema.version })), escapedText: false },
    };
  }
  const client = clientFor(servers, source);
  const types = await client.readBlockTypes();
  const schemas = await client.readBlockSchemas();
  return {
    label: `${connectionName(servers, source)} (${client.connection.apiUrl})`,
    side: { types: types.map(comparableServerType), schemas: serverSchemaIdentities(schemas, types), escapedText: true },
  };
}
