// Pull as the window runs it: a server's block types and schemas (servers/pull.ts) imported the
// way a file is (operations/import.ts), the preview a dry run, then one all-or-nothing
// registration with a result per type, from what that registration did.
import { nothingRegistered } from '../../shared/errors';
import type { ImportPreview } from '../../shared/import-preview';
import type { TransferPreview, TransferPreviewType, TransferTypeResult } from '../../shared/servers';
import type { Database } from '../db/database';
import type { PrefectClient } from '../servers/client/client';
import { describeRestored, readServerEntries } from '../servers/pull';
import { countPreview, type TransferProgress } from '../servers/transfer';
import { runImport } from './import';

export async function previewPull(database: Database, client: PrefectClient, slugs: readonly string[]): Promise<TransferPreview> {
  const { read, protectedSlugs, restored } = await readServerEntries(client, slugs);
  const { preview } = await runImport(database, read, { mode: 'dry-run', source: sourceName(client) });
  const types = [...pulledTypes(preview), ...protectedSlugs.map((slug): TransferPreviewType => ({ slug, change: 'protected', fields: [], new_schemas: 0 }))];
  const notes = restored.length > 0 ? [`${describeRestored(restored)}.`] : [];
  return { direction: 'pull', api_url: client.connection.apiUrl, types, counts: countPreview(types), warnings: preview.warnings, errors: preview.errors, notes };
}

/** Reads the server's types and registers them in one transaction unless cancelled first; a result per type. */
export async function pullWithProgress(database: Database, client: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
  const { read } = await readServerEntries(client, slugs);
  const planned = [...new Set(read.entries.map((entry) => entry.blockType.slug))];
  progress.planned(planned);
  if (read.issues.length > 0) throw nothingRegistered(read.issues);
  // All or nothing: a cancel before the registration writes nothing; after it, there is nothing left to stop.
  if (progress.signal.aborted) {
    for (const slug of planned) progress.finished({ slug, outcome: 'not-started', schemas_created: 0, message: null });
    return;
  }
  const { preview } = await runImport(database, read, { mode: 'apply', source: sourceName(client) });
  for (const type of pulledTypes(preview)) progress.finished({ slug: type.slug, outcome: RESULT_OF[type.change], schemas_created: type.new_schemas, message: null });
}

const RESULT_OF: Record<TransferPreviewType['change'], TransferTypeResult['outcome']> = { new: 'created', update: 'updated', unchanged: 'unchanged', protected: 'protected' };

function sourceName(client: PrefectClient): string {
  return `server ${client.connection.apiUrl}`;
}

/** The import preview's types as a transfer's: a type with only a new schema is among the unchanged, its new schemas counted. */
function pulledTypes(preview: ImportPreview): TransferPreviewType[] {
  return preview.block_types.map((type) => ({
    slug: type.slug,
    change: type.outcome === 'new-version' ? 'unchanged' : type.outcome,
    fields: type.changes.map((change) => change.field),
    new_schemas: type.schemas.filter((schema) => schema.outcome === 'new').length,
  }));
}
