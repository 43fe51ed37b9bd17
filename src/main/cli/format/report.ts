// The registration report as text for a terminal.
import { formatIssue } from '../../../shared/errors';
import { reportedChange, type RegistrationCounts, type RegistrationReport, type SourceReport } from '../../../shared/report';

export function formatReport(report: RegistrationReport): string {
  const lines: string[] = [];
  for (const source of report.sources) lines.push(...formatSource(source));
  lines.push(`Total: ${formatCounts(report.totals)} in ${formatMs(report.duration_ms)}.`);
  return lines.join('\n');
}

function formatSource(source: SourceReport): string[] {
  if (source.status === 'skipped' && source.skipped_because !== undefined) return [`${source.name}: skipped, not read: ${source.skipped_because}`];
  if (source.status === 'skipped') return [`${source.name}: unchanged since it last registered (content hash matches), skipped.`];
  const lines = [`${source.name}: ${source.status === 'failed' ? 'FAILED' : formatCounts(source.counts)} (${formatMs(source.duration_ms)})`];
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

function formatCounts(counts: RegistrationCounts): string {
  const versions = counts.new_versions > 0 ? `${counts.new_versions} new version${counts.new_versions === 1 ? '' : 's'}, ` : '';
  const types = `${counts.created} created, ${counts.updated} updated, ${versions}${counts.unchanged} unchanged`;
  const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
  return `block types ${types}${failed}; schemas ${counts.schemas_created} created, ${counts.schemas_existing} already registered`;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
