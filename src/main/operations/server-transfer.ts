// Push and pull as the window runs them: a preview of what would change, then the transfer with
// progress per block type, a result per type (the server's own message when one fails), and a
// cancel that stops starting new types while the ones in flight finish. Push registers each type
// as `server push` does (children first); pull goes through the import's preview and one
// all-or-nothing registration, as `server pull` does.
import type { BlockSchema, BlockType } from '../../shared/blocks';
import { errorMessage, nothingRegistered } from '../../shared/errors';
import type { ImportPreview } from '../../shared/import-preview';
import type { JsonObject } from '../../shared/json';
import type { TransferPreview, TransferPreviewType, TransferTypeResult } from '../../shared/servers';
import type { RegistryDatabase } from '../db/database';
import type { PrefectClient } from '../prefect-server/client';
import { mapConcurrently, SERVER_CONCURRENCY } from '../prefect-server/concurrency';
import { importEntries } from './import';
import { previewFiles } from './preview';
import { readLocalBlocks, requireKnownSlugs } from './server-blocks';
import { describeRestored, readServerEntries } from './server-pull';
import { childrenFirstLevels, pushBlockSchema, pushBlockType, pushToServer } from './server-push';

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

/** Pushes type by type, children first, a few at once; a failed type does not stop the others. */
export async function pushWithProgress(registry: RegistryDatabase, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
  await registry.refresh();
  const local = await readLocalBlocks(registry.db, slugs);
  requireKnownSlugs(local);
  const levels = typeLevels(local.types, local.schemas, local.clientFields);
  progress.planned(levels.flat().map((type) => type.slug));
  const schemasOf = new Map<string, BlockSchema[]>();
  for (const schema of local.schemas) schemasOf.set(schema.block_type.slug, [...(schemasOf.get(schema.block_type.slug) ?? []), schema]);
  for (const level of levels) {
    await mapConcurrently(level, SERVER_CONCURRENCY, async (type) => {
      if (progress.signal.aborted) {
        progress.finished({ slug: type.slug, outcome: 'not-started', schemas_created: 0, message: null });
        return;
      }
      progress.finished(await pushOneType(client, type, schemasOf.get(type.slug) ?? [], local.clientFields));
    });
  }
}

async function pushOneType(client: PrefectClient, type: BlockType, schemas: BlockSchema[], clientFields: Map<string, JsonObject>): Promise<TransferTypeResult> {
  try {
    const { pushed, serverId } = await pushBlockType(client, type, false);
    const protectedSlugs = new Set(pushed.outcome === 'protected' ? [type.slug] : []);
    let created = 0;
    const mismatches: string[] = [];
    for (const schema of schemas) {
      const result = await pushBlockSchema(client, schema, clientFields.get(schema.id), serverId, protectedSlugs, false);
      if (result.outcome === 'created') created += 1;
      if (result.server_checksum !== null) mismatches.push(`version ${result.version}: the server computed ${result.server_checksum}, here ${result.checksum}`);
    }
    return { slug: type.slug, outcome: pushed.outcome, schemas_created: created, message: mismatches.length === 0 ? null : `Checksum differs on the server (${mismatches.join('; ')}).` };
  } catch (error) {
    return { slug: type.slug, outcome: 'failed', schemas_created: 0, message: errorMessage(error) };
  }
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

/** The types in levels: each level's schemas nest only schemas of earlier levels. */
function typeLevels(types: readonly BlockType[], schemas: readonly BlockSchema[], clientFields: ReadonlyMap<string, JsonObject>): BlockType[][] {
  const levelOf = new Map<string, number>();
  childrenFirstLevels(schemas, clientFields).forEach((level, index) => {
    for (const schema of level) levelOf.set(schema.block_type.slug, Math.max(index, levelOf.get(schema.block_type.slug) ?? 0));
  });
  const levels: BlockType[][] = [];
  for (const type of types) (levels[levelOf.get(type.slug) ?? 0] ??= []).push(type);
  return levels.filter((level) => level !== undefined);
}

function countPreview(types: readonly TransferPreviewType[]): TransferPreview['counts'] {
  const count = (change: TransferPreviewType['change']): number => types.filter((type) => type.change === change).length;
  return { new: count('new'), update: count('update'), unchanged: count('unchanged'), protected: count('protected'), new_schemas: types.reduce((sum, type) => sum + type.new_schemas, 0) };
}
