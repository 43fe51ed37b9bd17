// The window's side-by-side comparison of any two sources: this registry, or a server connection.
// Each side is read in full as types and schema identities (a server: every page of its types and
// schemas, each schema kept as checksum, version and type as its page arrives), then compared as
// `server diff` compares (block-comparison.ts), and laid out one row per slug. A row's schemas,
// fields and all, are read when it is opened (compareTypeSchemas).
import { RegistryError } from '../../shared/errors';
import { getOwn, isJsonObject, stringifyJson, type JsonObject, type JsonValue } from '../../shared/json';
import { REGISTRY_SOURCE, type SideSchema, type SourceComparison, type TypeComparison, type TypeSchemasComparison, type TypeSchemasSide } from '../../shared/servers';
import type { Database } from '../db/database';
import { readBlockSchemas } from '../registry/block-schemas';
import { readBlockTypeBySlug } from '../registry/block-types';
import { compareBlockSets, comparableServerType, serverSchemaIdentities, type ComparedSide } from './block-comparison';
import { readLocalIdentities } from './local-blocks';
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
    const local = await readLocalIdentities(registry.db);
    return { label: REGISTRY_LABEL, side: { types: local.types, schemas: local.schemas, escapedText: false } };
  }
  const client = clientFor(servers, source);
  const types = await client.readBlockTypes();
  // Identities only, page by page: a side of tens of thousands of schemas holds no fields.
  const schemas = await client.readBlockSchemaIdentities();
  return {
    label: serverLabel(servers, source, client.connection.apiUrl),
    side: { types: types.map(comparableServerType), schemas: serverSchemaIdentities(schemas, types), escapedText: true },
  };
}

const REGISTRY_LABEL = 'This registry';

function serverLabel(servers: ServersEnvironment, source: string, apiUrl: string): string {
  return `${connectionName(servers, source)} (${apiUrl})`;
}

/**
 * Every schema of one block type on both sides, newest first, with its fields: what a row of the
 * comparison opens, side by side, before anything is pushed or pulled. A side without the type
 * has no schemas (the row is only on the other side).
 */
export async function compareTypeSchemas(registry: Database, servers: ServersEnvironment, left: string, right: string, slug: string): Promise<TypeSchemasComparison> {
  if (left === right) throw new RegistryError('invalid_input', 'Choose two different sources to compare.');
  const [leftSide, rightSide] = await Promise.all([readTypeSchemas(registry, servers, left, slug), readTypeSchemas(registry, servers, right, slug)]);
  if (leftSide.name === null && rightSide.name === null) throw new RegistryError('not_found', `Neither ${leftSide.label} nor ${rightSide.label} has a block type with slug '${slug}'.`);
  return { slug, left: leftSide, right: rightSide };
}

async function readTypeSchemas(registry: Database, servers: ServersEnvironment, source: string, slug: string): Promise<TypeSchemasSide> {
  if (source === REGISTRY_SOURCE) {
    await registry.refresh();
    const type = await readBlockTypeBySlug(registry.db, slug);
    const schemas = type === null ? [] : await readBlockSchemas(registry.db, { blockTypeSlugs: [slug] });
    return { source, label: REGISTRY_LABEL, name: type?.name ?? null, schemas: schemas.map((schema) => sideSchema(schema.checksum, schema.version, schema.capabilities, schema.fields)) };
  }
  const client = clientFor(servers, source);
  const label = serverLabel(servers, source, client.connection.apiUrl);
  const type = await client.readBlockTypeBySlug(slug);
  if (type === null) return { source, label, name: null, schemas: [] };
  // The server lists them newest first.
  const schemas = await client.readBlockSchemas([type.id]);
  return { source, label, name: type.name, schemas: schemas.map((schema) => sideSchema(schema.checksum, schema.version ?? 'non-versioned', schema.capabilities ?? [], schema.fields)) };
}

function sideSchema(checksum: string, version: string, capabilities: readonly string[], fields: JsonObject): SideSchema {
  return { checksum, version, capabilities: [...capabilities], fields_json: stringifyJson(sortedKeys(fields), 2) };
}

/** The same JSON with every object's keys in order: two sides that store a schema's keys in different orders read alike. */
function sortedKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isJsonObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) Object.defineProperty(sorted, key, { value: sortedKeys(getOwn(value, key) ?? null), enumerable: true, writable: true, configurable: true });
  return sorted;
}
