import type { BlockTypeSheet } from '../../operations/browse';
import { readBlockTypeSheet } from '../../operations/browse';
import { UsageError, type CliCommand } from '../command';
import { formatTable } from '../format/table';

export const showCommand: CliCommand = {
  usage: 'show SLUG [--json]',
  summary: "one block type: what it is, its newest schema's fields (as the window's table),\nand every schema version, newest first",
  options: ['db', 'json'],
  run: ({ args, options, io, withRegistry }) => {
    const [slug, ...extra] = args;
    if (slug === undefined) throw new UsageError('show needs the SLUG of a block type (block-registry types lists them; block-registry search finds one)');
    if (extra.length > 0) throw new UsageError(`show takes one SLUG (got ${args.join(' ')})`);
    return withRegistry({ create: false }, async (registry) => {
      const sheet = await readBlockTypeSheet(registry.db, slug);
      io.stdout(options.json ? JSON.stringify(sheet, null, 2) : formatBlockTypeSheet(sheet));
      return 0;
    });
  },
};

/** A description cell on one line: its first line, shortened (the JSON has it whole). */
function oneLine(text: string | null, width = 60): string {
  const first = (text ?? '').trim().split('\n')[0] ?? '';
  return first.length > width ? `${first.slice(0, width - 1)}…` : first;
}

function formatBlockTypeSheet({ entry, schemas, fields }: BlockTypeSheet): string {
  const type = entry.block_type;
  const newest = schemas[0];
  const about = formatTable(
    [
      ['Slug', type.slug],
      ['Class name', entry.schema_title ?? ''],
      ['Collection', entry.collection],
      ['Capabilities', entry.capabilities.join(', ')],
      ['Protected', type.is_protected ? 'yes (Prefect installs it; a server never takes it from a client)' : 'no'],
      ['Documentation', type.documentation_url ?? ''],
    ].filter(([, value]) => value !== ''),
  );
  const lines = [type.name, '', about];
  if (type.description !== null && type.description.trim() !== '') lines.push('', type.description.trim());
  if (newest === undefined) {
    lines.push('', 'No schema registered.');
    return lines.join('\n');
  }
  lines.push('', `Fields of the newest schema (${newest.version}, ${newest.checksum}):`);
  if (fields.length === 0) lines.push('  (no properties)');
  else {
    const header = ['PROPERTY', 'TYPE', 'REQUIRED', 'DEFAULT', 'SECRET', 'DESCRIPTION'];
    const rows = fields.map((field) => [
      field.name,
      field.type,
      field.required ? 'yes' : 'no',
      field.default ?? '—',
      field.secret ? 'yes' : field.containsSecrets ? 'contains secrets' : 'no',
      oneLine(field.description),
    ]);
    lines.push(indent(formatTable([header, ...rows])));
  }
  lines.push('', `Schema versions (${schemas.length}, newest first):`);
  lines.push(indent(formatTable(schemas.map((schema) => [schema.version, schema.checksum, schema.created, schema.capabilities.join(',')]))));
  return lines.join('\n');
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
