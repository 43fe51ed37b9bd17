// Push as the window runs it: a preview of what would change, then the push with progress per
// block type, a result per type (the server's own message when one fails), and a cancel that
// stops starting new schemas while those in flight finish. Pushed as `server push` does: the same
// order and the same requests in flight. The window's pull is an import (operations/pull.ts).
import type { BlockSchema, BlockType } from '../../shared/blocks';
import { errorMessage, type RegistryIssue } from '../../shared/errors';
import type { TransferPreview, TransferPreviewType, TransferTypeResult } from '../../shared/servers';
import type { Database } from '../db/database';
import type { JsonObject } from '../../shared/json';
import type { PrefectClient, ServerBlockType } from './client/client';
import { mapConcurrently, mapInDependencyOrder } from './client/concurrency';
import { describeBreaking } from './breaking';
import { readLocalBlocks, requireKnownSlugs } from './local-blocks';
import { PUSH_CONCURRENCY, pushBlockSchema, pushBlockType, pushPlan, pushToServer, schemasOnServer, type PushReport } from './push';

export interface TransferProgress {
  signal: AbortSignal;
  /** The types the transfer covers (the chosen ones and their nested types), before any is done. */
  planned: (slugs: string[]) => void;
  /** One type's result, as soon as it has one. */
  finished: (result: TransferTypeResult) => void;
}

export async function previewPush(registry: Database, client: PrefectClient, slugs: readonly string[]): Promise<TransferPreview> {
  await registry.refresh();
  const report = await pushToServer(registry.db, client, { slugs, dryRun: true });
  const types = pushPreviewTypes(report);
  return { direction: 'push', api_url: client.connection.apiUrl, types, counts: countPreview(types), warnings: breakingWarnings(report), errors: [], notes: [] };
}

/** What the push would break for documents saved on the server, a warning per type. */
export function breakingWarnings(report: PushReport): RegistryIssue[] {
  return report.breaking.map((breaking) => ({ message: describeBreaking(breaking) }));
}

/** A push's dry run as a preview's types: created is new, updated an update, each with the schemas it would create. */
export function pushPreviewTypes(report: PushReport): TransferPreviewType[] {
  return report.block_types.map((type) => ({
    slug: type.slug,
    change: type.outcome === 'created' ? 'new' : type.outcome === 'updated' ? 'update' : type.outcome,
    fields: type.changed_fields,
    new_schemas: report.block_schemas.filter((schema) => schema.block_type_slug === type.slug && schema.outcome === 'created').length,
  }));
}

/**
 * Pushes as `server push` does, with as many requests in flight (the types, then the schemas in
 * pushPlan's partial order, writes as the client's write gate allows), and a result per type as
 * soon as its last schema is done. A failed type does not stop the others (those that nest it
 * then fail with the server's message); a cancel stops starting schemas, those in flight finish,
 * and running it again completes the push.
 */
export async function pushWithProgress(registry: Database, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
  await registry.refresh();
  const local = await readLocalBlocks(registry.db, slugs);
  requireKnownSlugs(local);
  const plan = pushPlan(local.schemas, local.clientFields, local.linkedChildren);
  // Types in the order their first schema comes (types without schemas last).
  const slugsInOrder = [...new Set([...plan.order.map((schema) => schema.block_type.slug), ...local.types.map((type) => type.slug)])];
  progress.planned(slugsInOrder);
  let existing: Map<string, ServerBlockType>;
  let held: Set<string>;
  try {
    existing = new Map((await client.readBlockTypes(local.types.map((type) => type.slug))).map((type) => [type.slug, type]));
    held = await schemasOnServer(
      client,
      [...existing.values()].map((type) => type.id),
    );
  } catch (error) {
    // The server's listings failed (refused, unreachable): every type fails with its words, as each would have.
    for (const slug of slugsInOrder) progress.finished({ slug, outcome: 'failed', schemas_created: 0, message: errorMessage(error) });
    return;
  }
  // Each type just before its first schema (memoised: its schemas may start together), so that a
  // cancel leaves the types not reached not started.
  const pushes = new Map<string, Promise<TypePush>>();
  const typesBySlug = new Map(local.types.map((type) => [type.slug, type]));
  const started = (slug: string): Promise<TypePush> => {
    const known = pushes.get(slug);
    if (known !== undefined) return known;
    const push = typePush(client, typesBySlug.get(slug) as BlockType, existing.get(slug) ?? null);
    pushes.set(slug, push);
    return push;
  };
  // Each type's schemas still to push, counted in one pass over the plan (a type without any stays at 0).
  const remaining = new Map(slugsInOrder.map((slug) => [slug, 0]));
  for (const schema of plan.order) remaining.set(schema.block_type.slug, (remaining.get(schema.block_type.slug) ?? 0) + 1);
  const withoutSchemas = slugsInOrder.filter((slug) => remaining.get(slug) === 0);
  const reported = new Set<string>();
  const finish = (slug: string, push: TypePush): void => {
    reported.add(slug);
    const message = push.failure ?? (push.mismatches.length === 0 ? null : `Checksum differs on the server (${push.mismatches.join('; ')}).`);
    progress.finished({ slug, outcome: push.failure === null ? push.outcome : 'failed', schemas_created: push.created, message });
  };
  await mapInDependencyOrder(plan.order, plan.predecessors, PUSH_CONCURRENCY, async (schema) => {
    if (progress.signal.aborted) return;
    const slug = schema.block_type.slug;
    const push = await started(slug);
    if (push.failure === null) await pushSchemaOf(client, schema, local.clientFields.get(schema.id), push, held);
    const left = (remaining.get(slug) ?? 1) - 1;
    remaining.set(slug, left);
    if (left === 0) finish(slug, push);
  });
  // Types without schemas (or cancelled before any of theirs started) last.
  await mapConcurrently(withoutSchemas, PUSH_CONCURRENCY, async (slug) => {
    if (!progress.signal.aborted) finish(slug, await started(slug));
  });
  const notStarted = (slug: string): TransferTypeResult => ({ slug, outcome: 'not-started', schemas_created: 0, message: null });
  for (const slug of slugsInOrder) {
    if (reported.has(slug)) continue;
    const push = pushes.get(slug);
    // Cancelled before all its schemas: what was done stays, and running it again completes it.
    if (push === undefined) progress.finished(notStarted(slug));
    else {
      const { outcome, created } = await push;
      progress.finished({ slug, outcome, schemas_created: created, message: 'Cancelled before all its schemas were pushed.' });
    }
  }
}

async function typePush(client: PrefectClient, type: BlockType, known: ServerBlockType | null): Promise<TypePush> {
  const push: TypePush = { outcome: 'unchanged', serverId: null, protectedSlugs: new Set(), created: 0, mismatches: [], failure: null };
  try {
    const { pushed, serverId } = await pushBlockType(client, type, false, known);
    Object.assign(push, { outcome: pushed.outcome, serverId, protectedSlugs: new Set(pushed.outcome === 'protected' ? [type.slug] : []) });
  } catch (error) {
    push.failure = errorMessage(error);
  }
  return push;
}

async function pushSchemaOf(client: PrefectClient, schema: BlockSchema, clientFields: JsonObject | undefined, push: TypePush, held: ReadonlySet<string>): Promise<void> {
  try {
    const result = await pushBlockSchema(client, schema, clientFields, push.serverId, push.protectedSlugs, false, held);
    if (result.outcome === 'created') push.created += 1;
    if (result.server_checksum !== null) push.mismatches.push(`version ${result.version}: the server computed ${result.server_checksum}, here ${result.checksum}`);
  } catch (error) {
    push.failure = errorMessage(error);
  }
}

/** One type's push so far, for its result. */
interface TypePush {
  outcome: TransferTypeResult['outcome'];
  serverId: string | null;
  protectedSlugs: Set<string>;
  created: number;
  mismatches: string[];
  failure: string | null;
}

export function countPreview(types: readonly TransferPreviewType[]): TransferPreview['counts'] {
  const count = (change: TransferPreviewType['change']): number => types.filter((type) => type.change === change).length;
  return { new: count('new'), update: count('update'), unchanged: count('unchanged'), protected: count('protected'), new_schemas: types.reduce((sum, type) => sum + type.new_schemas, 0) };
}
