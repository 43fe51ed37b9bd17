// The server commands' text output.
import type { ServerCheck } from '../../servers/check';
import type { BreakingOnServer, SchemaIdentity, ServerDiff } from '../../servers/diff';
import type { PushReport } from '../../servers/push';
import { formatTable } from './table';

const yesNo = (value: boolean | null): string => (value === null ? 'not checked' : value ? 'yes' : 'no');

export function formatServerCheck(check: ServerCheck): string {
  const rows = [
    ['Prefect API', `${check.api_url} (from ${check.api_url_from})`],
    ['reachable', yesNo(check.reachable)],
    ['server version', check.server_version ?? '?'],
    ['API version', check.api_version ?? '?'],
    ['credentials', check.credentials === null ? 'none' : `${check.credentials.setting} (from ${check.credentials.from})`],
    ['authenticated', yesNo(check.authenticated)],
  ];
  const problems = check.problems.map((problem) => `problem: ${problem}`);
  return [formatTable(rows), ...problems, check.ok ? 'OK' : 'NOT OK'].join('\n');
}

/** A value on one line, long text shortened (the JSON output has it whole). */
function shown(value: string | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}

const schemaLine = (schema: SchemaIdentity): string => `  ${schema.block_type_slug}  ${schema.version}  ${schema.checksum}`;

export function formatServerDiff(diff: ServerDiff): string {
  if (diff.same) return `No differences with ${diff.api_url}.`;
  const { block_types: types, block_schemas: schemas } = diff;
  const lines = [`Differences with ${diff.api_url} (here = this database):`];
  // The count is of the things listed (a differing type takes a line per field besides its own).
  const list = (title: string, items: string[], count = items.length): void => {
    if (items.length > 0) lines.push(`${title} (${count}):`, ...items);
  };
  list(
    'block types only here',
    types.only_local.map((slug) => `  ${slug}`),
  );
  list(
    'block types only on the server',
    types.only_server.map((slug) => `  ${slug}`),
  );
  list(
    'block types that differ',
    types.differing.flatMap(({ slug, fields }) => [`  ${slug}`, ...fields.map(({ field, local, server }) => `    ${field}: here ${shown(local)}, server ${shown(server)}`)]),
    types.differing.length,
  );
  list('block schemas only here', schemas.only_local.map(schemaLine));
  list('block schemas only on the server', schemas.only_server.map(schemaLine));
  list("breaking for documents saved under the server's newest schema, if pushed", breakingLines(diff.breaking), diff.breaking.length);
  return lines.join('\n');
}

/** Each type's newest schema here against the server's newest, then what it breaks, a line each. */
function breakingLines(breaking: readonly BreakingOnServer[]): string[] {
  return breaking.flatMap(({ slug, server, local, changes }) => [
    `  ${slug}: ${local.version} (${local.checksum.slice(0, 15)}) here, ${server.version} (${server.checksum.slice(0, 15)}) on the server`,
    ...changes.map((change) => `    ${change.message}`),
  ]);
}

export function formatPushReport(report: PushReport): string {
  const { counts } = report;
  const verb = report.dry_run ? 'Would push' : 'Pushed';
  const changed = counts.types_created + counts.types_updated + counts.schemas_created;
  if (changed === 0 && counts.failures === 0) {
    return `Nothing to push: ${report.api_url} already has every block type and schema pushed (${counts.types_unchanged} types, ${counts.schemas_present} schemas).${protectedNote(report)}`;
  }
  const slugs = (outcome: string): string[] => report.block_types.filter((type) => type.outcome === outcome).map((type) => type.slug);
  const lines = [
    `${verb} to ${report.api_url}${report.dry_run ? '' : ` in ${(report.duration_ms / 1000).toFixed(1)} s`}:`,
    `  block types: ${counts.types_created} created, ${counts.types_updated} updated, ${counts.types_unchanged} unchanged, ${counts.types_protected} protected (not touched)`,
    `  block schemas: ${counts.schemas_created} created, ${counts.schemas_present} already there`,
  ];
  if (slugs('created').length > 0) lines.push(`  created: ${slugs('created').join(', ')}`);
  const updated = report.block_types.filter((type) => type.outcome === 'updated');
  if (updated.length > 0) lines.push(`  updated: ${updated.map((type) => `${type.slug} (${type.changed_fields.join(', ')})`).join(', ')}`);
  if (counts.checksum_mismatches > 0) lines.push(`  checksum differences: ${counts.checksum_mismatches} (listed on stderr)`);
  if (counts.failures > 0) lines.push(`  not pushed: ${counts.failures} (listed on stderr; running it again retries them)`);
  if (report.breaking.length > 0) {
    const title = report.dry_run ? "Would break documents saved under the server's newest schema" : "Breaks documents saved under the server's previous newest schema";
    lines.push(`${title} (${report.breaking.length}):`, ...breakingLines(report.breaking));
  }
  return lines.join('\n') + protectedNote(report);
}

function protectedNote(report: PushReport): string {
  const slugs = report.block_types.filter((type) => type.outcome === 'protected').map((type) => type.slug);
  return slugs.length === 0 ? '' : `\nProtected types are never pushed (a server installs its own): ${slugs.join(', ')}.`;
}
