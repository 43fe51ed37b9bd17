// Pull as the window runs it: a server's block types and schemas (servers/pull.ts) imported the
// way a file is, preview first, then one all-or-nothing registration with a result per type.
import { nothingRegistered } from '../../shared/errors';
import type { ImportPreview } from '../../shared/import-preview';
import type { TransferPreview, TransferPreviewType } from '../../shared/servers';
import type { Database } from '../db/database';
import type { PrefectClient } from '../servers/client/client';
import { describeRestored, readServerEntries } from '../servers/pull';
import { countPreview, type TransferProgress } from '../servers/transfer';
import { importEntries } from './import';
import { previewFiles } from './preview';

export async function previewPull(registry: Database, client: PrefectClient, slugs: readonly string[]): Promise<TransferPreview> {
  const { read, protectedSlugs, restored } = await readServerEntries(client, slugs);
  const { preview } = await previewFiles(registry, read, { simulate: true });
  const types = [...pulledTypes(preview), ...protectedSlugs.map((slug): TransferPreviewType => ({ slug, change: 'protected', fields: [], new_schemas: 0 }))];
  const notes = restored.length > 0 ? [`${describeRestored(restored)}.`] : [];
  return { direction: 'pull', api_url: client.connection.apiUrl, types, counts: countPreview(types), warnings: preview.warnings, errors: preview.errors, notes };
}

/** Reads the server's types, previews them as an import, and registers them in one transaction unless cancelled. */
export async function pullWithProgress(registry: Database, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
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
