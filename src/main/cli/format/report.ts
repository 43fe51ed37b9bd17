// The registration report as text for a terminal.
import { formatIssue } from '../../../shared/errors';
import { newVersionCount, reportedChange, type RegistrationCounts, type RegistrationReport, type SourceReport } from '../../../shared/report';

export function formatReport(report: RegistrationReport): string {
  const lines: string[] = [];
  for (const source of report.sources) lines.push(...formatSource(source));
  lines.push(`Total: ${formatCounts(report.totals, newVersionCount(report.sources.flatMap((source) => source.block_types)))} in ${formatMs(report.duration_ms)}.`);
  return lines.join('\n');
}

function formatSource(source: SourceReport): string[] {
  if (source.status === 'skipped' && source.skipped_because !== undefined) return [`${source.name}: skipped, not read: ${source.skipped_because}`];
  if (source.status === 'skipped') return [`${source.name}: unchanged since it last registered (content hash matches), skipped.`];
  const lines = [`${source.name}: ${source.status === 'failed' ? 'FAILED' : formatCounts(source.counts, newVersionCount(source.block_types))} (${formatMs(source.duration_ms)})`];
  for (const type of source.block_types) {
    const change = reportedChange(type);
    if (change === 'unchanged') continue;
    const changed = type.changed_fields.length > 0 ? ` (${type.changed_fields.join(', ')})` : '';
    const schemas = type.schemas_created > 0 ? `, ${type.schemas_created} schema${type.schemas_created === 1 ? '' : 's'} created` : '';
    lines.push(`  ${change.padEnd(9)} ${type.slug}${changed}${schemas}`);
  }
  for (const error of source.errors) lines.push(`  error     ${formatIssue(error)}`);
  return lines;
}

/** `newVersions` (types that only gained a schema) are among the unchanged: said apart. */
function formatCounts(counts: RegistrationCounts, newVersions: number): string {
  const versions = newVersions > 0 ? `${newVersions} new version${newVersions === 1 ? '' : 's'}, ` : '';
  const types = `${counts.created} created, ${counts.updated} updated, ${versions}${counts.unchanged - newVersions} unchanged`;
  const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
  return `block types ${types}${failed}; schemas ${counts.schemas_created} created, ${counts.schemas_existing} already registered`;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
