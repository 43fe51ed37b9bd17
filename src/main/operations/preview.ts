// An import preview: read every file, compare with the database, and register the whole batch
// in a transaction that is rolled back, so the errors shown are exactly the ones applying would
// meet. Nothing is written.
import { randomUUID } from 'node:crypto';
import { linkedReferences, UPDATABLE_BLOCK_TYPE_FIELDS, type BlockType } from '../../shared/blocks';
import { appendJsonPath, ROOT_PATH, type RegistryIssue } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import type { ImportPreview, PreviewBlockType, PreviewFile, PreviewReference, PreviewSchema, PreviewWarning } from '../../shared/import-preview';
import { isJsonObject, stringifyJson } from '../../shared/json';
import type { Database, Session } from '../db/database';
import type { BlockFileInput, ReadOptions } from '../block-files/block-file';
import { readBlockFiles, type BlockFilesResult } from '../block-files/read-block-files';
import { findBlockSchemaId, findNewestSchemaIdByChecksum, schemaIdentity, serverChecksum } from '../registry/block-schemas';
import { childDefinition, referenceEntries } from '../registry/nested-blocks';
import { readBlockTypesBySlugs } from '../registry/block-types';
import { registerEntries } from '../registry/register-batch';
import { runtimeInfo } from '../python/preferences';

export interface PreviewedImport {
  preview: ImportPreview;
  entries: RegistrationEntry[];
}

export interface PreviewOptions {
  /**
   * Register everything in a rolled-back transaction to find the errors registering would meet
   * (default). A caller that registers right away can skip it: registering meets them anyway,
   * all or nothing.
   */
  simulate?: boolean;
  /**
   * Look up each schema and nested reference in the database (default). A caller that only
   * needs the errors and warnings (the command line's import) skips it: no warning depends on it.
   */
  lookUpSchemas?: boolean;
}

/** The preview of files given as bytes (the window's drop); `read` says whether `.py` files may run. */
export async function previewImport(registry: Database, files: readonly BlockFileInput[], options: PreviewOptions = {}, read: ReadOptions = {}): Promise<PreviewedImport> {
  return previewFiles(registry, await readBlockFiles(files, read), options);
}

/** The preview of files already read (from bytes, or from disk by the command line). */
export async function previewFiles(registry: Database, read: BlockFilesResult, options: PreviewOptions = {}): Promise<PreviewedImport> {
  const { entries } = read;
  const errors: RegistryIssue[] = [...read.issues];
  await registry.refresh();
  const comparison = await compareWithDatabase(registry.db, entries, options.lookUpSchemas ?? true);
  // The valid entries are simulated even beside the errors of others: the preview then lists
  // every error registering would meet once those are fixed (e.g. a nested block left unresolved
  // by its bad entry), not only the first kind found.
  if ((options.simulate ?? true) && entries.length > 0) errors.push(...(await dryRun(registry, entries)));
  const blockTypes = comparison.blockTypes;
  const schemas = blockTypes.flatMap((type) => type.schemas);
  const count = <T>(items: T[], keep: (item: T) => boolean): number => items.filter(keep).length;
  return {
    entries,
    preview: {
      id: randomUUID(),
      files: read.files.map((file) => {
        const described: PreviewFile = { name: file.name, format: file.format, format_label: file.format_label, block_types: new Set(file.entries.map((entry) => entry.path)).size };
        if (file.python !== undefined) described.python = runtimeInfo(file.python);
        return described;
      }),
      block_types: blockTypes,
      warnings: comparison.warnings,
      errors,
      counts: {
        new: count(blockTypes, (type) => type.outcome === 'new'),
        update: count(blockTypes, (type) => type.outcome === 'update'),
        unchanged: count(blockTypes, (type) => type.outcome === 'unchanged'),
        schemas_new: count(schemas, (schema) => schema.outcome === 'new'),
        schemas_registered: count(schemas, (schema) => schema.outcome === 'registered'),
      },
    },
  };
}

interface Comparison {
  blockTypes: PreviewBlockType[];
  warnings: PreviewWarning[];
}

/** What would happen to each block type and schema of the batch, against what is stored. */
async function compareWithDatabase(db: Session, entries: RegistrationEntry[], lookUpSchemas: boolean): Promise<Comparison> {
  const batchSlugs = new Set(entries.map((entry) => entry.blockType.slug));
  const context: BatchContext = {
    db,
    stored: await readBlockTypesBySlugs(db, [...batchSlugs]),
    batchSlugs,
    batchChecksums: new Set(entries.flatMap((entry) => (entry.blockSchema === null ? [] : [schemaIdentity(entry.blockSchema)]))),
    schemasInBatch: new Set<string>(),
    warnings: [],
    lookUpSchemas,
  };
  // One group per block type (slug): a type that comes several times (versions, or several
  // files) is counted once, its schemas together, as applying will report it.
  const groups = new Map<string, { group: PreviewBlockType; last: RegistrationEntry }>();
  for (const entry of entries) {
    const group = groupFor(groups, entry, context);
    if (entry.blockSchema !== null) await describeSchema(group, entry, context);
  }
  return { blockTypes: [...groups.values()].map(({ group }) => group), warnings: context.warnings };
}

interface BatchContext {
  db: Session;
  stored: Map<string, BlockType>;
  batchSlugs: Set<string>;
  batchChecksums: Set<string>;
  /** `checksum NUL version` of the schemas seen so far in the batch. */
  schemasInBatch: Set<string>;
  warnings: PreviewWarning[];
  lookUpSchemas: boolean;
}

function groupFor(groups: Map<string, { group: PreviewBlockType; last: RegistrationEntry }>, entry: RegistrationEntry, context: BatchContext): PreviewBlockType {
  const slug = entry.blockType.slug;
  const stored = context.stored.get(slug);
  const known = groups.get(slug);
  if (known === undefined) {
    const group = describeType(entry, stored, context.warnings);
    groups.set(slug, { group, last: entry });
    return group;
  }
  if (known.last.file !== entry.file || !sameMetadata(known.last, entry)) {
    context.warnings.push({
      kind: 'duplicate-slug',
      file: entry.file,
      path: entry.path,
      message: `slug '${slug}' also appears at ${known.last.file}: ${known.last.path}; ${sameMetadata(known.last, entry) ? 'with the same metadata' : "the later one's metadata wins"}.`,
    });
  }
  // The later entry's metadata is what will be stored.
  Object.assign(known.group, outcomeAgainst(entry, stored));
  known.last = entry;
  return known.group;
}

async function describeSchema(group: PreviewBlockType, entry: RegistrationEntry, context: BatchContext): Promise<void> {
  const schema = entry.blockSchema;
  if (schema === null) return;
  const computed = serverChecksum(schema.fields).checksum;
  const checksum = schemaIdentity(schema);
  const recorded = schema.checksum;
  if (recorded !== null && recorded !== computed) context.warnings.push(checksumWarning(entry, recorded, computed, schema.keepChecksum === true));
  if (!context.lookUpSchemas) return;
  const key = `${checksum}\u0000${schema.version}`;
  const registered = context.schemasInBatch.has(key) || (await findBlockSchemaId(context.db, checksum, schema.version)) !== null;
  context.schemasInBatch.add(key);
  const described: PreviewSchema = { version: schema.version, checksum, recorded_checksum: recorded, capabilities: schema.capabilities, outcome: registered ? 'registered' : 'new' };
  // A new schema's fields, for the window's form preview (a registered one is on its own page).
  if (!registered) described.fields_json = stringifyJson(schema.fields);
  group.schemas.push(described);
  for (const [property, reference] of referenceEntries(linkedReferences(schema))) {
    group.references.push({ property, ...reference, resolution: await resolveReference(entry, property, reference, context) });
  }
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

function describeType(entry: RegistrationEntry, stored: BlockType | undefined, warnings: PreviewWarning[]): PreviewBlockType {
  const { blockType } = entry;
  const outcome = outcomeAgainst(entry, stored);
  if (stored?.is_protected) {
    const effect = outcome.changes.length > 0 ? `its ${outcome.changes.map((change) => change.field).join(', ')} would be updated` : 'nothing about it would change';
    warnings.push({
      kind: 'protected-slug',
      file: entry.file,
      path: appendJsonPath(entry.path, 'slug'),
      message: `slug '${blockType.slug}' belongs to the protected block type '${stored.name}'; ${effect}.`,
    });
  }
  if (stored !== undefined && stored.name !== blockType.name) {
    warnings.push({
      kind: 'name-differs',
      file: entry.file,
      path: appendJsonPath(entry.path, 'name'),
      message: `name '${blockType.name}' differs from the stored '${stored.name}' for slug '${blockType.slug}'; the stored name is kept.`,
    });
  }
  return { slug: blockType.slug, name: blockType.name, collection: entry.collection, file: entry.file, path: entry.path, ...outcome, schemas: [], references: [] };
}

/** new / update (with the fields that would change) / unchanged, against the stored type. */
function outcomeAgainst(entry: RegistrationEntry, stored: BlockType | undefined): Pick<PreviewBlockType, 'outcome' | 'changes'> {
  if (stored === undefined) return { outcome: 'new', changes: [] };
  const changes = UPDATABLE_BLOCK_TYPE_FIELDS.filter((field) => stored[field] !== entry.blockType[field]).map((field) => ({ field, before: stored[field], after: entry.blockType[field] }));
  return { outcome: changes.length > 0 ? 'update' : 'unchanged', changes };
}

function sameMetadata(a: RegistrationEntry, b: RegistrationEntry): boolean {
  return a.blockType.name === b.blockType.name && UPDATABLE_BLOCK_TYPE_FIELDS.every((field) => a.blockType[field] === b.blockType[field]);
}

async function resolveReference(
  entry: RegistrationEntry,
  property: string,
  reference: { block_type_slug: string; block_schema_checksum: string },
  context: BatchContext,
): Promise<PreviewReference['resolution']> {
  if ((await findNewestSchemaIdByChecksum(context.db, reference.block_schema_checksum)) !== null) return 'registered';
  if (context.batchChecksums.has(reference.block_schema_checksum)) return 'in-import';
  const typeKnown = context.batchSlugs.has(reference.block_type_slug) || (await readBlockTypesBySlugs(context.db, [reference.block_type_slug])).size > 0;
  const fields = entry.blockSchema?.fields ?? {};
  const definitions = isJsonObject(fields.definitions) ? fields.definitions : {};
  if (typeKnown && childDefinition(fields, property, reference.block_type_slug, definitions) !== null) return 'from-definitions';
  return 'unresolved';
}

/** Registers everything in a transaction that is always rolled back; returns every failure, each naming its entry. */
async function dryRun(registry: Database, entries: RegistrationEntry[]): Promise<RegistryIssue[]> {
  const failures = await registry.simulate(async (trx) => {
    const outcome = await registerEntries(trx, entries, 'catalogue', { isolateEntries: true, source: 'preview' });
    return outcome.failures.map((failure) => failure.issue);
  });
  return failures.map((issue) => {
    const entry = issue.entry === undefined ? entryAt(entries, issue) : undefined;
    return entry === undefined ? issue : { ...issue, entry: { index: listIndex(entry.path), slug: entry.blockType.slug, name: entry.blockType.name } };
  });
}

/** The entry an issue is in: the same file, at or under the entry's JSON path. */
function entryAt(entries: readonly RegistrationEntry[], issue: RegistryIssue): RegistrationEntry | undefined {
  const path = issue.path ?? '';
  return entries.find((entry) => entry.file === issue.file && (entry.path === ROOT_PATH || path === entry.path || path.startsWith(`${entry.path}.`) || path.startsWith(`${entry.path}[`)));
}

/** `[3]` for an entry of a list (`[3]` or `[3].block_type`); null elsewhere. */
function listIndex(path: string): number | null {
  const match = /^\[(\d+)\]/.exec(path);
  return match === null ? null : Number(match[1]);
}
