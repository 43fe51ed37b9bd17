// An import preview as text for a terminal (`block-registry import --dry-run`), or as JSON for a
// script (`--json`).
import { formatIssue, nothingRegistered } from '../../../shared/errors';
import type { ImportPreview, SchemaVersionChange } from '../../../shared/import-preview';
import { parseJson, stringifyJson, type JsonValue } from '../../../shared/json';
import { countPropertyChanges } from '../../../shared/schema-diff';
import type { BlockFileResult } from '../../block-files/read-block-files';
import { describeInterpreter } from '../../python/interpreter';
import type { CliIo } from '../io';

/** Which Python read which files: shown so that a surprising result can be traced to its interpreter. */
export interface PythonRuntimeUse {
  interpreter: string;
  executable: string;
  python: string;
  prefect: string;
  files: string[];
}

export function pythonRuntimes(files: readonly BlockFileResult[]): PythonRuntimeUse[] {
  const uses = new Map<string, PythonRuntimeUse>();
  for (const file of files) {
    if (file.python === undefined) continue;
    const { interpreter, executable, pythonVersion, prefectVersion } = file.python;
    const key = `${executable}\u0000${prefectVersion}`;
    const use = uses.get(key) ?? { interpreter: describeInterpreter(interpreter), executable, python: pythonVersion, prefect: prefectVersion, files: [] };
    use.files.push(file.name);
    uses.set(key, use);
  }
  return [...uses.values()];
}

/** "Read with /…/python (from PATH): Python 3.11.7, Prefect 3.9.1 (my_blocks.py)". */
export function formatPythonRuntimes(uses: readonly PythonRuntimeUse[]): string {
  return uses.map((use) => `Read with ${use.interpreter}: Python ${use.python}, Prefect ${use.prefect} (${use.files.join(', ')})`).join('\n');
}

/**
 * The preview as JSON, with Python's runtimes when Python read a file. A new schema's fields are a
 * `fields` object, as `schemas --json` and `export` print them (numbers exactly as written), not
 * the window's `fields_json` text: a script reads them without parsing JSON twice.
 */
function previewJson(preview: ImportPreview, runtimes: readonly PythonRuntimeUse[] = []): string {
  const blockTypes = preview.block_types.map((type) => ({
    ...type,
    schemas: type.schemas.map(({ fields_json, ...schema }) => {
      return fields_json === undefined ? schema : { ...schema, fields: parseJson(fields_json) };
    }),
  }));
  const printed = { ...preview, block_types: blockTypes, ...(runtimes.length > 0 ? { python: runtimes } : {}) };
  // Plain strings, numbers and arrays with lossless fields: what stringifyJson writes as it is.
  return stringifyJson(printed as unknown as JsonValue, 2);
}

/**
 * A dry run's output (`import --dry-run`, `server pull --dry-run`): the preview, errors and all
 * (what the valid entries would do is worth seeing beside the bad ones), then the exit code: 1
 * when registering would meet errors.
 */
export function printDryRun(io: CliIo, preview: ImportPreview, json: boolean, runtimes: readonly PythonRuntimeUse[] = []): number {
  io.stdout(json ? previewJson(preview, runtimes) : formatPreview(preview, runtimes));
  if (preview.errors.length === 0) return 0;
  io.stderr(`block-registry: ${nothingRegistered(preview.errors).message}`);
  return 1;
}

function formatPreview(preview: ImportPreview, runtimes: readonly PythonRuntimeUse[] = []): string {
  const lines: string[] = [];
  if (runtimes.length > 0) lines.push(formatPythonRuntimes(runtimes));
  for (const file of preview.files) {
    const errors = preview.errors.filter((error) => error.file === file.name).length;
    const read = file.format_label === null ? 'not readable' : `${file.format_label}, ${file.block_types} block type${file.block_types === 1 ? '' : 's'}`;
    lines.push(`${file.name}: ${read}${errors > 0 && file.format_label !== null ? ` (and ${errors} error${errors === 1 ? '' : 's'})` : ''}`);
  }
  for (const type of preview.block_types) {
    lines.push(`  ${type.outcome.padEnd(9)} ${type.slug}${type.collection === null ? '' : ` (${type.collection})`}`);
    for (const change of type.changes) lines.push(`              ${change.field}: ${show(change.before)} -> ${show(change.after)}`);
    for (const schema of type.schemas) {
      lines.push(`              schema ${schema.version} ${schema.checksum.slice(0, 19)}… ${schema.outcome === 'new' ? 'new' : 'already registered'}`);
      if (schema.change !== undefined) lines.push(...formatVersionChange(schema.change));
    }
    for (const reference of type.references) lines.push(`              ${reference.property} -> ${reference.block_type_slug}: ${reference.resolution}`);
  }
  for (const warning of preview.warnings) lines.push(`  warning   ${formatIssue(warning)}`);
  for (const error of preview.errors) lines.push(`  error     ${formatIssue(error)}`);
  const breaking = preview.block_types.filter((type) => type.schemas.some((schema) => (schema.change?.breaking.length ?? 0) > 0));
  if (breaking.length > 0) lines.push(`Breaking changes in ${breaking.length} block type${breaking.length === 1 ? '' : 's'}: ${breaking.map((type) => type.slug).join(', ')}.`);
  const { counts } = preview;
  const newVersions = counts.new_version > 0 ? `${counts.new_version} with a new version, ` : '';
  lines.push(
    `Would register: block types ${counts.new} new, ${counts.update} updated, ${newVersions}${counts.unchanged} unchanged; schemas ${counts.schemas_new} new, ${counts.schemas_registered} already registered.` +
      (preview.errors.length > 0 ? ` ${preview.errors.length} error${preview.errors.length === 1 ? '' : 's'}: nothing can be registered.` : ''),
  );
  return lines.join('\n');
}

const CHANGE_MARK = { added: '+', removed: '-', changed: '~' } as const;

/** A new version's changes since the one before it, field by field, each breaking change flagged. */
function formatVersionChange(change: SchemaVersionChange): string[] {
  const indent = '                ';
  const { summary } = change;
  const lines = [`${indent}since ${change.previous_version} ${change.previous_checksum.slice(0, 19)}…: ${countPropertyChanges(summary.properties)}`];
  // The version's own change is the line above.
  for (const item of summary.schema.filter((item) => !item.startsWith('version '))) lines.push(`${indent}* ${item}`);
  for (const property of summary.properties) lines.push(`${indent}${CHANGE_MARK[property.kind]} ${property.name}: ${property.details.join(property.kind === 'changed' ? '; ' : ', ')}`);
  for (const breaking of change.breaking) lines.push(`${indent}BREAKING: ${breaking.message}`);
  return lines;
}

function show(value: string | null): string {
  if (value === null) return 'null';
  const oneLine = value.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine);
}
