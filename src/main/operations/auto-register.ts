// Launch-time registration (Prefect's `prefect/server/models/block_registration.py::
// run_block_auto_registration`, run by the server's start-up), without Prefect's memo-store bug: each source's
// content hash lives in the database itself, so a new or reset database always registers and a
// changed source always re-registers (Prefect issues #8118, #17813, #7347).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { errorMessage, issuesOf, type RegistryIssue } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import { addCounts, countBlockTypes, emptyCounts, type BlockTypeReport, type RegistrationReport, type SourceReport } from '../../shared/report';
import { utcNow } from '../db/clock';
import type { Database, Session } from '../db/database';
import { mergeBySlug, registerEntries, type BatchResult } from '../registry/register-batch';
import type { RegistrationSource } from '../sources/source';
import { attemptInSavepoint } from '../db/savepoint';
import { statementsOf } from '../db/session';
import { SELECT_REGISTRATION_SOURCES, UPDATE_FILE_STAMP, UPSERT_REGISTRATION_SOURCE } from '../db/statements';
import { fileStamp } from '../platform/file-stamp';

/** Part of every content hash: bump it when registration itself changes, so that launch re-registers. */
const REGISTRATION_LOGIC_VERSION = '2';

export interface AutoRegistrationOptions {
  /** Register every source even when its content hash is unchanged. */
  force?: boolean;
}

export async function runBlockAutoRegistration(registry: Database, sources: RegistrationSource[], options: AutoRegistrationOptions = {}): Promise<RegistrationReport> {
  const startedAt = utcNow();
  const start = performance.now();
  const stored = storedSources(registry.db);
  // One at a time, in order: each source's time is its own.
  const outcomes: Array<SourceReport | PendingSource> = [];
  const newStamps: SourceStamp[] = [];
  const read = readOncePerRun();
  for (const source of sources) outcomes.push(await prepareSource(source, read, stored.get(source.name), options.force ?? false, newStamps));
  const pending = outcomes.filter((item): item is PendingSource => 'entries' in item);
  const registered = new Map<PendingSource, SourceReport>();
  if (pending.length > 0 || newStamps.length > 0) {
    try {
      // One transaction and one save for the whole run; each source in a savepoint of its own,
      // so that one source failing undoes nothing of another.
      await registry.write(async (trx) => {
        for (const { name, stamp } of newStamps) statementsOf(trx).run(UPDATE_FILE_STAMP, [stamp, name]);
        for (const item of pending) registered.set(item, await registerSource(trx, item));
      });
    } catch (error) {
      // A stamp not recorded only costs the next launch a hash; a source not registered is reported.
      for (const item of pending) registered.set(item, item.report('failed', [], [{ file: item.source.name, message: errorMessage(error) }]));
    }
  }
  const reports = outcomes.map((item) => ('entries' in item ? (registered.get(item) as SourceReport) : item));
  return {
    started_at: startedAt,
    duration_ms: performance.now() - start,
    sources: reports,
    totals: reports.reduce((total, report) => addCounts(total, report.counts), emptyCounts()),
  };
}

/** A source as last registered: its content hash, and its file's stamp then (or when last found unchanged). */
interface StoredSource {
  contentHash: string;
  stamp: string | null;
}

/** Each source as last registered: one prepared statement, as a warm launch does little else. */
function storedSources(db: Session): Map<string, StoredSource> {
  const rows = statementsOf(db).rows(SELECT_REGISTRATION_SOURCES, []);
  return new Map(rows.map((row) => [row.name, { contentHash: row.content_hash, stamp: row.file_stamp }]));
}

/** The hash of the source's content and its dependencies' (each by its path; one that cannot be read, as such). */
function sourceContentHash(source: RegistrationSource, content: Uint8Array, dependencies: readonly string[] = []): string {
  const hash = createHash('sha256').update(`${REGISTRATION_LOGIC_VERSION}\n${source.mode}\n`).update(content);
  for (const path of dependencies) {
    hash.update(`\u0000${path}\u0000`);
    try {
      hash.update(readFileSync(path));
    } catch {
      hash.update('\u0000unreadable');
    }
  }
  return hash.digest('hex');
}

/**
 * The source's file stamp with its dependencies', qualified as its content hash is (by the
 * registration logic's version and the mode): any of them changing re-registers. Null when one
 * of them has no stamp to trust.
 */
function sourceStamp(source: RegistrationSource, dependencies: readonly string[]): string | null {
  const stamp = source.stamp?.() ?? null;
  if (stamp === null) return null;
  if (dependencies.length === 0) return `${REGISTRATION_LOGIC_VERSION}:${source.mode}:${stamp}`;
  const stamps = [stamp];
  for (const path of dependencies) {
    const dependency = fileStamp(path);
    if (dependency === null) return null;
    stamps.push(`${path}\u0000${dependency}`);
  }
  // One fixed-size value however many modules there are.
  return `${REGISTRATION_LOGIC_VERSION}:${source.mode}:deps:${createHash('sha256').update(stamps.join('\n')).digest('hex')}`;
}

/** A stamp to record for a source found unchanged by its hash (its file was touched, or copied back). */
interface SourceStamp {
  name: string;
  stamp: string;
}

interface PendingSource {
  source: RegistrationSource;
  contentHash: string;
  /** The file's stamp, taken before it was read: recorded with the hash. */
  stamp: string | null;
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

/**
 * Reads, hashes and parses a source: a finished report when it is skipped or unreadable, else
 * what to register. A source whose file has the stamp recorded is skipped unread; one whose
 * hash is unchanged but whose stamp is new adds the stamp to `newStamps`.
 */
async function prepareSource(source: RegistrationSource, read: ReadContent, stored: StoredSource | undefined, force: boolean, newStamps: SourceStamp[]): Promise<SourceReport | PendingSource> {
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
  const dependencies = source.dependencies?.() ?? [];
  // Taken before the read: a change after it, even during the read, changes the stamp.
  const stamp = sourceStamp(source, dependencies);
  if (!force && stamp !== null && stored?.stamp === stamp) {
    contentHash = stored.contentHash;
    return report('skipped', [], []);
  }
  let content: Uint8Array;
  try {
    content = read(source);
  } catch (error) {
    return report('failed', [], issuesOf(error, source.name));
  }
  contentHash = sourceContentHash(source, content, dependencies);
  if (!force && stored?.contentHash === contentHash) {
    if (stamp !== null) newStamps.push({ name: source.name, stamp });
    return report('skipped', [], []);
  }
  try {
    const entries = (await source.parse(content)).entries;
    prepareMs = performance.now() - start;
    return { source, contentHash, stamp, entries, prepareMs, report };
  } catch (error) {
    return report('failed', [], issuesOf(error, source.name));
  }
}

async function registerSource(trx: Session, item: PendingSource): Promise<SourceReport> {
  const start = performance.now();
  const { result, failed } = await registerSkippingFailures(trx, item.entries, item.source);
  if (failed.length === 0) recordSourceHash(trx, item.source.name, item.contentHash, item.stamp);
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
  trx: Session,
  entries: RegistrationEntry[],
  source: RegistrationSource,
): Promise<{ result: BatchResult; failed: Array<{ entry: RegistrationEntry; issue: RegistryIssue }> }> {
  const failed: Array<{ entry: RegistrationEntry; issue: RegistryIssue }> = [];
  let remaining = entries;
  for (;;) {
    const result = await attemptInSavepoint(
      trx,
      () => registerEntries(trx, remaining, source.mode, { source: source.name }),
      (attempt) => attempt.failures.length === 0,
    );
    if (result.failures.length === 0) return { result, failed };
    const failedIndexes = new Set(result.failures.map((failure) => failure.index));
    for (const failure of result.failures) failed.push({ entry: remaining[failure.index] as RegistrationEntry, issue: failure.issue });
    remaining = remaining.filter((_, index) => !failedIndexes.has(index));
  }
}

function recordSourceHash(trx: Session, name: string, contentHash: string, stamp: string | null): void {
  statementsOf(trx).run(UPSERT_REGISTRATION_SOURCE, [name, contentHash, utcNow(), stamp]);
}
