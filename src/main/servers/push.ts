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
import { errorMessage, RegistryError } from '../../shared/errors';
import type { TransferTypeResult } from '../../shared/servers';
import type { JsonObject } from '../../shared/json';
import type { Session } from '../db/database';
import type { BlockTypeUpdateBody, PrefectClient, ServerBlockType } from './client/client';
import { RefusedRequest } from './client/response-errors';
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

/** A type or schema the server refused, or a schema not pushed because one it must follow was not. */
export interface PushFailure {
  block_type_slug: string;
  /** The schema's; null when the block type itself was refused. */
  version: string | null;
  checksum: string | null;
  /** A sentence naming the type or schema, then the server's words (or which one it had to follow). */
  message: string;
}

export interface PushReport {
  api_url: string;
  dry_run: boolean;
  duration_ms: number;
  /** The types pushed (or that a dry run would push); a refused one is among the failures instead. */
  block_types: PushedBlockType[];
  /** The schemas pushed (or that a dry run would push); a refused or skipped one is among the failures instead. */
  block_schemas: PushedBlockSchema[];
  /** What the server refused, and what was not pushed because of it; the rest was pushed. */
  failures: PushFailure[];
  /** Types whose newest schema here the server lacked, and what it breaks for documents saved under the server's newest (read before any schema was pushed). */
  breaking: BreakingOnServer[];
  counts: {
    types_created: number;
    types_updated: number;
    types_unchanged: number;
    types_protected: number;
    schemas_created: number;
    schemas_present: number;
    checksum_mismatches: number;
    failures: number;
  };
}

/** The window's push: its types in order before any request, a result per type as soon as it has one, and its Cancel. */
export interface TransferProgress {
  signal: AbortSignal;
  /** The types the transfer covers (the chosen ones and their nested types), before any is done. */
  planned: (slugs: string[]) => void;
  /** One type's result, as soon as it has one. */
  finished: (result: TransferTypeResult) => void;
}

export interface PushOptions {
  slugs?: readonly string[];
  dryRun?: boolean;
  /**
   * Told as the push goes (the window's): a cancel stops starting schemas, those in flight
   * finish, and running it again completes the push. Such a push does not read what it breaks:
   * its preview, a dry run, said so.
   */
  progress?: TransferProgress;
}

/**
 * Requests a push keeps in flight: enough to hide a distant server's round trip. Writes among them
 * go as the HTTP client's write gate allows (one at a time to a SQLite-backed server).
 */
const PUSH_CONCURRENCY = 16;

/**
 * The push. A type or schema the server refuses (RefusedRequest) does not stop it: what does not
 * depend on it is still pushed, and the report lists the failures. A server that cannot be
 * reached, is overloaded after every retry or refuses the credentials stops it (what was pushed
 * stays; running it again goes on from there), and that error is thrown.
 */
export async function pushToServer(db: Session, client: PrefectClient, options: PushOptions = {}): Promise<PushReport> {
  const started = performance.now();
  const local = await readLocalBlocks(db, options.slugs ?? []);
  requireKnownSlugs(local);
  const dryRun = options.dryRun ?? false;
  const progress = options.progress;
  // In pushPlan's partial order: a Prefect server reads a union's children back in the order they
  // were created, and links a parent to whatever holds the child checksum it records when it arrives.
  const plan = pushPlan(local.schemas, local.clientFields, local.linkedChildren);
  // Types in the order their first schema comes (types without schemas last).
  const slugsInOrder = [...new Set([...plan.order.map((schema) => schema.block_type.slug), ...local.types.map((type) => type.slug)])];
  progress?.planned(slugsInOrder);
  // The server's types in a few pages rather than one request per type, and the schemas of those
  // it has: a schema it holds is not asked for again.
  const existing = new Map((await client.readBlockTypes(local.types.map((type) => type.slug))).map((type) => [type.slug, type]));
  const held = await schemasOnServer(
    client,
    [...existing.values()].map((type) => type.id),
  );
  const lacks = (schema: BlockSchema): boolean => !held.has(schemaKey(schema.checksum, schema.version));
  // Read before any schema goes, while the server's newest is still its own.
  const breaking = progress === undefined ? await breakingOnServer(db, client, breakingCandidates(local.types, local.schemas.filter(lacks), existing), lacks) : [];
  const run = new PushRun(client, dryRun, existing, local.types, progress);
  for (const schema of plan.order) run.expect(schema.block_type.slug);
  await mapInDependencyOrder(plan.order, plan.predecessors, PUSH_CONCURRENCY, async (schema) => {
    if (run.stopped()) return;
    const slug = schema.block_type.slug;
    const blocker = (plan.predecessors.get(schema) ?? []).find((before) => run.notPushed.has(before));
    if (blocker !== undefined) {
      run.schemaFailed(schema, `${describeSchema(schema)}: not pushed, as it must follow ${blocker.block_type.slug} ${blocker.version} (${blocker.checksum}), which was not.`);
      return;
    }
    const type = await run.type(slug);
    if (type === null) return; // stopped meanwhile
    if (type.failure !== null) {
      run.schemaFailed(schema, `${describeSchema(schema)}: not pushed, as its block type was refused.`);
      return;
    }
    try {
      run.schemaPushed(schema, await pushBlockSchema(client, schema, local.clientFields.get(schema.id), type.serverId, type.pushed?.outcome === 'protected', dryRun, held));
    } catch (error) {
      if (!(error instanceof RefusedRequest)) return run.stop(error);
      run.schemaFailed(schema, error.message);
    }
  });
  // Types without schemas last.
  await mapConcurrently(
    slugsInOrder.filter((slug) => !run.hasSchemas(slug)),
    PUSH_CONCURRENCY,
    async (slug) => {
      if (!run.stopped()) await run.type(slug);
    },
  );
  return run.report(client.connection.apiUrl, performance.now() - started, breaking, slugsInOrder);
}

/** The type's name and the schema's version and checksum, as a failure names it. */
function describeSchema(schema: BlockSchema): string {
  return `${schema.block_type.slug}, schema version ${schema.version} (${schema.checksum})`;
}

/** One type's push: its outcome and server id, or the server's refusal. */
interface TypePush {
  pushed: PushedBlockType | null;
  serverId: string | null;
  failure: string | null;
}

/** One type's schemas so far, for its result in the window: how many created, the checksums the server computed otherwise, the first failure. */
interface TypeTally {
  created: number;
  mismatches: string[];
  failure: string | null;
}

/** What a push has done so far, type by type, and what it tells the window as each type is done. */
class PushRun {
  /** Schemas refused or skipped: those that must follow them are not pushed. */
  readonly notPushed = new Set<BlockSchema>();
  readonly #client: PrefectClient;
  readonly #dryRun: boolean;
  readonly #existing: ReadonlyMap<string, ServerBlockType>;
  readonly #types: ReadonlyMap<string, BlockType>;
  readonly #progress: TransferProgress | undefined;
  readonly #typePushes = new Map<string, Promise<TypePush | null>>();
  readonly #settled = new Map<string, TypePush>();
  /** slug -> its schemas not yet done. */
  readonly #remaining = new Map<string, number>();
  readonly #schemas: PushedBlockSchema[] = [];
  readonly #failures: PushFailure[] = [];
  /** slug -> what the window's result of the type says, kept as its schemas are done (not found by scanning every schema for each type). */
  readonly #tallies = new Map<string, TypeTally>();
  readonly #reported = new Set<string>();
  #stop: { error: unknown } | null = null;

  constructor(client: PrefectClient, dryRun: boolean, existing: ReadonlyMap<string, ServerBlockType>, types: readonly BlockType[], progress: TransferProgress | undefined) {
    this.#client = client;
    this.#dryRun = dryRun;
    this.#existing = existing;
    this.#types = new Map(types.map((type) => [type.slug, type]));
    this.#progress = progress;
  }

  expect(slug: string): void {
    this.#remaining.set(slug, (this.#remaining.get(slug) ?? 0) + 1);
  }

  hasSchemas(slug: string): boolean {
    return this.#remaining.has(slug);
  }

  /** Whether to start nothing more: the server cannot take requests, or the window's Cancel. */
  stopped(): boolean {
    return this.#stop !== null || this.#progress?.signal.aborted === true;
  }

  /** Starts nothing more; the error is thrown once the requests in flight have settled. */
  stop(error: unknown): void {
    this.#stop ??= { error };
  }

  /** The type pushed just before its first schema (once, however many of its schemas start together); null when the push stopped first. */
  type(slug: string): Promise<TypePush | null> {
    const known = this.#typePushes.get(slug);
    if (known !== undefined) return known;
    const push = this.#pushType(slug);
    this.#typePushes.set(slug, push);
    return push;
  }

  async #pushType(slug: string): Promise<TypePush | null> {
    const type = this.#types.get(slug) as BlockType;
    let push: TypePush;
    try {
      const { pushed, serverId } = await pushBlockType(this.#client, type, this.#dryRun, this.#existing.get(slug) ?? null);
      push = { pushed, serverId, failure: null };
    } catch (error) {
      if (!(error instanceof RefusedRequest)) {
        this.stop(error);
        return null;
      }
      const failure = `${slug}: ${error.message}`;
      push = { pushed: null, serverId: null, failure };
      this.#fail({ block_type_slug: slug, version: null, checksum: null, message: failure });
    }
    this.#settled.set(slug, push);
    if (!this.hasSchemas(slug)) this.#finish(slug);
    return push;
  }

  schemaPushed(schema: BlockSchema, pushed: PushedBlockSchema): void {
    this.#schemas.push(pushed);
    const tally = this.#tally(pushed.block_type_slug);
    if (pushed.outcome === 'created') tally.created += 1;
    if (pushed.server_checksum !== null) tally.mismatches.push(`version ${pushed.version}: the server computed ${pushed.server_checksum}, here ${pushed.checksum}`);
    this.#schemaDone(schema.block_type.slug);
  }

  schemaFailed(schema: BlockSchema, message: string): void {
    this.notPushed.add(schema);
    this.#fail({ block_type_slug: schema.block_type.slug, version: schema.version, checksum: schema.checksum, message });
    this.#schemaDone(schema.block_type.slug);
  }

  #fail(failure: PushFailure): void {
    this.#failures.push(failure);
    this.#tally(failure.block_type_slug).failure ??= failure.message;
  }

  #tally(slug: string): TypeTally {
    let tally = this.#tallies.get(slug);
    if (tally === undefined) {
      tally = { created: 0, mismatches: [], failure: null };
      this.#tallies.set(slug, tally);
    }
    return tally;
  }

  #schemaDone(slug: string): void {
    const left = (this.#remaining.get(slug) ?? 1) - 1;
    this.#remaining.set(slug, left);
    if (left === 0) this.#finish(slug);
  }

  /** Tells the window the type's result once it and all its schemas are done. */
  #finish(slug: string): void {
    if (this.#progress === undefined || this.#reported.has(slug)) return;
    this.#reported.add(slug);
    this.#progress.finished(this.#result(slug, null));
  }

  /** The type's result for the window: failed (the first failure's words), else its outcome. */
  #result(slug: string, unfinished: string | null): TransferTypeResult {
    const { created, mismatches, failure } = this.#tally(slug);
    if (failure !== null) return { slug, outcome: 'failed', schemas_created: created, message: failure };
    const outcome = this.#settled.get(slug)?.pushed?.outcome ?? 'unchanged';
    const message = unfinished ?? (mismatches.length === 0 ? null : `Checksum differs on the server (${mismatches.join('; ')}).`);
    return { slug, outcome, schemas_created: created, message };
  }

  /** The report; first, for the window, a result for each type not yet told (not started, or cancelled part way); the stopping error thrown. */
  async report(apiUrl: string, duration: number, breaking: BreakingOnServer[], slugsInOrder: readonly string[]): Promise<PushReport> {
    await Promise.all(this.#typePushes.values());
    if (this.#progress !== undefined) {
      const stopped = this.#stop === null ? null : errorMessage(this.#stop.error);
      for (const slug of slugsInOrder) {
        if (this.#reported.has(slug)) continue;
        const result = this.#result(slug, 'Cancelled before all its schemas were pushed.');
        const started = this.#settled.has(slug) || result.outcome === 'failed';
        if (stopped !== null) this.#progress.finished({ ...result, outcome: 'failed', message: stopped });
        else if (!started) this.#progress.finished({ slug, outcome: 'not-started', schemas_created: 0, message: null });
        // Cancelled before all its schemas: what was done stays, and running it again completes it.
        else this.#progress.finished(result);
      }
    }
    if (this.#stop !== null) throw this.#stop.error;
    // In this registry's order of the types, as before any was pushed.
    const pushedTypes = [...this.#types.keys()].flatMap((slug) => this.#settled.get(slug)?.pushed ?? []);
    return {
      api_url: apiUrl,
      dry_run: this.#dryRun,
      duration_ms: duration,
      block_types: pushedTypes,
      block_schemas: this.#schemas,
      failures: this.#failures,
      breaking,
      counts: { ...countPush(pushedTypes, this.#schemas), failures: this.#failures.length },
    };
  }
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
 * run would create). `existing` is the server's row, from the push's listing (null: it has none).
 */
async function pushBlockType(client: PrefectClient, type: BlockType, dryRun: boolean, existing: ServerBlockType | null): Promise<{ pushed: PushedBlockType; serverId: string | null }> {
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
async function pushBlockSchema(
  client: PrefectClient,
  schema: BlockSchema,
  clientFields: JsonObject | undefined,
  serverTypeId: string | null,
  typeIsProtected: boolean,
  dryRun: boolean,
  onServer: ReadonlySet<string>,
): Promise<PushedBlockSchema> {
  const identity = { block_type_slug: schema.block_type.slug, version: schema.version, checksum: schema.checksum, read_back_sent: clientFields === undefined };
  if (typeIsProtected) return { ...identity, outcome: 'protected', server_checksum: null };
  // A type a dry run would create has no schema on the server yet; `onServer` is what the server
  // held when the push began, read at once: a schema it holds is not asked for again.
  const present = serverTypeId !== null && onServer.has(schemaKey(schema.checksum, schema.version));
  if (present) return { ...identity, outcome: 'present', server_checksum: null };
  if (dryRun || serverTypeId === null) return { ...identity, outcome: 'created', server_checksum: null };
  const created = await client
    .createBlockSchema({ fields: clientFields ?? schema.fields, block_type_id: serverTypeId, capabilities: schema.capabilities, version: schema.version })
    .catch((error: unknown) => {
      // Which of many schemas the server refused: the request's route does not say.
      if (error instanceof RefusedRequest) throw new RefusedRequest(error.status, `${describeSchema(schema)}: ${error.message}`);
      if (error instanceof RegistryError) throw new RegistryError(error.code, `${describeSchema(schema)}: ${error.message}`, error.issues);
      throw error;
    });
  return { ...identity, outcome: 'created', server_checksum: created.checksum === schema.checksum ? null : created.checksum };
}

/** `checksum NUL version` of every schema the server holds for these types (its ids), read in pages. */
async function schemasOnServer(client: PrefectClient, serverTypeIds: readonly string[]): Promise<Set<string>> {
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

function countPush(types: PushedBlockType[], schemas: PushedBlockSchema[]): Omit<PushReport['counts'], 'failures'> {
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
