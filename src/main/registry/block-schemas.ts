// Block schema operations (Prefect's `prefect/server/models/block_schemas.py`): create with
// Prefect's checksum, nested children stored as their own rows and linked, reads that rebuild
// the client-facing `fields`.
import { randomUUID } from 'node:crypto';
import { type Expression, sql } from 'kysely';
import { NON_VERSIONED, type BlockSchema, type BlockSchemaInput, type BlockSchemaReferenceEntry } from '../../shared/blocks';
import { blockSchemaChecksum, definitionsReachableFrom, nonBlockDefinitions } from './checksum';
import { NestedBlockError, RegistryError } from '../../shared/errors';
import { compactJson, isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../shared/json';
import { utcNow } from '../db/clock';
import type { Session } from '../db/database';
import { statementsOf } from '../db/session';
import {
  FILL_CLIENT_FIELDS,
  INSERT_BLOCK_SCHEMA,
  INSERT_REFERENCE,
  SELECT_CLIENT_FIELDS,
  SELECT_LINKED_CHILDREN,
  SELECT_NEWEST_SCHEMA_ID,
  SELECT_REFERENCE,
  SELECT_SCHEMA_ID,
  SELECT_SCHEMA_ID_AND_CLIENT,
} from '../db/statements';
import { hasAllCapabilities, readBlockTypeBySlug } from './block-types';
import { childDefinition, referenceEntries } from './nested-blocks';
import { loadSchemaGraph, rebuildSchema } from './schema-graph';

export interface BlockSchemaCreate {
  /** The fields as a client registers them. */
  fields: JsonObject;
  block_type_id: string;
  capabilities: string[];
  version: string;
  /** The nested schemas to link instead of those `fields` record (BlockSchemaInput.links). */
  links?: JsonObject | undefined;
  /** The checksum to keep although the fields may not reproduce it (BlockSchemaInput.keepChecksum). */
  keptChecksum?: string | undefined;
}

export interface CreateBlockSchemaOptions {
  /** Prefect's `ON CONFLICT (checksum, version) DO UPDATE` (protected system blocks). */
  override?: boolean;
  /** The root's definitions, when this schema is a nested child being created from its parent. */
  rootDefinitions?: JsonObject;
  /**
   * Told of each nested schema this schema links as it is resolved, in order: a reference left
   * unresolved (its error thrown) is the last one told of, if any.
   */
  onLink?: (link: NestedLink) => void;
}

/** How one reference of a new schema was resolved: a stored row, or a child created from the schema's definitions. */
export interface NestedLink {
  property: string;
  reference: BlockSchemaReferenceEntry;
  childId: string;
  createdFromDefinitions: boolean;
}

export interface CreatedBlockSchema {
  id: string;
  checksum: string;
  /** The checksum its fields give (differs from `checksum` only when a kept checksum was given). */
  computedChecksum: string;
  /** Rows this call inserted: the schema itself (if new) and every nested child it had to create. */
  schemasCreated: number;
  /** The ids of those rows. */
  createdIds: string[];
}

/** Prefect's checksum of `fields`, computed the way `block_schemas.py::create_block_schema` does. */
export function serverChecksum(fields: JsonObject, rootDefinitions?: JsonObject): { checksum: string; hashed: JsonObject; definitions: JsonObject | null } {
  const definitions = truthyObject(rootDefinitions) ?? truthyObject(fields.definitions);
  const hashed: JsonObject = { ...fields };
  if (rootDefinitions !== undefined && definitions !== null) {
    // Our fix (README, "Differences from Prefect"): a child is hashed with the definitions
    // reachable from it, as the client hashed it, not with the root's whole map.
    const reachable = definitionsReachableFrom(fields, definitions);
    if (Object.keys(reachable).length > 0) hashed.definitions = reachable;
    else delete hashed.definitions;
    return { checksum: blockSchemaChecksum(hashed), hashed, definitions };
  }
  // A root is hashed as it is: `hashed` equals `fields`, whose checksum may already be known.
  return { checksum: blockSchemaChecksum(fields), hashed, definitions };
}

/** The checksum a schema input is registered under: the one it keeps, else the one its fields give. */
export function schemaIdentity(input: BlockSchemaInput): string {
  return input.keepChecksum === true && input.checksum !== null ? input.checksum : serverChecksum(input.fields).checksum;
}

export async function createBlockSchema(db: Session, input: BlockSchemaCreate, options: CreateBlockSchemaOptions = {}): Promise<CreatedBlockSchema> {
  const computed = serverChecksum(input.fields, options.rootDefinitions);
  const checksum = input.keptChecksum ?? computed.checksum;
  const { hashed, definitions } = computed;
  // What a client sends to register this schema: known exactly when it reproduces the checksum
  // (a child created from its parent: the child with the definitions reachable from it).
  const exact = checksum === computed.checksum;
  const statements = statementsOf(db);

  const existing = statements.row(SELECT_SCHEMA_ID_AND_CLIENT, [checksum, input.version]);
  if (existing !== undefined) {
    const id = existing.id;
    // A schema registered before its client fields were kept gets them from the first registration that has them.
    if (existing.client_missing === 1 && exact) statements.run(FILL_CLIENT_FIELDS, [utf8(compactJson(hashed)), id]);
    return { id, checksum, computedChecksum: computed.checksum, schemasCreated: 0, createdIds: [] };
  }

  const stored: JsonObject = { ...hashed };
  if (definitions !== null) {
    const kept = nonBlockDefinitions(hashed, definitions);
    if (Object.keys(kept).length > 0) stored.definitions = kept;
    else delete stored.definitions;
  }
  const references = input.links ?? stored.block_schema_references ?? {};
  delete stored.block_schema_references;

  const now = utcNow();
  const values = {
    fields: compactJson(stored),
    capabilities: JSON.stringify(input.capabilities),
    block_type_id: input.block_type_id,
    client_fields: exact ? compactJson(hashed) : null,
  };
  let id: string | null = randomUUID();
  if (options.override) {
    // An upsert keeps the existing row's id: read it back.
    await db
      .insertInto('block_schema')
      .values({ id, created: now, updated: now, checksum, version: input.version, ...values })
      .onConflict((conflict) => conflict.columns(['checksum', 'version']).doUpdateSet(values))
      .execute();
    id = await findBlockSchemaId(db, checksum, input.version);
    if (id === null) throw new RegistryError('internal', `Block schema ${checksum} vanished after insert.`);
  } else {
    // The fields texts go in as their UTF-8 bytes, cast back to TEXT by SQLite (the same stored
    // values): sql.js encodes a bound string in JavaScript one character at a time, which for
    // these texts of several kilobytes cost more than the insert itself (docs/decisions/prepared-statements.md). The
    // texts are JSON.stringify's, so they are well-formed UTF-16 and their UTF-8 is exact.
    const clientFields = values.client_fields === null ? null : utf8(values.client_fields);
    statements.run(INSERT_BLOCK_SCHEMA, [id, now, now, checksum, utf8(values.fields), values.capabilities, input.version, values.block_type_id, clientFields]);
  }

  const linked = input.links !== undefined;
  const children = await registerNestedBlockSchemas(db, id, input.fields, references, definitions, options.override ?? false, linked, options.onLink);
  return { id, checksum, computedChecksum: computed.checksum, schemasCreated: 1 + children.length, createdIds: [id, ...children] };
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/**
 * Prefect's `block_schemas.py::_register_nested_block_schemas`: each referenced child is found by
 * checksum (any version) or created from the root's definitions. Links a source stored (`linked`)
 * name children that must already be there: created from the definitions they would get another
 * checksum than the one the source linked.
 */
async function registerNestedBlockSchemas(
  db: Session,
  parentId: string,
  parentFields: JsonObject,
  references: JsonValue,
  definitions: JsonObject | null,
  override: boolean,
  linked: boolean,
  onLink: ((link: NestedLink) => void) | undefined,
): Promise<string[]> {
  const created: string[] = [];
  for (const [name, entry] of referenceEntries(references)) {
    const childType = await readBlockTypeBySlug(db, entry.block_type_slug);
    if (childType === null) {
      throw new NestedBlockError('missing_block_type', `Cannot create block schema because block type '${entry.block_type_slug}' was not found.Did you forget to register the block type?`, name);
    }
    let childId = await findNewestSchemaIdByChecksum(db, entry.block_schema_checksum);
    if (childId === null) {
      if (linked) {
        throw new NestedBlockError(
          'missing_reference',
          `The nested block schema ${entry.block_schema_checksum} of block type '${entry.block_type_slug}' it links is neither registered nor among the schemas being registered.`,
          name,
        );
      }
      if (definitions === null) {
        throw new NestedBlockError('missing_definition', 'Unable to create nested block schema due to missing definitions in root block schema fields', name);
      }
      const childFields = childDefinition(parentFields, name, childType.slug, definitions);
      if (childFields === null) {
        throw new NestedBlockError('missing_definition', `Unable to create nested block schema for block type '${childType.name}' due to missing definition.`, name);
      }
      const child = await createBlockSchema(db, { fields: childFields, block_type_id: childType.id, version: NON_VERSIONED, capabilities: [] }, { rootDefinitions: definitions, override });
      childId = child.id;
      created.push(...child.createdIds);
      onLink?.({ property: name, reference: entry, childId, createdFromDefinitions: true });
    } else {
      onLink?.({ property: name, reference: entry, childId, createdFromDefinitions: false });
    }
    await createBlockSchemaReference(db, name, parentId, childId);
  }
  return created;
}

/** Idempotent in code, as Prefect's: the table has no unique constraint. */
async function createBlockSchemaReference(db: Session, name: string, parentId: string, referenceId: string): Promise<void> {
  const statements = statementsOf(db);
  if (statements.row(SELECT_REFERENCE, [name, parentId, referenceId]) !== undefined) return;
  const now = utcNow();
  statements.run(INSERT_REFERENCE, [randomUUID(), now, now, name, parentId, referenceId]);
}

/** The id of the schema with exactly this checksum and version, without rebuilding it. */
async function findBlockSchemaId(db: Session, checksum: string, version: string): Promise<string | null> {
  return statementsOf(db).row(SELECT_SCHEMA_ID, [checksum, version])?.id ?? null;
}

/** The most recently created schema with this checksum, any version (Prefect's nested look-up). */
async function findNewestSchemaIdByChecksum(db: Session, checksum: string): Promise<string | null> {
  return statementsOf(db).row(SELECT_NEWEST_SCHEMA_ID, [checksum])?.id ?? null;
}

export async function readBlockSchema(db: Session, id: string): Promise<BlockSchema | null> {
  const [schema] = await readRebuilt(db, [id]);
  return schema ?? null;
}

/** The most recently created schema with this checksum (and this version, when given). */
export async function readBlockSchemaByChecksum(db: Session, checksum: string, version?: string): Promise<BlockSchema | null> {
  let query = db.selectFrom('block_schema').select('id').where('checksum', '=', checksum);
  if (version !== undefined) query = query.where('version', '=', version);
  const row = await query
    .orderBy('created', 'desc')
    .orderBy(sql`rowid`, 'desc')
    .executeTakeFirst();
  return row === undefined ? null : readBlockSchema(db, row.id);
}

export interface BlockSchemaFilter {
  ids?: string[];
  blockTypeIds?: string[];
  blockTypeSlugs?: string[];
  capabilitiesAll?: string[];
  versions?: string[];
  /** How the filters combine (Prefect's `operator`, `and_` by default). */
  operator?: 'and' | 'or';
  limit?: number;
  offset?: number;
}

/** Block schemas newest first, each with its fields rebuilt (Prefect's `POST /block_schemas/filter`). */
export async function readBlockSchemas(db: Session, filter: BlockSchemaFilter = {}): Promise<BlockSchema[]> {
  let query = db.selectFrom('block_schema').innerJoin('block_type', 'block_type.id', 'block_schema.block_type_id').select('block_schema.id');
  const ids = filter.ids;
  const typeIds = filter.blockTypeIds;
  const slugs = filter.blockTypeSlugs;
  const capabilities = filter.capabilitiesAll;
  const versions = filter.versions;
  query = query.where((eb) => {
    const conditions = [];
    if (ids !== undefined) conditions.push(inJsonList(eb.ref('block_schema.id'), ids));
    if (typeIds !== undefined) conditions.push(inJsonList(eb.ref('block_schema.block_type_id'), typeIds));
    if (slugs !== undefined) conditions.push(inJsonList(eb.ref('block_type.slug'), slugs));
    if (capabilities !== undefined) conditions.push(hasAllCapabilities(capabilities));
    if (versions !== undefined) conditions.push(inJsonList(eb.ref('block_schema.version'), versions));
    if (conditions.length === 0) return eb.lit(true);
    return filter.operator === 'or' ? eb.or(conditions) : eb.and(conditions);
  });
  query = query.orderBy('block_schema.created', 'desc').orderBy(sql`block_schema.rowid`, 'desc');
  if (filter.limit !== undefined || filter.offset !== undefined) query = query.limit(filter.limit ?? -1).offset(filter.offset ?? 0);
  const rows = await query.execute();
  return readRebuilt(
    db,
    rows.map((row) => row.id),
  );
}

/** The newest schema of each of these block types (by slug), rebuilt; a type without one is absent. */
export async function readNewestSchemasBySlug(db: Session, slugs: readonly string[]): Promise<Map<string, BlockSchema>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .selectFrom('block_schema')
    .innerJoin('block_type', 'block_type.id', 'block_schema.block_type_id')
    .select(['block_schema.id', 'block_type.slug'])
    .where((eb) => inJsonList(eb.ref('block_type.slug'), [...slugs]))
    .orderBy('block_schema.created', 'desc')
    .orderBy(sql`block_schema.rowid`, 'desc')
    .execute();
  // Only ids are read for every row: the newest of each type is the only one rebuilt.
  const newestIds = new Map<string, string>();
  for (const row of rows) if (!newestIds.has(row.slug)) newestIds.set(row.slug, row.id);
  const schemas = await readRebuilt(db, [...newestIds.values()]);
  return new Map(schemas.map((schema) => [schema.block_type.slug, schema]));
}

/** Rebuilds the given schemas, in the given order. */
async function readRebuilt(db: Session, ids: string[]): Promise<BlockSchema[]> {
  if (ids.length === 0) return [];
  const graph = await loadSchemaGraph(db, ids);
  return ids.flatMap((id) => {
    const schema = rebuildSchema(graph, id);
    return schema === null ? [] : [schema];
  });
}

function inJsonList(column: Expression<unknown>, values: string[]) {
  // One bound parameter however long the list: SQLite limits the number of parameters.
  return sql<boolean>`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/**
 * The fields a client sends to register each of these schemas (every definition included), by
 * schema id; a schema whose client fields are not known is left out (docs/decisions/checksum-identity.md).
 */
export async function readClientFields(db: Session, ids: readonly string[]): Promise<Map<string, JsonObject>> {
  const found = new Map<string, JsonObject>();
  // One bound parameter per chunk of ids, as inJsonList: however many schemas, a few statements.
  for (let start = 0; start < ids.length; start += CLIENT_FIELDS_CHUNK) {
    const chunk = JSON.stringify(ids.slice(start, start + CLIENT_FIELDS_CHUNK));
    for (const row of statementsOf(db).rows(SELECT_CLIENT_FIELDS, [chunk])) {
      found.set(row.id, parseStoredFields(row.client_fields));
    }
  }
  return found;
}

/** Each schema's linked children (the rows its references point at), by schema id, in the order linked. */
export async function readLinkedChildren(db: Session, ids: readonly string[]): Promise<Map<string, string[]>> {
  const children = new Map<string, string[]>();
  for (let start = 0; start < ids.length; start += CLIENT_FIELDS_CHUNK) {
    const chunk = JSON.stringify(ids.slice(start, start + CLIENT_FIELDS_CHUNK));
    for (const row of statementsOf(db).rows(SELECT_LINKED_CHILDREN, [chunk])) {
      const parent = row.parent_block_schema_id;
      children.set(parent, [...(children.get(parent) ?? []), row.reference_block_schema_id]);
    }
  }
  return children;
}

const CLIENT_FIELDS_CHUNK = 500;

function parseStoredFields(text: string): JsonObject {
  const value = parseJson(text);
  if (!isJsonObject(value)) throw new RegistryError('internal', 'Stored block schema fields are not a JSON object.');
  return value;
}

function truthyObject(value: JsonValue | undefined): JsonObject | null {
  return isJsonObject(value) && Object.keys(value).length > 0 ? value : null;
}
