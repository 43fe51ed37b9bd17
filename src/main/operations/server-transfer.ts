// Push and pull as the window runs them: a preview of what would change, then the transfer with
// progress per block type, a result per type (the server's own message when one fails), and a
// cancel that stops starting new types while the ones in flight finish. Push registers each type
// as `server push` does (children first); pull goes through the import's preview and one
// all-or-nothing registration, as `server pull` does.
import type { BlockType } from '../../shared/blocks';
import { errorMessage, nothingRegistered } from '../../shared/errors';
import type { ImportPreview } from '../../shared/import-preview';
import type { TransferPreview, TransferPreviewType, TransferTypeResult } from '../../shared/servers';
import type { RegistryDatabase } from '../db/database';
import type { PrefectClient } from '../prefect-server/client';
import { importEntries } from './import';
import { previewFiles } from './preview';
import { readLocalBlocks, requireKnownSlugs } from './server-blocks';
import { describeRestored, readServerEntries } from './server-pull';
import { pushBlockSchema, pushBlockType, pushOrder, pushToServer } from './server-push';

export interface TransferProgress {
  signal: AbortSignal;
  /** The types the transfer covers (the chosen ones and their nested types), before any is done. */
  planned: (slugs: string[]) => void;
  /** One type's result, as soon as it has one. */
  finished: (result: TransferTypeResult) => void;
}

export async function previewPush(registry: RegistryDatabase, client: PrefectClient, slugs: readonly string[]): Promise<TransferPreview> {
  await registry.refresh();
  const report = await pushToServer(registry.db, client, { slugs, dryRun: true });
  const types = report.block_types.map((type): TransferPreviewType => ({
    slug: type.slug,
    change: type.outcome === 'created' ? 'new' : type.outcome === 'updated' ? 'update' : type.outcome,
    fields: type.changed_fields,
    new_schemas: report.block_schemas.filter((schema) => schema.block_type_slug === type.slug && schema.outcome === 'created').length,
  }));
  return { direction: 'push', api_url: client.connection.apiUrl, types, counts: countPreview(types), warnings: [], errors: [], notes: [] };
}

export async function previewPull(registry: RegistryDatabase, client: PrefectClient, slugs: readonly string[]): Promise<TransferPreview> {
  const { read, protectedSlugs, restored } = await readServerEntries(client, slugs);
  const { preview } = await previewFiles(registry, read, { simulate: true });
  const types = [...pulledTypes(preview), ...protectedSlugs.map((slug): TransferPreviewType => ({ slug, change: 'protected', fields: [], new_schemas: 0 }))];
  const notes = restored.length > 0 ? [`${describeRestored(restored)}.`] : [];
  return { direction: 'pull', api_url: client.connection.apiUrl, types, counts: countPreview(types), warnings: preview.warnings, errors: preview.errors, notes };
}

/**
 * Pushes as `server push` does (the schemas one at a time in pushOrder, each type just before its
 * first schema), with a result per type as soon as its last schema is done. A failed type does
 * not stop the others (those that nest it then fail with the server's message); a cancel stops
 * starting schemas, and running it again completes the push.
 */
export async function pushWithProgress(registry: RegistryDatabase, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
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

/** Reads the server's types, previews them as an import, and registers them in one transaction unless cancelled. */
export async function pullWithProgress(registry: RegistryDatabase, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
  const { read } = await readServerEntries(client, slugs);
  const { preview, entries } = await previewFiles(registry, read, { simulate: false });
  const types = pulledTypes(preview);
  progress.planned(types.map((type) => type.slug));
  if (preview.errors.length > 0) throw nothingRegistered(preview.errors);
  // All or nothing: a cancel before the registration writes nothing; after it, there is nothing left to stop.
  if (progress.signal.aborted) {
    for (const type of types) progress.finished({ slug: type.slug, outcome: 'not-started', schemas_created: 0, message: null });
    return;
  }
  await importEntries(registry, entries, `server ${client.connection.apiUrl}`);
  for (const type of types) {
    progress.finished({ slug: type.slug, outcome: type.change === 'new' ? 'created' : type.change === 'update' ? 'updated' : 'unchanged', schemas_created: type.new_schemas, message: null });
  }
}

function pulledTypes(preview: ImportPreview): TransferPreviewType[] {
  return preview.block_types.map((type) => ({
    slug: type.slug,
    change: type.outcome,
    fields: type.changes.map((change) => change.field),
    new_schemas: type.schemas.filter((schema) => schema.outcome === 'new').length,
  }));
}

function countPreview(types: readonly TransferPreviewType[]): TransferPreview['counts'] {
  const count = (change: TransferPreviewType['change']): number => types.filter((type) => type.change === change).length;
  return { new: count('new'), update: count('update'), unchanged: count('unchanged'), protected: count('protected'), new_schemas: types.reduce((sum, type) => sum + type.new_schemas, 0) };
}
