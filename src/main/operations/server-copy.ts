// `server copy --from A --to B`: one server's block types and schemas onto another, exact by the
// rules a pull and a push keep (docs/decisions/checksum-identity.md): A is read as a pull reads it
// (its read-backs restored to what their clients sent), registered in a scratch database in a
// temporary folder, never the person's, and pushed to B from there in pushOrder's partial order,
// as a push from a database that pulled A. The scratch database goes when the copy ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nothingRegistered } from '../../shared/errors';
import { openDatabase } from '../db/database';
import type { PrefectClient } from '../servers/client/client';
import { readServerEntries, type RestoredSchema } from '../servers/pull';
import { pushToServer, type PushReport } from '../servers/push';
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
  const { read, protectedSlugs, restored } = await readServerEntries(source, options.slugs ?? []);
  if (read.issues.length > 0) throw nothingRegistered(read.issues);
  const folder = mkdtempSync(join(tmpdir(), 'block-registry-copy-'));
  try {
    const scratch = await openDatabase(join(folder, 'copy.sqlite'));
    try {
      await runImport(scratch, read, { mode: 'apply', source: `server ${source.connection.apiUrl}` });
      // Everything the scratch database holds is what was chosen on the source (with its nested types).
      const push = await pushToServer(scratch.db, target, { dryRun: options.dryRun ?? false });
      return { from: source.connection.apiUrl, to: target.connection.apiUrl, protected_types: protectedSlugs, restored, push };
    } finally {
      await scratch.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
