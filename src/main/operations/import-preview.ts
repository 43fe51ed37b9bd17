// An import's preview is what its registration did, said per block type: made from the outcome
// registration reports for each entry (registry/register-batch.ts), never predicted apart. The
// same run is a dry run (rolled back), set aside for the window's Register, or the import
// itself; the preview is the same in all three.
import { randomUUID } from 'node:crypto';
import { UPDATABLE_BLOCK_TYPE_FIELDS, type BlockSchema } from '../../shared/blocks';
import { appendJsonPath, type RegistryIssue } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import type { FieldChange, ImportPreview, PreviewBlockType, PreviewFile, PreviewSchema, PreviewWarning, SchemaVersionChange } from '../../shared/import-preview';
import { stringifyJson } from '../../shared/json';
import { breakingChanges } from '../../shared/schema-breaking';
import { summarizeSchemaDiff, type SchemaSide } from '../../shared/schema-diff';
import type { BlockFilesResult } from '../block-files/read-block-files';
import { runtimeInfo } from '../python/preferences';
import type { BatchResult, SchemaOutcome } from '../registry/register-batch';
import type { RegisteredBlockType } from '../registry/register';

export interface PreviewOptions {
  /** Give each new schema's fields (the window's form preview, a dry run's JSON). */
  withFields?: boolean;
  /** The newest schema of each type (by slug) before the import: a new version is compared with it. */
  newestBefore?: ReadonlyMap<string, BlockSchema>;
}

/** The preview of what registering `read`'s entries did (`batch`: null when there was nothing to register). */
export function previewOf(read: BlockFilesResult, batch: BatchResult | null, options: PreviewOptions = {}): ImportPreview {
  const { entries } = read;
  const outcomes = batch?.outcomes ?? [];
  const warnings: PreviewWarning[] = [];
  // One group per block type (slug): a type that comes several times (versions, or several
  // files) is one type, its schemas together, as the report counts it.
  const groups = new Map<string, TypeGroup>();
  entries.forEach((entry, index) => {
    const outcome = outcomes[index];
    if (outcome?.type === undefined) return;
    const group = groups.get(entry.blockType.slug);
    if (group === undefined) {
      groups.set(entry.blockType.slug, newGroup(entry, outcome.type, warnings, options.newestBefore?.get(entry.blockType.slug)));
    } else {
      addToGroup(group, entry, outcome.type, warnings);
    }
    const schema = entry.blockSchema;
    if (schema !== null && outcome.schema !== undefined) describeSchema(groups.get(entry.blockType.slug) as TypeGroup, entry, outcome.schema, options, warnings);
  });
  const blockTypes = [...groups.values()].map(finishGroup);
  const schemas = blockTypes.flatMap((type) => type.schemas);
  const count = <T>(items: T[], keep: (item: T) => boolean): number => items.filter(keep).length;
  return {
    id: randomUUID(),
    files: read.files.map((file) => {
      const described: PreviewFile = { name: file.name, format: file.format, format_label: file.format_label, block_types: new Set(file.entries.map((entry) => entry.path)).size };
      if (file.python !== undefined) described.python = runtimeInfo(file.python);
      return described;
    }),
    block_types: blockTypes,
    warnings,
    errors: [...read.issues, ...failuresOf(entries, batch)],
    counts: {
      new: count(blockTypes, (type) => type.outcome === 'new'),
      update: count(blockTypes, (type) => type.outcome === 'update'),
      new_version: count(blockTypes, (type) => type.outcome === 'new-version'),
      unchanged: count(blockTypes, (type) => type.outcome === 'unchanged'),
      schemas_new: count(schemas, (schema) => schema.outcome === 'new'),
      schemas_registered: count(schemas, (schema) => schema.outcome === 'registered'),
    },
  };
}

interface TypeGroup {
  type: PreviewBlockType;
  /** The last entry of the slug: a later one's metadata is what is stored. */
  last: RegistrationEntry;
  created: boolean;
  updated: boolean;
  /** Every change registration made to the type's metadata, in order. */
  changes: FieldChange[];
  /** The schema a new one of this type is compared with: the one before it in the import, or the newest stored. */
  previous: (SchemaSide & { checksum: string }) | null;
}

function newGroup(entry: RegistrationEntry, registered: RegisteredBlockType, warnings: PreviewWarning[], newestBefore: BlockSchema | undefined): TypeGroup {
  const { blockType } = entry;
  const before = registered.before;
  if (before?.is_protected === true) {
    const effect = registered.changes.length > 0 ? `its ${registered.changes.map((change) => change.field).join(', ')} would be updated` : 'nothing about it would change';
    warnings.push({
      kind: 'protected-slug',
      file: entry.file,
      path: appendJsonPath(entry.path, 'slug'),
      message: `slug '${blockType.slug}' belongs to the protected block type '${before.name}'; ${effect}.`,
    });
  }
  if (before !== null && before.name !== blockType.name) {
    warnings.push({
      kind: 'name-differs',
      file: entry.file,
      path: appendJsonPath(entry.path, 'name'),
      message: `name '${blockType.name}' differs from the stored '${before.name}' for slug '${blockType.slug}'; the stored name is kept.`,
    });
  }
  return {
    type: { slug: blockType.slug, name: blockType.name, collection: entry.collection, file: entry.file, path: entry.path, outcome: 'unchanged', changes: [], schemas: [], references: [] },
    last: entry,
    created: registered.outcome === 'created',
    updated: registered.outcome === 'updated',
    changes: [...registered.changes],
    previous: newestBefore === undefined ? null : { fields: newestBefore.fields, capabilities: newestBefore.capabilities, version: newestBefore.version, checksum: newestBefore.checksum },
  };
}

function addToGroup(group: TypeGroup, entry: RegistrationEntry, registered: RegisteredBlockType, warnings: PreviewWarning[]): void {
  const { last } = group;
  if (last.file !== entry.file || !sameMetadata(last, entry)) {
    warnings.push({
      kind: 'duplicate-slug',
      file: entry.file,
      path: entry.path,
      message: `slug '${entry.blockType.slug}' also appears at ${last.file}: ${last.path}; ${sameMetadata(last, entry) ? 'with the same metadata' : "the later one's metadata wins"}.`,
    });
  }
  group.last = entry;
  group.updated ||= registered.outcome === 'updated';
  group.changes.push(...registered.changes);
}

/**
 * new (created by the import), update (its metadata changed: field by field, from the value
 * stored before to the value stored after), new-version (only a new schema), unchanged.
 */
function finishGroup(group: TypeGroup): PreviewBlockType {
  const type = group.type;
  const changes = group.created ? [] : netChanges(group.changes);
  if (group.created) type.outcome = 'new';
  else if (changes.length > 0) type.outcome = 'update';
  else if (type.schemas.some((schema) => schema.outcome === 'new')) type.outcome = 'new-version';
  else type.outcome = 'unchanged';
  type.changes = changes;
  return type;
}

/** Each field's first value before and last value after, in the order fields are listed; a field changed back is no change. */
function netChanges(changes: readonly FieldChange[]): FieldChange[] {
  const byField = new Map<string, FieldChange>();
  for (const change of changes) {
    const seen = byField.get(change.field);
    byField.set(change.field, seen === undefined ? { ...change } : { ...seen, after: change.after });
  }
  const order: string[] = [...UPDATABLE_BLOCK_TYPE_FIELDS];
  return [...byField.values()].filter((change) => change.before !== change.after).sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

function describeSchema(group: TypeGroup, entry: RegistrationEntry, outcome: SchemaOutcome, options: PreviewOptions, warnings: PreviewWarning[]): void {
  const schema = entry.blockSchema;
  if (schema === null) return;
  const recorded = schema.checksum;
  if (recorded !== null && recorded !== outcome.computedChecksum) warnings.push(checksumWarning(entry, recorded, outcome.computedChecksum, schema.keepChecksum === true));
  const described: PreviewSchema = {
    version: schema.version,
    checksum: outcome.checksum,
    recorded_checksum: recorded,
    capabilities: schema.capabilities,
    outcome: outcome.created ? 'new' : 'registered',
  };
  // A new schema's fields, for the window's form preview (a registered one is on its own page).
  if (outcome.created && options.withFields === true) described.fields_json = stringifyJson(schema.fields);
  const side = { fields: schema.fields, capabilities: schema.capabilities, version: schema.version, checksum: outcome.checksum };
  if (outcome.created && group.previous !== null) described.change = versionChange(group.previous, side);
  group.previous = side;
  group.type.schemas.push(described);
  group.type.references.push(...outcome.links);
}

/** A new version beside the one before it: field by field, and what of it breaks saved documents. */
function versionChange(previous: SchemaSide & { checksum: string }, next: SchemaSide): SchemaVersionChange {
  return {
    previous_version: previous.version,
    previous_checksum: previous.checksum,
    summary: summarizeSchemaDiff(previous, next),
    breaking: breakingChanges(previous.fields, next.fields),
  };
}

/**
 * A recorded checksum the fields do not reproduce. Kept (a server's read-back that could not be
 * restored to what its client sent: the checksum is its identity there), or replaced by the
 * computed one (a file edited by hand); docs/decisions/checksum-identity.md.
 */
function checksumWarning(entry: RegistrationEntry, recorded: string, computed: string, kept: boolean): PreviewWarning {
  const path = appendJsonPath(entry.schemaPath ?? entry.path, 'checksum');
  if (kept) {
    return {
      kind: 'lossy-read-back',
      file: entry.file,
      path,
      message: `Prefect's read-back of this schema does not reproduce its checksum ${recorded} (its fields give ${computed}), and what its client sent could not be restored: it is kept under ${recorded}, its identity on the server; pushed to another server it would be stored as ${computed}.`,
    };
  }
  return {
    kind: 'checksum-mismatch',
    file: entry.file,
    path,
    message: `the recorded checksum ${recorded} does not match the fields (${computed}): the file was edited by hand. The computed checksum will be stored.`,
  };
}

function sameMetadata(a: RegistrationEntry, b: RegistrationEntry): boolean {
  return a.blockType.name === b.blockType.name && UPDATABLE_BLOCK_TYPE_FIELDS.every((field) => a.blockType[field] === b.blockType[field]);
}

/** Registration's failures, each naming the entry it is in (its index in a list, its slug and name). */
function failuresOf(entries: readonly RegistrationEntry[], batch: BatchResult | null): RegistryIssue[] {
  return (batch?.failures ?? []).map(({ index, issue }) => {
    const entry = entries[index];
    if (issue.entry !== undefined || entry === undefined) return issue;
    return { ...issue, entry: { index: listIndex(entry.path), slug: entry.blockType.slug, name: entry.blockType.name } };
  });
}

/** `[3]` for an entry of a list (`[3]` or `[3].block_type`); null elsewhere. */
function listIndex(path: string): number | null {
  const match = /^\[(\d+)\]/.exec(path);
  return match === null ? null : Number(match[1]);
}
