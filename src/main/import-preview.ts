// Computes an import preview: parse every file, compare with the database, and register the
// whole batch in a transaction that is rolled back, so the errors shown are exactly the ones
// applying would meet. Nothing is written.
import { randomUUID } from 'node:crypto';
import { UPDATABLE_BLOCK_TYPE_FIELDS, type BlockType } from '../shared/blocks';
import { appendJsonPath, RegistryError, type RegistryIssue } from '../shared/errors';
import { decodeBlockFile, FORMAT_LABELS, parseBlockDefinitions, type RegistrationEntry } from '../shared/formats';
import type { ImportPreview, PreviewBlockType, PreviewFile, PreviewReference, PreviewWarning } from '../shared/import-preview';
import { isJsonObject } from '../shared/json';
import type { RegistryDatabase, RegistryDb } from './db/database';
import { childDefinition, findBlockSchemaId, findNewestSchemaIdByChecksum, referenceEntries, serverChecksum } from './registry/block-schemas';
import { readBlockTypesBySlugs } from './registry/block-types';
import { registerEntries } from './registry/register-batch';

export interface ImportFileInput {
  name: string;
  bytes: Uint8Array;
}

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
}

export async function previewImport(registry: RegistryDatabase, files: ImportFileInput[], options: PreviewOptions = {}): Promise<PreviewedImport> {
  const errors: RegistryIssue[] = [];
  const previewFiles: PreviewFile[] = [];
  const entries: RegistrationEntry[] = [];
  for (const file of files) {
    try {
      const parsed = parseBlockDefinitions(file.name, decodeBlockFile(file.name, file.bytes));
      entries.push(...parsed.entries);
      previewFiles.push({ name: file.name, format: parsed.format, format_label: FORMAT_LABELS[parsed.format], block_types: new Set(parsed.entries.map((entry) => entry.path)).size });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      errors.push(...(error.issues.length > 0 ? error.issues : [{ file: file.name, message: error.message }]));
      previewFiles.push({ name: file.name, format: null, format_label: null, block_types: 0 });
    }
  }
  await registry.refresh();
  const db = registry.db;
  const existing = await readBlockTypesBySlugs(db, [...new Set(entries.map((entry) => entry.blockType.slug))]);
  const checksums = new Set(entries.flatMap((entry) => (entry.blockSchema === null ? [] : [serverChecksum(entry.blockSchema.fields).checksum])));
  const batchSlugs = new Set(entries.map((entry) => entry.blockType.slug));

  // One group per block type (slug): a type that comes several times (versions, or several
  // files) is counted once, its schemas together, as applying will report it.
  const groups = new Map<string, { group: PreviewBlockType; last: RegistrationEntry }>();
  const schemasInBatch = new Set<string>();
  const warnings: PreviewWarning[] = [];
  for (const entry of entries) {
    const slug = entry.blockType.slug;
    const stored = existing.get(slug);
    const known = groups.get(slug);
    let group: PreviewBlockType;
    if (known === undefined) {
      group = describeType(entry, stored, warnings);
      groups.set(slug, { group, last: entry });
    } else {
      group = known.group;
      if (known.last.file !== entry.file || !sameMetadata(known.last, entry)) {
        warnings.push({
          kind: 'duplicate-slug',
          file: entry.file,
          path: entry.path,
          message: `slug '${slug}' also appears at ${known.last.file}: ${known.last.path}; ${sameMetadata(known.last, entry) ? 'with the same metadata' : "the later one's metadata wins"}.`,
        });
      }
      // The later entry's metadata is what will be stored.
      Object.assign(group, outcomeAgainst(entry, stored));
      known.last = entry;
    }
    if (entry.blockSchema === null) continue;
    const { checksum } = serverChecksum(entry.blockSchema.fields);
    const recorded = entry.blockSchema.checksum;
    if (recorded !== null && recorded !== checksum) {
      warnings.push({
        kind: 'checksum-mismatch',
        file: entry.file,
        path: appendJsonPath(entry.schemaPath ?? entry.path, 'checksum'),
        message: `the recorded checksum ${recorded} does not match the fields (${checksum}): the file was edited by hand. The computed checksum will be stored.`,
      });
    }
    const key = `${checksum}\u0000${entry.blockSchema.version}`;
    const registered = schemasInBatch.has(key) || (await findBlockSchemaId(db, checksum, entry.blockSchema.version)) !== null;
    schemasInBatch.add(key);
    group.schemas.push({ version: entry.blockSchema.version, checksum, recorded_checksum: recorded, capabilities: entry.blockSchema.capabilities, outcome: registered ? 'registered' : 'new' });
    for (const [property, reference] of referenceEntries(entry.blockSchema.fields.block_schema_references ?? {})) {
      group.references.push({ property, ...reference, resolution: await resolveReference(db, entry, property, reference, checksums, batchSlugs) });
    }
  }

  if ((options.simulate ?? true) && errors.length === 0 && entries.length > 0) errors.push(...(await dryRun(registry, entries)));
  const blockTypes = [...groups.values()].map(({ group }) => group);
  const schemas = blockTypes.flatMap((type) => type.schemas);
  return {
    entries,
    preview: {
      id: randomUUID(),
      files: previewFiles,
      block_types: blockTypes,
      warnings,
      errors,
      counts: {
        new: blockTypes.filter((type) => type.outcome === 'new').length,
        update: blockTypes.filter((type) => type.outcome === 'update').length,
        unchanged: blockTypes.filter((type) => type.outcome === 'unchanged').length,
        schemas_new: schemas.filter((schema) => schema.outcome === 'new').length,
        schemas_registered: schemas.filter((schema) => schema.outcome === 'registered').length,
      },
    },
  };
}

function describeType(entry: RegistrationEntry, stored: BlockType | undefined, warnings: PreviewWarning[]): PreviewBlockType {
  const { blockType } = entry;
  const outcome = outcomeAgainst(entry, stored);
  if (stored?.is_protected) {
    const effect = outcome.changes.length > 0 ? `its ${outcome.changes.map((change) => change.field).join(', ')} would be updated` : 'nothing about it would change';
    warnings.push({ kind: 'protected-slug', file: entry.file, path: appendJsonPath(entry.path, 'slug'), message: `slug '${blockType.slug}' belongs to the protected block type '${stored.name}'; ${effect}.` });
  }
  if (stored !== undefined && stored.name !== blockType.name) {
    warnings.push({ kind: 'name-differs', file: entry.file, path: appendJsonPath(entry.path, 'name'), message: `name '${blockType.name}' differs from the stored '${stored.name}' for slug '${blockType.slug}'; the stored name is kept.` });
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
  db: RegistryDb,
  entry: RegistrationEntry,
  property: string,
  reference: { block_type_slug: string; block_schema_checksum: string },
  batchChecksums: Set<string>,
  batchSlugs: Set<string>,
): Promise<PreviewReference['resolution']> {
  if ((await findNewestSchemaIdByChecksum(db, reference.block_schema_checksum)) !== null) return 'registered';
  if (batchChecksums.has(reference.block_schema_checksum)) return 'in-import';
  const typeKnown = batchSlugs.has(reference.block_type_slug) || (await readBlockTypesBySlugs(db, [reference.block_type_slug])).size > 0;
  const fields = entry.blockSchema?.fields ?? {};
  const definitions = isJsonObject(fields.definitions) ? fields.definitions : {};
  if (typeKnown && childDefinition(fields, property, reference.block_type_slug, definitions) !== null) return 'from-definitions';
  return 'unresolved';
}

/** Registers everything in a transaction that is always rolled back; returns every failure. */
async function dryRun(registry: RegistryDatabase, entries: RegistrationEntry[]): Promise<RegistryIssue[]> {
  return registry.simulate(async (trx) => {
    const outcome = await registerEntries(trx, entries, 'catalogue', { isolateEntries: true, source: 'preview' });
    return outcome.failures.map((failure) => failure.issue);
  });
}
