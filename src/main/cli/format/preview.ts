// An import preview as text for a terminal (`block-registry import --dry-run`).
import { formatIssue } from '../../../shared/errors';
import type { ImportPreview } from '../../../shared/import-preview';

export function formatPreview(preview: ImportPreview): string {
  const lines: string[] = [];
  for (const file of preview.files) lines.push(`${file.name}: ${file.format_label ?? 'not readable'}${file.format_label === null ? '' : `, ${file.block_types} block type${file.block_types === 1 ? '' : 's'}`}`);
  for (const type of preview.block_types) {
    lines.push(`  ${type.outcome.padEnd(9)} ${type.slug}${type.collection === null ? '' : ` (${type.collection})`}`);
    for (const change of type.changes) lines.push(`              ${change.field}: ${show(change.before)} -> ${show(change.after)}`);
    for (const schema of type.schemas) lines.push(`              schema ${schema.version} ${schema.checksum.slice(0, 19)}… ${schema.outcome === 'new' ? 'new' : 'already registered'}`);
    for (const reference of type.references) lines.push(`              ${reference.property} -> ${reference.block_type_slug}: ${reference.resolution}`);
  }
  for (const warning of preview.warnings) lines.push(`  warning   ${formatIssue(warning)}`);
  for (const error of preview.errors) lines.push(`  error     ${formatIssue(error)}`);
  const { counts } = preview;
  lines.push(
    `Would register: block types ${counts.new} new, ${counts.update} updated, ${counts.unchanged} unchanged; schemas ${counts.schemas_new} new, ${counts.schemas_registered} already registered.` +
      (preview.errors.length > 0 ? ` ${preview.errors.length} error${preview.errors.length === 1 ? '' : 's'}: nothing can be registered.` : ''),
  );
  return lines.join('\n');
}

function show(value: string | null): string {
  if (value === null) return 'null';
  const oneLine = value.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine);
}
