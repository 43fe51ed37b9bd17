// Importing block definitions, the one path for the window's drop, the command line's `import`
// and a server pull (window and command line): read (Python only as the consent allows,
// python/consent.ts), register every entry once in one transaction, and make the preview of
// what that did (import-preview.ts); then, as the caller asks, roll it back (a dry run), set it
// aside for the window's Register, or keep it. All or nothing: any error keeps nothing. A
// file import's report is kept as the last import.
import { nothingRegistered, RegistryError } from '../../shared/errors';
import type { BlockSchema } from '../../shared/blocks';
import type { RegistrationEntry } from '../../shared/formats';
import type { ImportPreview } from '../../shared/import-preview';
import type { PythonConfirmationRequest } from '../../shared/python';
import { countBlockTypes, type RegistrationReport } from '../../shared/report';
import type { BlockFileInput } from '../block-files/block-file';
import { readBlockFilesFromDisk } from '../block-files/disk';
import { isPythonFileName, readPythonModules } from '../block-files/python-files';
import { combine, parsedResult, readBlockFiles, unreadable, type BlockFileResult, type BlockFilesResult } from '../block-files/read-block-files';
import { utcNow } from '../db/clock';
import type { Database, Session, StagedWrite } from '../db/database';
import { pythonPermission, type PythonConsent } from '../python/consent';
import { readNewestSchemasBySlug } from '../registry/block-schemas';
import { registerEntries, type BatchResult } from '../registry/register-batch';
import { previewOf } from './import-preview';
import { recordLastImport } from './last-import';
import type { PendingImports } from './pending-imports';

export const PREVIEW_CANCELLED = 'The import preview was cancelled: its Python run was stopped, and nothing was written.';

/** Files to import: as bytes (the window's drop), or paths and modules named on the command line. */
export type ImportFiles = { bytes: readonly BlockFileInput[] } | { paths: readonly string[]; modules: readonly string[] };

/**
 * Reads the files, running Python only as the consent allows; when the person must confirm
 * first, the question to ask instead (nothing has run). Every problem of every file is kept.
 */
export async function readImportFiles(files: ImportFiles, consent: PythonConsent): Promise<BlockFilesResult | PythonConfirmationRequest> {
  if ('bytes' in files) {
    const permission = pythonPermission(consent, files.bytes.map((file) => file.name).filter(isPythonFileName));
    return 'kind' in permission ? permission : readBlockFiles(files.bytes, permission);
  }
  const labels = files.modules.map((name) => `module ${name}`);
  const permission = pythonPermission(consent, [...files.paths.filter(isPythonFileName), ...labels]);
  if ('kind' in permission) return permission;
  const read = await readBlockFilesFromDisk(files.paths, permission);
  if (files.modules.length === 0) return read;
  const results: BlockFileResult[] = [...read.files];
  if (permission.python === undefined) {
    throw new RegistryError('internal', 'Modules can only be imported with the permission to run Python.');
  }
  // Every module in one run of Python: importing Prefect alone takes seconds.
  try {
    const modules = await readPythonModules(files.modules, permission.python);
    modules.forEach((parsed, index) => results.push(parsed instanceof Error ? unreadable(labels[index] ?? '', parsed) : parsedResult(labels[index] ?? '', parsed)));
  } catch (error) {
    // The run itself failed (no interpreter, the timeout): once, for all of them.
    results.push(unreadable(labels.join(', '), error));
  }
  return combine(results);
}

/**
 * - `dry-run`: registered in a transaction that is rolled back; nothing is written.
 * - `stage`: the same, its outcome set aside when there is no error (the window's Register
 *   saves it without registering again: applyPendingImport).
 * - `apply`: registered and kept when there is no error; otherwise nothing is written and the
 *   errors are thrown, every one of them.
 */
export type ImportMode = 'dry-run' | 'stage' | 'apply';

export interface ImportOptions {
  mode: ImportMode;
  /** The report's source name (default: the files' names). */
  source?: string;
  /** Give each new schema's fields in the preview (the window's form preview, a dry run's JSON). */
  withFields?: boolean;
  /** Keep the report as the last import (imports of files; a pull is not one). */
  recordLastImport?: boolean;
}

export interface ImportOutcome {
  preview: ImportPreview;
  entries: RegistrationEntry[];
  /** What registering did; kept only when `apply` (or a staged outcome) was. */
  report: RegistrationReport;
  /** `stage`: the outcome set aside, or null when there were errors. */
  staged: StagedWrite | null;
}

/** Registers the entries read once, as `options.mode` says, with its preview and report. */
export async function runImport(database: Database, read: BlockFilesResult, options: ImportOptions): Promise<ImportOutcome> {
  const source = options.source ?? importSourceName(read.entries);
  const startedAt = utcNow();
  const start = performance.now();
  // Each entry in a savepoint of its own: a failed entry is undone and the others go on, so that
  // every error is found in the one run (and with none, the outcome is the import itself).
  // The newest schema of each type before the import: what a new version is compared with.
  let newestBefore: ReadonlyMap<string, BlockSchema> = new Map();
  const register = async (trx: Session): Promise<BatchResult> => {
    newestBefore = await readNewestSchemasBySlug(trx, [...new Set(read.entries.map((entry) => entry.blockType.slug))]);
    return registerEntries(trx, read.entries, 'catalogue', { source });
  };
  const clean = (batch: BatchResult): boolean => batch.failures.length === 0 && read.issues.length === 0;
  let batch: BatchResult | null = null;
  let staged: StagedWrite | null = null;
  if (read.entries.length === 0) await database.refresh();
  else if (options.mode === 'dry-run') batch = await database.simulate(register);
  else if (options.mode === 'stage') ({ value: batch, staged } = await database.stage(register, clean));
  else ({ value: batch } = await database.writeIf(register, clean));
  const report = reportOf(source, startedAt, performance.now() - start, batch);
  const preview = previewOf(read, batch, { ...options, newestBefore });
  if (options.mode === 'apply') {
    if (preview.errors.length > 0) throw nothingRegistered(preview.errors);
    if (options.recordLastImport === true) recordLastImport(database.filePath, report);
  }
  return { preview, entries: read.entries, report, staged };
}

/**
 * The window's preview of dropped files (or of files kept while the person was asked to
 * confirm running Python: `files_id`): read as the consent allows, registered and set aside
 * under the preview's id in `pending` (when it has no error) for applyPendingImport.
 */
export async function previewDroppedFiles(
  database: Database,
  request: { files: readonly BlockFileInput[] } | { files_id: string },
  consent: PythonConsent,
  pending: PendingImports,
): Promise<ImportPreview | PythonConfirmationRequest> {
  const files = 'files' in request ? request.files : pending.takeFiles(request.files_id);
  const read = await readImportFiles({ bytes: files }, consent);
  // The question to ask: the files wait in main, so that the window does not send them again.
  if ('kind' in read) return { ...read, files_id: pending.keepFiles(files) };
  const outcome = await runImport(database, read, { mode: 'stage', withFields: true });
  // A Cancel while Python ran: its run was stopped, and what it gave is not kept.
  if (consent.kind === 'confirm' && consent.signal?.aborted === true) throw new RegistryError('python', PREVIEW_CANCELLED);
  pending.keep(outcome.preview, { entries: outcome.entries, report: outcome.report, staged: outcome.staged });
  return outcome.preview;
}

/**
 * The window's Register: saves the previewed outcome as it was set aside, or, when the database
 * changed since the preview (another write, another process), registers the entries again.
 * Its report is kept as the last import.
 */
export async function applyPendingImport(database: Database, previewId: string, pending: PendingImports): Promise<RegistrationReport> {
  const taken = pending.take(previewId);
  const saved = taken.staged !== null && (await database.commitStaged(taken.staged));
  const report = saved ? taken.report : await importEntries(database, taken.entries, taken.report.sources[0]?.name ?? importSourceName(taken.entries));
  recordLastImport(database.filePath, report);
  return report;
}

/** Registers entries all or nothing; a RegistryError listing every failure when any fails (nothing written). */
export async function importEntries(database: Database, entries: RegistrationEntry[], sourceName = 'import'): Promise<RegistrationReport> {
  const startedAt = utcNow();
  const start = performance.now();
  const { value: batch, kept } = await database.writeIf(
    (trx) => registerEntries(trx, entries, 'catalogue', { source: sourceName }),
    (outcome) => outcome.failures.length === 0,
  );
  if (!kept) throw nothingRegistered(batch.failures.map((failure) => failure.issue));
  return reportOf(sourceName, startedAt, performance.now() - start, batch);
}

function reportOf(source: string, startedAt: string, duration: number, batch: BatchResult | null): RegistrationReport {
  const blockTypes = batch?.reports ?? [];
  const counts = countBlockTypes(blockTypes);
  return {
    started_at: startedAt,
    duration_ms: duration,
    sources: [{ name: source, kind: 'import', status: 'registered', content_hash: null, duration_ms: duration, counts, block_types: blockTypes, errors: [] }],
    totals: counts,
  };
}

/** The files an import's entries came from, as the report names its source. */
function importSourceName(entries: readonly RegistrationEntry[]): string {
  return [...new Set(entries.map((entry) => entry.file))].join(', ');
}
