// `server copy --from A --to B`: one server's block types and schemas onto another, exact by the
// rules a pull and a push keep (docs/decisions/checksum-identity.md): A is read as a pull reads it
// (its read-backs restored to what their clients sent), registered in a scratch database in a
// temporary folder, never the person's, and pushed to B from there in pushOrder's partial order,
// as a push from a database that pulled A. The scratch database goes when the copy ends. The
// window's preview is this same operation's dry run (copyPreview), its copy the job below.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nothingRegistered } from '../../shared/errors';
import type { ServerCopyPreview, TransferPreviewType } from '../../shared/servers';
import { openDatabase, type Database } from '../db/database';
import type { PrefectClient } from '../servers/client/client';
import { describeRestored, readServerEntries, type RestoredSchema, type ServerEntries } from '../servers/pull';
import { pushToServer, type PushReport } from '../servers/push';
import { breakingWarnings, countPreview, pushPreviewTypes, pushWithProgress, type TransferProgress } from '../servers/transfer';
import { runImport } from './import';

export interface ServerCopyReport {
  from: string;
  to: string;
  /** Protected types on the source: every server installs its own, so they are not copied. */
  protected_types: string[];
  /** Schemas the source read back otherwise than their client sent, copied as their client sent them. */
  restored: RestoredSchema[];
  /** The push to the target (a dry run's when --dry-run). */
  push: PushReport;
}

export async function copyBetweenServers(source: PrefectClient, target: PrefectClient, options: { slugs?: readonly string[]; dryRun?: boolean } = {}): Promise<ServerCopyReport> {
  return throughScratch(source, options.slugs ?? [], async (scratch, { protectedSlugs, restored }) => {
    // Everything the scratch database holds is what was chosen on the source (with its nested types).
    const push = await pushToServer(scratch.db, target, { dryRun: options.dryRun ?? false });
    return { from: source.connection.apiUrl, to: target.connection.apiUrl, protected_types: protectedSlugs, restored, push };
  });
}

/**
 * The window's copy, run as a job: the same read and scratch database, then the window's push
 * (servers/transfer.ts) from it, so that the job has a result per type as soon as its last schema
 * is done and a cancel stops starting schemas (running it again completes it). The source's
 * protected types, which the preview lists, are among the job's results too, as not copied.
 */
export function copyWithProgress(source: PrefectClient, target: PrefectClient, slugs: readonly string[], progress: TransferProgress): Promise<void> {
  return throughScratch(source, slugs, async (scratch, { protectedSlugs }) => {
    const withProtected: TransferProgress = { ...progress, planned: (planned) => progress.planned([...planned, ...protectedSlugs.filter((slug) => !planned.includes(slug))]) };
    await pushWithProgress(scratch, target, [], withProtected);
    for (const slug of protectedSlugs) progress.finished({ slug, outcome: 'protected', schemas_created: 0, message: 'Not copied: every Prefect server installs its own protected types.' });
  });
}

/** Reads the source's chosen types as a pull does, registers them in a scratch database in a temporary folder, and runs `work` over it. */
async function throughScratch<T>(source: PrefectClient, slugs: readonly string[], work: (scratch: Database, read: ServerEntries) => Promise<T>): Promise<T> {
  const entries = await readServerEntries(source, slugs);
  if (entries.read.issues.length > 0) throw nothingRegistered(entries.read.issues);
  const folder = mkdtempSync(join(tmpdir(), 'block-registry-copy-'));
  try {
    const scratch = await openDatabase(join(folder, 'copy.sqlite'));
    try {
      await runImport(scratch, entries.read, { mode: 'apply', source: `server ${source.connection.apiUrl}` });
      return await work(scratch, entries);
    } finally {
      await scratch.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A dry run's report as the window's preview shows it: the same rows, each type's new schemas counted, the restored read-backs said in words. */
export function copyPreview(report: ServerCopyReport): ServerCopyPreview {
  const pushed = pushPreviewTypes(report.push);
  const known = new Set(pushed.map((type) => type.slug));
  const sourceProtected = report.protected_types.filter((slug) => !known.has(slug)).map((slug): TransferPreviewType => ({ slug, change: 'protected', fields: [], new_schemas: 0 }));
  const types = [...pushed, ...sourceProtected];
  const schemas = report.push.block_schemas.map(({ block_type_slug, version, checksum, outcome, read_back_sent }) => ({ block_type_slug, version, checksum, outcome, read_back_sent }));
  const sentAsReadBack = schemas.filter((schema) => schema.read_back_sent && schema.outcome === 'created');
  const notes = [
    ...(report.restored.length > 0 ? [`${describeRestored(report.restored)}.`] : []),
    ...(sentAsReadBack.length > 0
      ? [`${sentAsReadBack.length} of the schemas are sent as the source read them back (what their client sent is not known): their checksum on the target may differ.`]
      : []),
  ];
  const restored = report.restored.map(({ block_type_slug, version, checksum, repairs }) => ({ block_type_slug, version, checksum, repairs: [...repairs] }));
  return { direction: 'copy', from_url: report.from, api_url: report.to, types, counts: countPreview(types), warnings: breakingWarnings(report.push), errors: [], notes, schemas, restored };
}
