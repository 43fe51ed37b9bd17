// What a registration run did, per source and per block type: shown by the command line and
// the desktop app's registration report.
import type { RegistryIssue } from './errors';

export type BlockTypeReportOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export interface BlockTypeReport {
  slug: string;
  name: string;
  outcome: BlockTypeReportOutcome;
  /** Metadata fields an update changed. */
  changed_fields: string[];
  /** Schema rows inserted for this type: its own schema if new, plus nested children it created. */
  schemas_created: number;
  /** 1 when its schema (same checksum and version) was already registered. */
  schemas_existing: number;
}

/** What a type's line in a report says: a type whose metadata stayed and which got a new schema is a new version. */
export type BlockTypeChange = Exclude<BlockTypeReportOutcome, 'unchanged'> | 'new-version' | 'unchanged';

/** `new-version` for an unchanged type with a schema created (counted apart, as `new_versions`); otherwise its outcome. */
export function reportedChange(type: BlockTypeReport): BlockTypeChange {
  return type.outcome === 'unchanged' && type.schemas_created > 0 ? 'new-version' : type.outcome;
}

/** Block types by what happened to them (created, updated, new_versions, unchanged and failed part them), and schemas. */
export interface RegistrationCounts {
  created: number;
  updated: number;
  /** Types whose metadata stayed and which gained a schema: not among the unchanged. */
  new_versions: number;
  unchanged: number;
  failed: number;
  schemas_created: number;
  schemas_existing: number;
}

export type SourceKind = 'system' | 'built-in' | 'catalogue' | 'folder' | 'import';

export interface SourceReport {
  name: string;
  kind: SourceKind;
  /** `skipped`: its content hash matched the one stored when it last registered cleanly. */
  status: 'registered' | 'skipped' | 'failed';
  /** Why it was skipped, when that is not an unchanged content hash (a `.py` file not allowed to run). */
  skipped_because?: string;
  content_hash: string | null;
  duration_ms: number;
  counts: RegistrationCounts;
  block_types: BlockTypeReport[];
  errors: RegistryIssue[];
}

export interface RegistrationReport {
  started_at: string;
  duration_ms: number;
  sources: SourceReport[];
  totals: RegistrationCounts;
}

export function emptyCounts(): RegistrationCounts {
  return { created: 0, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 0, schemas_existing: 0 };
}

export function countBlockTypes(reports: BlockTypeReport[]): RegistrationCounts {
  const counts = emptyCounts();
  for (const report of reports) {
    const change = reportedChange(report);
    counts[change === 'new-version' ? 'new_versions' : change] += 1;
    counts.schemas_created += report.schemas_created;
    counts.schemas_existing += report.schemas_existing;
  }
  return counts;
}

export function addCounts(total: RegistrationCounts, more: RegistrationCounts): RegistrationCounts {
  return {
    created: total.created + more.created,
    updated: total.updated + more.updated,
    new_versions: total.new_versions + more.new_versions,
    unchanged: total.unchanged + more.unchanged,
    failed: total.failed + more.failed,
    schemas_created: total.schemas_created + more.schemas_created,
    schemas_existing: total.schemas_existing + more.schemas_existing,
  };
}
