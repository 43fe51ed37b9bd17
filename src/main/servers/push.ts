// `server push`: this database's block types and schemas onto a Prefect server, the way Prefect's
// own client registers a block (`Block.register_type_and_schema`): the type by slug (PATCH its
// four updatable fields when they differ, else create it); the schema by checksum and version
// (create it when absent with the fields its client sent, letting the server compute the
// checksum, then check that it computed ours), in the order they were created here, children
// first. Requests go several at a time wherever that order allows (pushPlan: a partial order), so
// that a distant server's round trip is paid once per wave, not once per request; the HTTP
// client's write gate learns whether the server takes concurrent writes. Never deletes, never
// touches a protected type, and a second push changes nothing. The local database is only read.
import type { BlockSchema, BlockType } from '../../shared/blocks';
import { blockTypeMetadata, NON_VERSIONED, UPDATABLE_BLOCK_TYPE_FIELDS } from '../../shared/blocks';
import { RegistryError } from '../../shared/errors';
import type { JsonObject } from '../../shared/json';
import type { Session } from '../db/database';
import type { BlockTypeUpdateBody, PrefectClient, ServerBlockType } from './client/client';
import { mapConcurrently, mapInDependencyOrder } from './client/concurrency';
import { referenceEntries } from '../registry/nested-blocks';
import { schemaKey } from './block-comparison';
import { breakingOnServer, type BreakingOnServer } from './breaking';
import { blockTypeDifferences, childChecksums, readLocalBlocks, requireKnownSlugs } from './local-blocks';

export type PushedTypeOutcome = 'created' | 'updated' | 'unchanged' | 'protected';
export type PushedSchemaOutcome = 'created' | 'present' | 'protected';

export interface PushedBlockType {
  slug: string;
  outcome: PushedTypeOutcome;
  /** The updatable fields that differed (and were, or would be, patched). */
  changed_fields: string[];
}

export interface PushedBlockSchema {
  block_type_slug: string;
  version: string;
  checksum: string;
  outcome: PushedSchemaOutcome;
  /** The checksum the server computed, when it differs from ours. */
  server_checksum: string | null;
  /**
   * True when what its client sent is not known here (a server's read-back that could not be
   * restored, or a schema stored before client fields were kept): the fields sent are the
   * read-back, which does not give its checksum.
   */
  read_back_sent: boolean;
}

export interface PushReport {
  api_url: string;
  dry_run: boolean;
  duration_ms: number;
  block_types: PushedBlockType[];
  block_schemas: PushedBlockSchema[];
  /** Types whose newest schema here the server lacked, and what it breaks for documents saved under the server's newest (read before any schema was pushed). */
  breaking: BreakingOnServer[];
  counts: { types_created: number; types_updated: number; types_unchanged: number; types_protected: number; schemas_created: number; schemas_present: number; checksum_mismatches: number };
}

export interface PushOptions {
  slugs?: readonly string[];
  dryRun?: boolean;
}

/**
 * Requests a push keeps in flight: enough to hide a distant server's round trip. Writes among them
 * go as the HTTP client's write gate allows (one at a time to a SQLite-backed server).
 */
export const PUSH_CONCURRENCY = 16;

export async function pushToServer(db: Session, client: PrefectClient, options: PushOptions = {}): Promise<PushReport> {
  const started = performance.now();
  const local = await readLocalBlocks(db, options.slugs ?? []);
  requireKnownSlugs(local);
  const dryRun = options.dryRun ?? false;
  // The server's types in a few pages rather than one request per type, and the schemas of those
  // it has: a schema it holds is not asked for again.
  const existing = new Map((await client.readBlockTypes(local.types.map((type) => type.slug))).map((type) => [type.slug, type]));
  const onServer = schemasOnServer(
    client,
    [...existing.values()].map((type) => type.id),
  );
  // Awaited below, after the types: a failure meanwhile is not an unhandled rejection.
  onServer.catch(() => undefined);
  const types = await mapConcurrently(local.types, PUSH_CONCURRENCY, (type) => pushBlockType(client, type, dryRun, existing.get(type.slug) ?? null));
  const serverIds = new Map(types.flatMap(({ pushed, serverId }) => (serverId === null ? [] : [[pushed.slug, serverId] as const])));
  const skipped = new Set(types.filter(({ pushed }) => pushed.outcome === 'protected').map(({ pushed }) => pushed.slug));
  // In pushPlan's partial order: a Prefect server reads a union's children back in the order they
  // were created, and links a parent to whatever holds the child checksum it records when it arrives.
  const held = await onServer;
  const lacks = (schema: BlockSchema): boolean => !held.has(schemaKey(schema.checksum, schema.version));
  // Read before any schema goes, while the server's newest is still its own.
  const breaking = await breakingOnServer(db, client, breakingCandidates(local.types, local.schemas.filter(lacks), existing), lacks);
  const plan = pushPlan(local.schemas, local.clientFields, local.linkedChildren);
  const schemas = await mapInDependencyOrder(plan.order, plan.predecessors, PUSH_CONCURRENCY, (schema) =>
    pushBlockSchema(client, schema, local.clientFields.get(schema.id), serverIds.get(schema.block_type.slug) ?? null, skipped, dryRun, held),
  );
  const pushedTypes = types.map(({ pushed }) => pushed);
  return {
    api_url: client.connection.apiUrl,
    dry_run: dryRun,
    duration_ms: performance.now() - started,
    block_types: pushedTypes,
    block_schemas: schemas,
    breaking,
    counts: countPush(pushedTypes, schemas),
  };
}

/** slug -> the server's id, of the types (not protected) the server has and lacks a schema of. */
function breakingCandidates(types: readonly BlockType[], lacking: readonly BlockSchema[], existing: ReadonlyMap<string, ServerBlockType>): Map<string, string> {
  const slugs = new Set(lacking.map((schema) => schema.block_type.slug));
  return new Map(
    types.flatMap((type) => {
      const onServer = existing.get(type.slug);
      return onServer === undefined || type.is_protected || onServer.is_protected || !slugs.has(type.slug) ? [] : [[type.slug, onServer.id] as const];
    }),
  );
}

/**
 * The type by slug: unchanged, patched or created. Returns the server's id (null for a type a dry
 * run would create). `known` is the server's row when already read (null: it has none), else it is read.
 */
export async function pushBlockType(client: PrefectClient, type: BlockType, dryRun: boolean, known?: ServerBlockType | null): Promise<{ pushed: PushedBlockType; serverId: string | null }> {
  const existing = known === undefined ? await client.readBlockTypeBySlug(type.slug) : known;
  if (type.is_protected || existing?.is_protected === true) {
    // The server installs its protected types itself; Prefect's client does not update them either.
    return { pushed: { slug: type.slug, outcome: 'protected', changed_fields: [] }, serverId: existing?.id ?? null };
  }
  if (existing === null) {
    if (dryRun) return { pushed: { slug: type.slug, outcome: 'created', changed_fields: [] }, serverId: null };
    const created = await createOrFind(client, type);
    // Prefect HTML-escapes a description and code example on create, never on update: the text is
    // put back as written, which Prefect's own client also leaves after any later registration.
    if (UPDATABLE_BLOCK_TYPE_FIELDS.some((field) => (created[field] ?? null) !== type[field])) await client.updateBlockType(created.id, updatableFields(type));
    return { pushed: { slug: type.slug, outcome: 'created', changed_fields: [] }, serverId: created.id };
  }
  const changed = blockTypeDifferences(type, existing, UPDATABLE_BLOCK_TYPE_FIELDS).map((difference) => difference.field);
  if (changed.length === 0) return { pushed: { slug: type.slug, outcome: 'unchanged', changed_fields: [] }, serverId: existing.id };
  if (!dryRun) await client.updateBlockType(existing.id, updatableFields(type));
  return { pushed: { slug: type.slug, outcome: 'updated', changed_fields: changed }, serverId: existing.id };
}

function updatableFields(type: BlockType): BlockTypeUpdateBody {
  return { logo_url: type.logo_url, documentation_url: type.documentation_url, description: type.description, code_example: type.code_example };
}

/** Creates the type; a 409 means it appeared meanwhile (another client, or our own retried request). */
async function createOrFind(client: PrefectClient, type: BlockType): Promise<ServerBlockType> {
  try {
    return await client.createBlockType(blockTypeMetadata(type));
  } catch (error) {
    if (!(error instanceof RegistryError && / answered 409/.test(error.message))) throw error;
    const found = await client.readBlockTypeBySlug(type.slug);
    if (found === null) throw error;
    return found;
  }
}

/**
 * The schema by checksum and version; created when absent with the fields its client sent
 * (`clientFields`; the read-back when not known), from which the server computes the checksum.
 */
export async function pushBlockSchema(
  client: PrefectClient,
  schema: BlockSchema,
  clientFields: JsonObject | undefined,
  serverTypeId: string | null,
  protectedSlugs: Set<string>,
  dryRun: boolean,
  onServer?: ReadonlySet<string>,
): Promise<PushedBlockSchema> {
  const identity = { block_type_slug: schema.block_type.slug, version: schema.version, checksum: schema.checksum, read_back_sent: clientFields === undefined };
  if (protectedSlugs.has(schema.block_type.slug)) return { ...identity, outcome: 'protected', server_checksum: null };
  // A type a dry run would create has no schema on the server yet; `onServer` is what the server
  // held when the push began, read at once: a schema it holds is not asked for again.
  const present =
    serverTypeId !== null &&
    (onServer?.has(schemaKey(schema.checksum, schema.version)) === true || (onServer === undefined && (await client.readBlockSchemaByChecksum(schema.checksum, schema.version)) !== null));
  if (present) return { ...identity, outcome: 'present', server_checksum: null };
  if (dryRun || serverTypeId === null) return { ...identity, outcome: 'created', server_checksum: null };
  const created = await client
    .createBlockSchema({ fields: clientFields ?? schema.fields, block_type_id: serverTypeId, capabilities: schema.capabilities, version: schema.version })
    .catch((error: unknown) => {
      // Which of many schemas the server refused: the request's route does not say.
      if (error instanceof RegistryError) throw new RegistryError(error.code, `${schema.block_type.slug}, schema version ${schema.version} (${schema.checksum}): ${error.message}`, error.issues);
      throw error;
    });
  return { ...identity, outcome: 'created', server_checksum: created.checksum === schema.checksum ? null : created.checksum };
}

/** `checksum NUL version` of every schema the server holds for these types (its ids), read in pages. */
export async function schemasOnServer(client: PrefectClient, serverTypeIds: readonly string[]): Promise<Set<string>> {
  if (serverTypeIds.length === 0) return new Set();
  return new Set((await client.readBlockSchemas(serverTypeIds)).map((schema) => schemaKey(schema.checksum, schema.version ?? NON_VERSIONED)));
}

/** schema -> the parents that must be pushed before it: they record its checksum but link another child. */
function parentsBeforeRecordedChildren(schemas: readonly BlockSchema[], clientFields: ReadonlyMap<string, JsonObject>): Map<BlockSchema, BlockSchema[]> {
  const parents = new Map<BlockSchema, BlockSchema[]>();
  for (const parent of schemas) {
    const client = clientFields.get(parent.id);
    if (client === undefined) continue;
    const linked = new Set(childChecksums(parent));
    for (const [, recorded] of referenceEntries(client.block_schema_references ?? {})) {
      if (linked.has(recorded.block_schema_checksum)) continue;
      for (const schema of schemas) {
        if (schema.checksum === recorded.block_schema_checksum && schema !== parent) parents.set(schema, [...(parents.get(schema) ?? []), parent]);
      }
    }
  }
  return parents;
}

/**
 * The order a push creates the schemas in: the order they were created here (a pull registers a
 * server's schemas in the order that server created them, an import of Python classes in the order
 * Prefect's client registers them), moved only as far as needed so that a receiving server, given
 * them one by one, links each parent to the rows the first server linked:
 * - a schema after the rows it links (`linkedChildren`, by id; by checksum when not given);
 * - a parent before every other row with the checksum of a row it links that was created after
 *   that row (a server links the newest row with a checksum);
 * - a parent that records another child checksum than it links before the rows with the recorded
 *   one: the receiving server then finds none, creates that child from the parent's definitions as
 *   the first server did, and links the same row.
 * A Prefect server reads a union's children back in the order the rows it links were created, so
 * the unions read back the same too.
 */
export function pushOrder(schemas: readonly BlockSchema[], clientFields: ReadonlyMap<string, JsonObject> = new Map(), linkedChildren?: ReadonlyMap<string, readonly string[]>): BlockSchema[] {
  return pushPlan(schemas, clientFields, linkedChildren).order;
}

export interface PushPlan {
  /** pushOrder's total order: pushed one by one in it, a server ends as exact as in any order the plan allows. */
  order: BlockSchema[];
  /**
   * schema -> the schemas that must be created before it starts: pushOrder's rules, and the
   * orders a server keeps by creation time, i.e. the rows a parent links (a union reads its
   * children back in that order), the versions of one type (the newest is the type's current
   * schema) and the rows of one checksum (a parent links the newest). Each comes earlier in
   * `order`; anything else may be created at the same time.
   */
  predecessors: Map<BlockSchema, BlockSchema[]>;
}

/** pushOrder, and the partial order that is all it needs (for several requests in flight). */
export function pushPlan(schemas: readonly BlockSchema[], clientFields: ReadonlyMap<string, JsonObject> = new Map(), linkedChildren?: ReadonlyMap<string, readonly string[]>): PushPlan {
  const created = [...schemas].map((schema, index) => ({ schema, index })).sort((a, b) => (a.schema.created < b.schema.created ? -1 : a.schema.created > b.schema.created ? 1 : a.index - b.index));
  const position = new Map(created.map(({ schema }, index) => [schema, index]));
  const byId = new Map(schemas.map((schema) => [schema.id, schema]));
  const byChecksum = new Map<string, BlockSchema[]>();
  for (const { schema } of created) byChecksum.set(schema.checksum, [...(byChecksum.get(schema.checksum) ?? []), schema]);
  const before = new Map<BlockSchema, BlockSchema[]>(schemas.map((schema) => [schema, []]));
  const mustPrecede = (first: BlockSchema, then: BlockSchema): void => {
    if (first !== then) before.get(then)?.push(first);
  };
  const linkedBy = new Map<BlockSchema, BlockSchema[]>();
  for (const parent of schemas) {
    const linked =
      linkedChildren === undefined
        ? childChecksums(parent).flatMap((checksum) => byChecksum.get(checksum)?.slice(-1) ?? [])
        : (linkedChildren.get(parent.id) ?? []).flatMap((id) => byId.get(id) ?? []);
    linkedBy.set(parent, linked);
    for (const child of linked) {
      mustPrecede(child, parent);
      // The rows created after it with the same checksum come after the parent: until then the child is the newest.
      for (const later of byChecksum.get(child.checksum) ?? []) if ((position.get(later) ?? 0) > (position.get(child) ?? 0)) mustPrecede(parent, later);
    }
  }
  for (const [schema, parents] of parentsBeforeRecordedChildren(schemas, clientFields)) for (const parent of parents) mustPrecede(parent, schema);
  const order: BlockSchema[] = [];
  const placed = new Set<BlockSchema>();
  const visiting = new Set<BlockSchema>();
  const place = (schema: BlockSchema): void => {
    if (placed.has(schema) || visiting.has(schema)) return; // placed, or a cycle no server accepts: keep going
    visiting.add(schema);
    const first = [...(before.get(schema) ?? [])].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    for (const other of first) place(other);
    visiting.delete(schema);
    placed.add(schema);
    order.push(schema);
  };
  for (const { schema } of created) place(schema);
  return { order, predecessors: partialOrder(order, before, linkedBy) };
}

/** The edges pushOrder's total order must keep (see PushPlan.predecessors), each from an earlier schema of `order` to a later one. */
function partialOrder(order: readonly BlockSchema[], before: ReadonlyMap<BlockSchema, BlockSchema[]>, linkedBy: ReadonlyMap<BlockSchema, BlockSchema[]>): Map<BlockSchema, BlockSchema[]> {
  const rank = new Map(order.map((schema, index) => [schema, index]));
  const predecessors = new Map<BlockSchema, BlockSchema[]>(order.map((schema) => [schema, []]));
  const edge = (first: BlockSchema, then: BlockSchema): void => {
    const firsts = predecessors.get(then);
    if (firsts !== undefined && (rank.get(first) ?? 0) < (rank.get(then) ?? 0) && !firsts.includes(first)) firsts.push(first);
  };
  for (const [schema, firsts] of before) for (const first of firsts) edge(first, schema);
  /** Each group's members one after another, in `order`. */
  const chain = (group: readonly BlockSchema[]): void => {
    const sorted = [...new Set(group)].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    for (let index = 1; index < sorted.length; index++) edge(sorted[index - 1] as BlockSchema, sorted[index] as BlockSchema);
  };
  for (const linked of linkedBy.values()) chain(linked);
  const groups = new Map<string, BlockSchema[]>();
  for (const schema of order) {
    for (const key of [`type ${schema.block_type.slug}`, `checksum ${schema.checksum}`]) groups.set(key, [...(groups.get(key) ?? []), schema]);
  }
  for (const group of groups.values()) chain(group);
  return predecessors;
}

function countPush(types: PushedBlockType[], schemas: PushedBlockSchema[]): PushReport['counts'] {
  const typesWith = (outcome: PushedTypeOutcome): number => types.filter((type) => type.outcome === outcome).length;
  return {
    types_created: typesWith('created'),
    types_updated: typesWith('updated'),
    types_unchanged: typesWith('unchanged'),
    types_protected: typesWith('protected'),
    schemas_created: schemas.filter((schema) => schema.outcome === 'created').length,
    schemas_present: schemas.filter((schema) => schema.outcome === 'present').length,
    checksum_mismatches: schemas.filter((schema) => schema.server_checksum !== null).length,
  };
}
