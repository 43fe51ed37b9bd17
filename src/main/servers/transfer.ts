// Push as the window runs it: a preview of what would change, then the push with progress per
// block type, a result per type (the server's own message when one fails), and a cancel that
// stops starting new schemas while the one in flight finishes. Each type is pushed as `server
// push` does (children first). The window's pull is an import (operations/pull.ts).
import type { BlockType } from '../../shared/blocks';
import { errorMessage } from '../../shared/errors';
import type { TransferPreview, TransferPreviewType, TransferTypeResult } from '../../shared/servers';
import type { Database } from '../db/database';
import type { PrefectClient } from './client/client';
import { readLocalBlocks, requireKnownSlugs } from './local-blocks';
import { pushBlockSchema, pushBlockType, pushOrder, pushToServer, type PushReport } from './push';

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
  return { direction: 'push', api_url: client.connection.apiUrl, types, counts: countPreview(types), warnings: [], errors: [], notes: [] };
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
 * Pushes as `server push` does (the schemas one at a time in pushOrder, each type just before its
 * first schema), with a result per type as soon as its last schema is done. A failed type does
 * not stop the others (those that nest it then fail with the server's message); a cancel stops
 * starting schemas, and running it again completes the push.
 */
export async function pushWithProgress(registry: Database, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
  await registry.refresh();
  const local = await readLocalBlocks(registry.db, slugs);
  requireKnownSlugs(local);
  const order = pushOrder(local.schemas, local.clientFields, local.linkedChildren);
  const typesBySlug = new Map(local.types.map((type) => [type.slug, type]));
  // Types in the order their first schema comes (types without schemas last).
  const slugsInOrder = [...new Set([...order.map((schema) => schema.block_type.slug), ...local.types.map((type) => type.slug)])];
  progress.planned(slugsInOrder);
  const remaining = new Map(slugsInOrder.map((slug) => [slug, order.filter((schema) => schema.block_type.slug === slug).length]));
  const pushes = new Map<string, TypePush>();
  const finish = (slug: string, push: TypePush): void => {
    const message = push.failure ?? (push.mismatches.length === 0 ? null : `Checksum differs on the server (${push.mismatches.join('; ')}).`);
    progress.finished({ slug, outcome: push.failure === null ? push.outcome : 'failed', schemas_created: push.created, message });
  };
  const started = async (slug: string): Promise<TypePush> => {
    const known = pushes.get(slug);
    if (known !== undefined) return known;
    const push: TypePush = { outcome: 'unchanged', serverId: null, protectedSlugs: new Set(), created: 0, mismatches: [], failure: null };
    pushes.set(slug, push);
    try {
      const { pushed, serverId } = await pushBlockType(client, typesBySlug.get(slug) as BlockType, false);
      Object.assign(push, { outcome: pushed.outcome, serverId, protectedSlugs: new Set(pushed.outcome === 'protected' ? [slug] : []) });
    } catch (error) {
      push.failure = errorMessage(error);
    }
    return push;
  };
  for (const schema of order) {
    if (progress.signal.aborted) break;
    const slug = schema.block_type.slug;
    const push = await started(slug);
    if (push.failure === null) {
      try {
        const result = await pushBlockSchema(client, schema, local.clientFields.get(schema.id), push.serverId, push.protectedSlugs, false);
        if (result.outcome === 'created') push.created += 1;
        if (result.server_checksum !== null) push.mismatches.push(`version ${result.version}: the server computed ${result.server_checksum}, here ${result.checksum}`);
      } catch (error) {
        push.failure = errorMessage(error);
      }
    }
    const left = (remaining.get(slug) ?? 1) - 1;
    remaining.set(slug, left);
    if (left === 0) finish(slug, push);
  }
  const notStarted = (slug: string): TransferTypeResult => ({ slug, outcome: 'not-started', schemas_created: 0, message: null });
  for (const slug of slugsInOrder) {
    const hasSchemas = order.some((schema) => schema.block_type.slug === slug);
    if (hasSchemas && remaining.get(slug) === 0) continue; // its result is given
    const push = pushes.get(slug);
    if (hasSchemas) {
      // Cancelled before all its schemas: what was done stays, and running it again completes it.
      progress.finished(push === undefined ? notStarted(slug) : { slug, outcome: push.outcome, schemas_created: push.created, message: 'Cancelled before all its schemas were pushed.' });
    } else if (progress.signal.aborted) {
      progress.finished(notStarted(slug));
    } else {
      finish(slug, await started(slug));
    }
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
