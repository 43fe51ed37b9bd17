// The words of the import flow: preview counts, reference resolutions, report summaries.
import type { ExportOutcome } from '../../shared/contract';
import type { ImportPreview, PreviewBlockType, ReferenceResolution } from '../../shared/import-preview';
import { type RegistrationCounts, type RegistrationReport } from '../../shared/report';
import { plural } from './format';

/** "3 new, 1 updated, 36 unchanged block types; 4 new schemas, 36 already registered". */
export function previewSummary(counts: ImportPreview['counts']): string {
  const newVersions = counts.new_version > 0 ? `${counts.new_version.toLocaleString('en-US')} with a new version, ` : '';
  const total = counts.new + counts.update + counts.new_version + counts.unchanged;
  const types = `${counts.new.toLocaleString('en-US')} new, ${counts.update.toLocaleString('en-US')} updated, ${newVersions}${counts.unchanged.toLocaleString('en-US')} unchanged ${total === 1 ? 'block type' : 'block types'}`;
  const schemas = `${plural(counts.schemas_new, 'new schema', 'new schemas')}, ${counts.schemas_registered.toLocaleString('en-US')} already registered`;
  return `${types}; ${schemas}`;
}

export const OUTCOME_LABEL: Record<PreviewBlockType['outcome'], string> = { new: 'New', update: 'Update', 'new-version': 'New version', unchanged: 'Unchanged' };

export const RESOLUTION_LABEL: Record<ReferenceResolution, string> = {
  registered: 'registered',
  'in-import': 'in this import',
  'from-definitions': 'created from definitions',
  unresolved: 'unresolved',
};

/** "3 created, 1 updated, 2 new versions, 36 unchanged; 4 schemas created, 36 already registered." */
export function countsSummary(totals: RegistrationCounts): string {
  const newVersions = totals.new_versions;
  const failed = totals.failed > 0 ? `, ${totals.failed.toLocaleString('en-US')} failed` : '';
  const versions = newVersions > 0 ? `${plural(newVersions, 'new version', 'new versions')}, ` : '';
  return (
    `${totals.created.toLocaleString('en-US')} created, ${totals.updated.toLocaleString('en-US')} updated, ${versions}${totals.unchanged.toLocaleString('en-US')} unchanged${failed}; ` +
    `${plural(totals.schemas_created, 'schema', 'schemas')} created, ${totals.schemas_existing.toLocaleString('en-US')} already registered.`
  );
}

/** "Registered: 3 created, 1 updated, 36 unchanged; 4 schemas created, 36 already registered." */
export function reportSummary(report: RegistrationReport): string {
  return `Registered: ${countsSummary(report.totals)}`;
}

/** Whether registering the preview would change nothing at all. */
export function changesNothing(counts: ImportPreview['counts']): boolean {
  return counts.new === 0 && counts.update === 0 && counts.schemas_new === 0;
}

/** "Reading 2 of 5 files…" (or "Reading big.json…" for a single file). */
export function readingLabel(progress: { index: number; count: number; name: string }): string {
  return progress.count === 1 ? `Reading ${progress.name}…` : `Reading ${progress.index.toLocaleString('en-US')} of ${progress.count.toLocaleString('en-US')} files…`;
}

/**
 * "Exported 12 block types (13 schemas) to /path/file.json"; when types came along because a chosen
 * one nests them, they are named: "…, with the 2 block types it nests: AWS Credentials, MinIO Credentials".
 */
export function exportedLabel(outcome: ExportOutcome & { path: string }): string {
  const label = `Exported ${plural(outcome.block_types, 'block type', 'block types')} (${plural(outcome.block_schemas, 'schema', 'schemas')}) to ${outcome.path}`;
  const nested = outcome.nested_block_types;
  if (nested.length === 0) return label;
  const chosen = outcome.block_types - nested.length;
  return `${label}, with the ${plural(nested.length, 'block type', 'block types')} ${chosen === 1 ? 'it nests' : 'they nest'}: ${nested.map((type) => type.name).join(', ')}`;
}

/** 1536 → "1.5 KB"; for progress next to a bar. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
