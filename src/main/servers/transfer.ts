// Push as the window runs it: a preview of what would change (a dry run), then the push itself
// (`server push`'s own, push.ts) with a result per type (the server's own message when one
// fails) and a cancel that stops starting new schemas while those in flight finish. The window's
// pull is an import (operations/pull.ts).
import { errorMessage, type RegistryIssue } from '../../shared/errors';
import type { TransferPreview, TransferPreviewType } from '../../shared/servers';
import type { Database } from '../db/database';
import type { PrefectClient } from './client/client';
import { describeBreaking } from './breaking';
import { pushToServer, type PushReport, type TransferProgress } from './push';

export type { TransferProgress } from './push';

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
  // Each type's new schemas counted in one pass, not by scanning every schema once per type.
  const created = new Map<string, number>();
  for (const schema of report.block_schemas) if (schema.outcome === 'created') created.set(schema.block_type_slug, (created.get(schema.block_type_slug) ?? 0) + 1);
  return report.block_types.map((type) => ({
    slug: type.slug,
    change: type.outcome === 'created' ? 'new' : type.outcome === 'updated' ? 'update' : type.outcome,
    fields: type.changed_fields,
    new_schemas: created.get(type.slug) ?? 0,
  }));
}

/**
 * The window's push: `server push` itself (push.ts), told each type's result as soon as its last
 * schema is done. A type the server refuses does not stop the others (those that must follow it
 * are not pushed, saying so); a cancel stops starting schemas, those in flight finish, and
 * running it again completes the push. When the server cannot be reached or refuses the
 * credentials, every type not done yet fails with its words.
 */
export async function pushWithProgress(registry: Database, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
  await registry.refresh();
  let planned: string[] = [];
  const told = new Set<string>();
  const telling: TransferProgress = {
    signal: progress.signal,
    planned: (slugsInOrder) => {
      planned = slugsInOrder;
      progress.planned(slugsInOrder);
    },
    finished: (result) => {
      told.add(result.slug);
      progress.finished(result);
    },
  };
  try {
    await pushToServer(registry.db, client, { slugs, progress: telling });
  } catch (error) {
    if (planned.length === 0) throw error;
    for (const slug of planned) if (!told.has(slug)) progress.finished({ slug, outcome: 'failed', schemas_created: 0, message: errorMessage(error) });
  }
}

export function countPreview(types: readonly TransferPreviewType[]): TransferPreview['counts'] {
  const count = (change: TransferPreviewType['change']): number => types.filter((type) => type.change === change).length;
  return { new: count('new'), update: count('update'), unchanged: count('unchanged'), protected: count('protected'), new_schemas: types.reduce((sum, type) => sum + type.new_schemas, 0) };
}
