// The documents commands' text output: a table of a server's documents with the outdated ones
// explained, one document's fields through its schema, and the plans and results of copy,
// compare and upgrade. Secret values are never here: the data given is masked already.
import {
  SECRET_MASK,
  type ComparedValue,
  type DocumentComparison,
  type ServerDocumentsComparison,
  type UpgradePreview,
  type CopiedDocument,
  type CopiedSchema,
  type CopyReport,
  type DocumentDetail,
  type DocumentListing,
  type DocumentReference,
  type DocumentSchemaRef,
  type DocumentSummary,
} from '../../../shared/documents';
import { getOwn, isJsonObject, parseJson, stringifyJson, type JsonValue } from '../../../shared/json';
import { countPropertyChanges, type SchemaDiffSummary } from '../../../shared/schema-diff';
import { schemaFields } from '../../../shared/schema-fields';
import { formatTable } from './table';

/** `non-versioned sha256:caf04945…`: enough of the checksum to tell schemas apart on a line. */
function schemaLabel(schema: DocumentSchemaRef): string {
  return `${schema.version} ${schema.checksum.slice(0, 'sha256:'.length + 12)}…`;
}

/** `2026-12-07T03:55:43.123Z` → `2026-12-07 03:55:43` (UTC, as the server stores it). */
function when(text: string | null): string {
  if (text === null) return '';
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(text);
  return match === null ? text : `${match[1]} ${match[2]}`;
}

function address(reference: { block_type_slug: string; name: string }): string {
  return `${reference.block_type_slug}/${reference.name}`;
}

function referencesText(summary: DocumentSummary): string {
  const out = summary.references.map((reference: DocumentReference) => `${reference.field} → ${address(reference)}`);
  const into = summary.referenced_by.map((reference) => `← ${address(reference)} (${reference.field})`);
  return [...out, ...into].join(', ');
}

/** One line per property change: `region added: string, default "eu-west-1"`. */
function changeLines(change: SchemaDiffSummary, indent = '    '): string[] {
  return [
    ...change.schema.map((line) => `${indent}${line}`),
    ...change.properties.map((property) => `${indent}${property.name} ${property.kind}${property.details.length === 0 ? '' : `: ${property.details.join(', ')}`}`),
  ];
}

export function formatDocumentListing(listing: DocumentListing): string {
  if (listing.documents.length === 0) return `No block documents on ${listing.api_url}${hiddenNote(listing)}.`;
  const rows = [
    ['TYPE/NAME', 'SCHEMA', 'NEWEST', 'UPDATED', 'REFERENCES'],
    ...listing.documents.map((summary) => [
      `${summary.block_type.slug}/${summary.name}`,
      schemaLabel(summary.schema),
      summary.newest_schema === null ? '?' : summary.outdated ? 'outdated' : 'yes',
      when(summary.updated),
      referencesText(summary),
    ]),
  ];
  const lines = [formatTable(rows)];
  const outdated = listing.documents.filter((summary) => summary.outdated);
  for (const summary of outdated) {
    const newest = summary.newest_schema as DocumentSchemaRef;
    lines.push(
      `${summary.block_type.slug}/${summary.name} is on an older schema; the newest ${summary.block_type.slug} schema is ${schemaLabel(newest)} (${countPropertyChanges(summary.change?.properties ?? [])}):`,
    );
    if (summary.change !== null) lines.push(...changeLines(summary.change));
  }
  const count = listing.documents.length;
  lines.push(`${count} document${count === 1 ? '' : 's'}${outdated.length > 0 ? `, ${outdated.length} outdated` : ''}${hiddenNote(listing)}.`);
  return lines.join('\n');
}

function hiddenNote(listing: DocumentListing): string {
  const hidden = listing.anonymous_hidden;
  return hidden === 0 ? '' : ` (${hidden} anonymous not shown: --anonymous lists them)`;
}

/** A value on one line: a string as it is (quoted), the rest as compact JSON; long ones cut. */
function valueText(value: JsonValue | undefined): string {
  if (value === undefined) return '(not set)';
  const text = typeof value === 'string' && value === SECRET_MASK ? SECRET_MASK : stringifyJson(value);
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

export function formatDocumentDetail(detail: DocumentDetail): string {
  const { summary } = detail;
  const data = parseJson(detail.data_json);
  const fields = parseJson(detail.fields_json);
  const newest = summary.newest_schema;
  const schemaLine = `${schemaLabel(summary.schema)}${newest === null ? '' : summary.outdated ? ` (outdated: the newest is ${schemaLabel(newest)})` : ' (the newest of its type)'}`;
  const head = formatTable([
    ['document', `${summary.block_type.slug}/${summary.name}${summary.is_anonymous ? ' (anonymous)' : ''}`],
    ['id', summary.id],
    ['type', `${summary.block_type.name} (${summary.block_type.slug})`],
    ['schema', schemaLine],
    ['created', when(summary.created)],
    ['updated', when(summary.updated)],
    ['references', summary.references.map((reference) => `${reference.field} → ${address(reference)}`).join(', ') || '(none)'],
    ['referenced by', summary.referenced_by.map((reference) => `${address(reference)} (${reference.field})`).join(', ') || '(none)'],
  ]);
  const references = new Map(summary.references.map((reference) => [reference.field, reference]));
  const rows = schemaFields(fields).map((field) => {
    const value = isJsonObject(data) ? getOwn(data, field.name) : undefined;
    const reference = references.get(field.name);
    const shown = reference === undefined ? valueText(value) : `→ ${address(reference)}`;
    const marks = [field.required ? 'required' : '', field.secret ? 'secret' : field.containsSecrets ? 'holds secrets' : ''].filter((mark) => mark !== '').join(', ');
    return [field.title ?? field.name, field.type, marks, value === undefined && reference === undefined && field.default !== null ? `(not set; default ${field.default})` : shown];
  });
  const lines = [head, '', 'Fields:', formatTable([['FIELD', 'TYPE', '', 'VALUE'], ...rows])];
  if (detail.secret_fields.length > 0) lines.push(`Secret values are shown as ${SECRET_MASK}: ${detail.secret_fields.join(', ')}.`);
  if (summary.outdated && summary.change !== null) lines.push('', `Change to the newest schema (${countPropertyChanges(summary.change.properties)}):`, ...changeLines(summary.change, '  '));
  return lines.join('\n');
}

/** How a schema reaches the target, as a plan says it and as a report does. */
const SUPPLY_WORDS: Record<CopiedSchema['action'], { planned: string; done: string }> = {
  present: { planned: 'already on the target', done: 'already on the target' },
  push: { planned: 'to push from this registry', done: 'pushed from this registry' },
  'pull-then-push': { planned: 'to pull from the source into this registry, then push', done: 'pulled from the source into this registry, then pushed' },
};

export function formatCopyReport(report: CopyReport): string {
  const lines = [`${report.dry_run ? 'Would copy' : 'Copied'} from ${report.from_url} to ${report.to_url}${report.dry_run ? ' (dry run: nothing written)' : ''}:`];
  lines.push('Schemas:');
  for (const schema of report.schemas) {
    const words = SUPPLY_WORDS[schema.action];
    lines.push(`  ${schema.block_type_slug}  ${schemaLabel({ id: '', checksum: schema.checksum, version: schema.version })}  ${report.dry_run ? words.planned : words.done}`);
  }
  lines.push('Documents (nested first):');
  const rows = report.documents.map((document) => {
    const why = document.requested ? '' : 'referenced';
    const changes = document.action === 'update' ? `changed: ${document.changed_fields.join(', ')}` : '';
    const secrets = document.secret_fields.length > 0 ? `secret: ${document.secret_fields.join(', ')}` : '';
    return [`  ${document.address}`, actionWord(document.action, report.dry_run), why, [changes, secrets].filter((part) => part !== '').join('; ')];
  });
  lines.push(formatTable(rows));
  const { counts } = report;
  const summary = report.dry_run
    ? `${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged; ${counts.schemas_pushed} schema push${counts.schemas_pushed === 1 ? '' : 'es'}.`
    : `${counts.create} created, ${counts.update} updated, ${counts.unchanged} unchanged; ${counts.schemas_pushed} schema push${counts.schemas_pushed === 1 ? '' : 'es'}.`;
  lines.push(counts.create + counts.update === 0 && report.refusal === null ? `Nothing to copy: the target already holds every document as it is here. ${summary}` : summary);
  if (report.refusal !== null) lines.push(report.refusal);
  return lines.join('\n');
}

function actionWord(action: CopiedDocument['action'], dryRun: boolean): string {
  if (action === 'unchanged') return 'unchanged';
  if (dryRun) return action === 'create' ? 'to create' : 'to update';
  return action === 'create' ? 'created' : 'updated';
}

const COMPARISON_WORDS: Record<ComparedValue['comparison'], string> = {
  same: 'same',
  different: 'different',
  only_left: 'only on the left',
  only_right: 'only on the right',
  secret_same: 'same (secret, compared by hash)',
  secret_different: 'different (secret, compared by hash)',
  secret_not_compared: 'secret, not compared (--include-secrets compares by hash)',
};

export function formatDocumentComparison(comparison: DocumentComparison): string {
  const lines = [`${comparison.address}: ${comparison.left.api_url} (left) and ${comparison.right?.api_url ?? 'the right server'} (right)`];
  if (comparison.right === null) {
    lines.push('Only on the left: the right server has no block document of that type and name.');
    return lines.join('\n');
  }
  lines.push(
    comparison.same_schema
      ? `schema: the same (${schemaLabel(comparison.left.schema)})`
      : `schema: different (left ${schemaLabel(comparison.left.schema)}, right ${schemaLabel(comparison.right.schema)})`,
  );
  const shown = (text: string | null): string => (text === null ? '—' : text.length > 60 ? `${text.slice(0, 59)}…` : text);
  lines.push(formatTable([['VALUE', 'LEFT', 'RIGHT', ''], ...comparison.values.map((value) => [value.path, shown(value.left), shown(value.right), COMPARISON_WORDS[value.comparison]])]));
  for (const reference of comparison.references) {
    lines.push(`reference ${reference.field}: ${reference.same ? `the same (${reference.left ?? ''})` : `left ${reference.left ?? 'none'}, right ${reference.right ?? 'none'}`}`);
  }
  const notCompared = comparison.values.filter((value) => value.comparison === 'secret_not_compared').length;
  lines.push(comparison.same ? `The same${notCompared > 0 ? `, apart from ${notCompared} secret value${notCompared === 1 ? '' : 's'} not compared` : ''}.` : 'Different.');
  return lines.join('\n');
}

export function formatServerDocumentsComparison(comparison: ServerDocumentsComparison): string {
  const lines = [`Block documents of ${comparison.left_url} (left) and ${comparison.right_url} (right):`];
  const list = (title: string, items: string[]): void => {
    if (items.length > 0) lines.push(`${title} (${items.length}):`, ...items.map((item) => `  ${item}`));
  };
  list('only on the left', comparison.only_left);
  list('only on the right', comparison.only_right);
  const differing = comparison.both.filter((both) => !both.same_schema || !both.same_values);
  list(
    'on both, different',
    differing.map((both) => `${both.address} (${[both.same_schema ? '' : 'schema', both.same_values ? '' : 'values'].filter((part) => part !== '').join(', ')})`),
  );
  lines.push(`${comparison.both.length - differing.length} the same on both (secret values not compared).`);
  return lines.join('\n');
}

export function formatUpgrade(preview: UpgradePreview, dryRun: boolean): string {
  if (preview.to === null) return `${preview.address} is on its type's newest schema (${schemaLabel(preview.from)}): nothing to do.`;
  const lines = [`${preview.address}: ${schemaLabel(preview.from)} → ${schemaLabel(preview.to)}${preview.change === null ? '' : ` (${countPropertyChanges(preview.change.properties)})`}`];
  if (preview.change !== null) lines.push(...changeLines(preview.change, '  '));
  for (const filled of preview.filled) lines.push(`  ${filled.field} gets its default ${filled.value}`);
  if (preview.blockers.length > 0) lines.push(`Cannot upgrade: ${preview.blockers.join('; ')}.`);
  else lines.push(dryRun ? 'Would upgrade (dry run: nothing written).' : 'Upgraded.');
  return lines.join('\n');
}
