// Registers a batch of entries the way Prefect's auto-registration does (spec §5.3), with the
// savepoints and ordering that keep a bad entry from leaving anything half-registered.
import { blockSchemaChecksum } from '../../shared/checksum';
import { errorMessage, type RegistryIssue } from '../../shared/errors';
import type { BlockType } from '../../shared/blocks';
import type { RegistrationEntry } from '../../shared/formats';
import type { BlockTypeReport } from '../../shared/report';
import { utcNow } from '../db/clock';
import type { RegistryDb } from '../db/database';
import { withSavepoint } from '../db/savepoint';
import { createBlockSchema, referenceEntries } from './block-schemas';
import { readBlockTypesBySlugs } from './block-types';
import { installProtectedBlockType, registerBlockSchema, registerBlockType, type RegisteredBlockType } from './register';

/**
 * - `protected`: Prefect's `_install_protected_system_blocks` (type upserted in full, protected).
 * - `registry`: `_register_registry_blocks` (each type, then its schema).
 * - `catalogue`: `_register_collection_blocks` (all types first, then all schemas, children first).
 */
export type RegistrationMode = 'protected' | 'registry' | 'catalogue';

export interface EntryFailure {
  index: number;
  issue: RegistryIssue;
}

export interface BatchResult {
  reports: BlockTypeReport[];
  failures: EntryFailure[];
}

export interface RegisterEntriesOptions {
  /**
   * true (default): each entry in a savepoint of its own, so that a failed entry is undone and
   * the others go on. false: faster, and the first failure ends the batch, for callers that
   * throw the whole transaction away on any failure.
   */
  isolateEntries?: boolean;
  /** Recorded as each type's origin (with the entry's collection). */
  source: string;
}

/** Registers every entry; an entry that fails is undone (its own savepoint) and listed in `failures`. */
export async function registerEntries(
  trx: RegistryDb,
  entries: RegistrationEntry[],
  mode: RegistrationMode,
  options: RegisterEntriesOptions,
): Promise<BatchResult> {
  const isolate = options.isolateEntries ?? true;
  const step = <T>(work: () => Promise<T>): Promise<T> => (isolate ? withSavepoint(trx, work) : work());
  const reports: Array<BlockTypeReport | undefined> = new Array(entries.length);
  const failures: EntryFailure[] = [];
  const fail = (index: number, error: unknown): void => {
    const entry = entries[index] as RegistrationEntry;
    failures.push({ index, issue: { file: entry.file, path: entry.path, message: errorMessage(error) } });
  };

  // Origins are written together at the end, for the types that registered.
  const origins = new Map<string, string | null>();
  const typeIds: Array<string | undefined> = new Array(entries.length);
  // One query for the stored types instead of one per entry; a slug that comes more than once
  // is looked up each time, as its first registration changes it.
  const slugCounts = new Map<string, number>();
  for (const entry of entries) slugCounts.set(entry.blockType.slug, (slugCounts.get(entry.blockType.slug) ?? 0) + 1);
  const stored = mode === 'protected' ? new Map<string, BlockType>() : await readBlockTypesBySlugs(trx, [...slugCounts.keys()]);
  const registerType = async (entry: RegistrationEntry): Promise<RegisteredBlockType> => {
    if (mode === 'protected') return installProtectedBlockType(trx, entry.blockType);
    const known = slugCounts.get(entry.blockType.slug) === 1 ? (stored.get(entry.blockType.slug) ?? null) : undefined;
    return registerBlockType(trx, entry.blockType, known);
  };

  const registerSchema = async (entry: RegistrationEntry, type: RegisteredBlockType): Promise<BlockTypeReport> => {
    const report: BlockTypeReport = {
      slug: entry.blockType.slug,
      name: entry.blockType.name,
      outcome: type.outcome,
      changed_fields: type.changedFields,
      schemas_created: 0,
      schemas_existing: 0,
    };
    if (entry.blockSchema === null) return report;
    const schema =
      mode === 'protected'
        ? await createBlockSchema(
            trx,
            { fields: entry.blockSchema.fields, block_type_id: type.id, capabilities: entry.blockSchema.capabilities, version: entry.blockSchema.version },
            { override: true },
          ).then((created) => ({ created: created.schemasCreated > 0, schemasCreated: created.schemasCreated }))
        : await registerBlockSchema(trx, type.id, entry.blockSchema);
    report.schemas_created = schema.schemasCreated;
    report.schemas_existing = schema.created ? 0 : 1;
    return report;
  };

  if (mode === 'catalogue') {
    const types = new Map<number, RegisteredBlockType>();
    for (const [index, entry] of entries.entries()) {
      try {
        const type = await step(() => registerType(entry));
        types.set(index, type);
        typeIds[index] = type.id;
      } catch (error) {
        fail(index, error);
        if (!isolate) return { reports: [], failures };
      }
    }
    for (const index of childrenFirst(entries)) {
      const type = types.get(index);
      if (type === undefined) continue;
      try {
        reports[index] = await step(() => registerSchema(entries[index] as RegistrationEntry, type));
      } catch (error) {
        fail(index, error);
        if (!isolate) return { reports: [], failures };
      }
    }
  } else {
    for (const [index, entry] of entries.entries()) {
      try {
        reports[index] = await step(async () => {
          const type = await registerType(entry);
          typeIds[index] = type.id;
          return registerSchema(entry, type);
        });
      } catch (error) {
        fail(index, error);
        if (!isolate) return { reports: [], failures };
      }
    }
  }
  const failed = new Set(failures.map((failure) => failure.index));
  entries.forEach((entry, index) => {
    const typeId = typeIds[index];
    if (typeId !== undefined && !failed.has(index)) origins.set(typeId, entry.collection);
  });
  await recordBlockTypeOrigins(trx, origins, options.source);
  return { reports: mergeBySlug(reports.filter((report) => report !== undefined)), failures };
}

const OUTCOME_WEIGHT: Record<BlockTypeReport['outcome'], number> = { unchanged: 0, updated: 1, created: 2, failed: 3 };

/**
 * One report per block type: a type that comes more than once in a batch (several versions of
 * its schema, or several files) is one type created or updated, with all its schemas counted.
 */
export function mergeBySlug(reports: BlockTypeReport[]): BlockTypeReport[] {
  const merged = new Map<string, BlockTypeReport>();
  for (const report of reports) {
    const seen = merged.get(report.slug);
    if (seen === undefined) {
      merged.set(report.slug, { ...report, changed_fields: [...report.changed_fields] });
      continue;
    }
    if (OUTCOME_WEIGHT[report.outcome] > OUTCOME_WEIGHT[seen.outcome]) seen.outcome = report.outcome;
    seen.changed_fields = [...new Set([...seen.changed_fields, ...report.changed_fields])];
    seen.schemas_created += report.schemas_created;
    seen.schemas_existing += report.schemas_existing;
  }
  return [...merged.values()];
}

/**
 * Entry indexes ordered so that a schema another entry of the batch references (by checksum)
 * is registered before it: the child is then stored once, under its own version, instead of
 * being created from the parent's definitions as a `non-versioned` copy (README).
 */
export function childrenFirst(entries: RegistrationEntry[]): number[] {
  const byChecksum = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (entry.blockSchema === null) return;
    const checksum = blockSchemaChecksum(entry.blockSchema.fields);
    if (!byChecksum.has(checksum)) byChecksum.set(checksum, index);
  });
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (index: number): void => {
    if (state.has(index)) return; // done, or a cycle: leave the rest in file order
    state.set(index, 'visiting');
    const schema = entries[index]?.blockSchema;
    if (schema) {
      for (const [, reference] of referenceEntries(schema.fields.block_schema_references ?? {})) {
        const child = byChecksum.get(reference.block_schema_checksum);
        if (child !== undefined) visit(child);
      }
    }
    state.set(index, 'done');
    order.push(index);
  };
  entries.forEach((_, index) => visit(index));
  return order;
}

export const UNKNOWN_COLLECTION = 'imported';

/**
 * Records where each type came from. An entry that names no collection (a plain block type
 * file) keeps the collection the type already has: re-importing AWS Credentials from such a
 * file leaves it in prefect-aws.
 */
async function recordBlockTypeOrigins(trx: RegistryDb, origins: Map<string, string | null>, source: string): Promise<void> {
  const updated = utcNow();
  const rows = [...origins].map(([blockTypeId, collection]) => ({ block_type_id: blockTypeId, collection: collection ?? UNKNOWN_COLLECTION, known: collection !== null }));
  for (const known of [true, false]) {
    const values = rows.filter((row) => row.known === known).map(({ block_type_id, collection }) => ({ block_type_id, collection, source, updated }));
    // Several rows per statement, within SQLite's limit on bound parameters.
    for (let start = 0; start < values.length; start += 500) {
      await trx
        .insertInto('block_type_origin')
        .values(values.slice(start, start + 500))
        .onConflict((conflict) =>
          conflict.column('block_type_id').doUpdateSet((eb) => ({
            ...(known ? { collection: eb.ref('excluded.collection') } : {}),
            source: eb.ref('excluded.source'),
            updated: eb.ref('excluded.updated'),
          })),
        )
        .execute();
    }
  }
}
