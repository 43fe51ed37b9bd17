// Launch-time registration (Prefect's `prefect/server/models/block_registration.py::
// run_block_auto_registration`, run by the server's start-up), without Prefect's memo-store bug: each source's
// content hash lives in the database itself, so a new or reset database always registers and a
// changed source always re-registers (Prefect issues #8118, #17813, #7347).
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { errorMessage, issuesOf, type RegistryIssue } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import { addCounts, countBlockTypes, emptyCounts, type BlockTypeReport, type RegistrationReport, type SourceReport } from '../../shared/report';
import { utcNow } from '../db/clock';
import type { RegistryDatabase, RegistryDb } from '../db/database';
import { mergeBySlug, registerEntries, type BatchResult } from '../registry/register-batch';
import type { RegistrationSource } from '../sources/source';
import { prepared } from '../db/prepared';

/** Part of every content hash: bump it when registration itself changes, so that launch re-registers. */
export const REGISTRATION_LOGIC_VERSION = '2';

export interface AutoRegistrationOptions {
  /** Register every source even when its content hash is unchanged. */
  force?: boolean;
}

export async function runBlockAutoRegistration(registry: RegistryDatabase, sources: RegistrationSource[], options: AutoRegistrationOptions = {}): Promise<RegistrationReport> {
  const startedAt = utcNow();
  const start = performance.now();
  const stored = storedContentHashes(registry.db);
  // One at a time, in order: each source's time is its own.
  const prepared: Array<SourceReport | PendingSource> = [];
  const read = readOncePerRun();
  for (const source of sources) prepared.push(await prepareSource(source, read, stored.get(source.name), options.force ?? false));
  const pending = prepared.filter((item): item is PendingSource => 'entries' in item);
  const registered = new Map<PendingSource, SourceReport>();
  if (pending.length > 0) {
    try {
      // One transaction and one save for the whole run; each source in a savepoint of its own,
      // so that one source failing undoes nothing of another.
      await registry.write(async (trx) => {
        for (const item of pending) registered.set(item, await registerSource(trx, item));
      });
    } catch (error) {
      for (const item of pending) registered.set(item, item.report('failed', [], [{ file: item.source.name, message: errorMessage(error) }]));
    }
  }
  const reports = prepared.map((item) => ('entries' in item ? (registered.get(item) as SourceReport) : item));
  return {
    started_at: startedAt,
    duration_ms: performance.now() - start,
    sources: reports,
    totals: reports.reduce((total, report) => addCounts(total, report.counts), emptyCounts()),
  };
}

/** Each source's content hash as last registered: one prepared statement, as a warm launch does little else. */
function storedContentHashes(db: RegistryDb): Map<string, string> {
  const rows = prepared(db).rows('SELECT name, content_hash FROM registration_source', []);
  return new Map(rows.map((row) => [String(row.name), String(row.content_hash)]));
}

export function sourceContentHash(source: RegistrationSource, content: Uint8Array): string {
  return createHash('sha256').update(`${REGISTRATION_LOGIC_VERSION}\n${source.mode}\n`).update(content).digest('hex');
}

interface PendingSource {
  source: RegistrationSource;
  contentHash: string;
  entries: RegistrationEntry[];
  /** Time spent reading and parsing it. */
  prepareMs: number;
  report: (status: SourceReport['status'], blockTypes: BlockTypeReport[], errors: RegistryIssue[], extraMs?: number) => SourceReport;
}

type ReadContent = (source: RegistrationSource) => Uint8Array;

/**
 * Sources that share their `readContent` function read the same file (Prefect's system and
 * built-in blocks are two parts of one): within one run it is read once, and its parts get the
 * very same bytes, by which a source may keep what it parsed from them.
 */
function readOncePerRun(): ReadContent {
  const contents = new Map<RegistrationSource['readContent'], Uint8Array>();
  return (source) => {
    let content = contents.get(source.readContent);
    if (content === undefined) {
      content = source.readContent();
      contents.set(source.readContent, content);
    }
    return content;
  };
}

/** Reads, hashes and parses a source: a finished report when it is skipped or unreadable, else what to register. */
async function prepareSource(source: RegistrationSource, read: ReadContent, storedHash: string | undefined, force: boolean): Promise<SourceReport | PendingSource> {
  const start = performance.now();
  let contentHash: string | null = null;
  let prepareMs: number | null = null;
  // A source's time is its own: reading and parsing it, plus registering it (`extraMs`).
  const report = (status: SourceReport['status'], blockTypes: BlockTypeReport[], errors: RegistryIssue[], extraMs = 0): SourceReport => ({
    name: source.name,
    kind: source.kind,
    status,
    content_hash: contentHash,
    duration_ms: (prepareMs ?? performance.now() - start) + extraMs,
    counts: countBlockTypes(blockTypes),
    block_types: blockTypes,
    errors,
  });
  if (source.skipReason !== undefined) return { ...report('skipped', [], []), skipped_because: source.skipReason };
  let content: Uint8Array;
  try {
    content = read(source);
  } catch (error) {
    return report('failed', [], issuesOf(error, source.name));
  }
  contentHash = sourceContentHash(source, content);
  if (!force && storedHash === contentHash) return report('skipped', [], []);
  try {
    const entries = (await source.parse(content)).entries;
    prepareMs = performance.now() - start;
    return { source, contentHash, entries, prepareMs, report };
  } catch (error) {
    return report('failed', [], issuesOf(error, source.name));
  }
}

async function registerSource(trx: RegistryDb, item: PendingSource): Promise<SourceReport> {
  const start = performance.now();
  const { result, failed } = await registerSkippingFailures(trx, item.entries, item.source);
  if (failed.length === 0) await recordSourceHash(trx, item.source.name, item.contentHash);
  const failedReports: BlockTypeReport[] = failed.map(({ entry }) => ({
    slug: entry.blockType.slug,
    name: entry.blockType.name,
    outcome: 'failed',
    changed_fields: [],
    schemas_created: 0,
    schemas_existing: 0,
  }));
  return item.report(
    'registered',
    mergeBySlug([...result.reports, ...failedReports]),
    failed.map(({ issue }) => issue),
    performance.now() - start,
  );
}

/**
 * Registers the entries; when some fail, undoes the whole attempt and registers again without
 * them, until an attempt succeeds. So a failed entry leaves nothing behind (not even its type,
 * which the catalogue registers before any schema), and entries depending on it fail in turn.
 */
async function registerSkippingFailures(
  trx: RegistryDb,
  entries: RegistrationEntry[],
  source: RegistrationSource,
): Promise<{ result: BatchResult; failed: Array<{ entry: RegistrationEntry; issue: RegistryIssue }> }> {
  const failed: Array<{ entry: RegistrationEntry; issue: RegistryIssue }> = [];
  let remaining = entries;
  for (;;) {
    await sql`SAVEPOINT source_attempt`.execute(trx);
    const result = await registerEntries(trx, remaining, source.mode, { source: source.name });
    if (result.failures.length === 0) {
      await sql`RELEASE source_attempt`.execute(trx);
      return { result, failed };
    }
    await sql`ROLLBACK TO source_attempt`.execute(trx);
    await sql`RELEASE source_attempt`.execute(trx);
    const failedIndexes = new Set(result.failures.map((failure) => failure.index));
    for (const failure of result.failures) failed.push({ entry: remaining[failure.index] as RegistrationEntry, issue: failure.issue });
    remaining = remaining.filter((_, index) => !failedIndexes.has(index));
  }
}

async function recordSourceHash(trx: RegistryDb, name: string, contentHash: string): Promise<void> {
  const values = { content_hash: contentHash, registered_at: utcNow() };
  await trx
    .insertInto('registration_source')
    .values({ name, ...values })
    .onConflict((conflict) => conflict.column('name').doUpdateSet(values))
    .execute();
}
