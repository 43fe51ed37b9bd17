// Registers a batch of entries the way Prefect's auto-registration does (spec §5.3), with the
// savepoints and ordering that keep a bad entry from leaving anything half-registered.
import { blockSchemaChecksum } from '../../shared/checksum';
import { RegistryError, type RegistryIssue } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import type { BlockTypeReport } from '../../shared/report';
import { utcNow } from '../db/clock';
import type { RegistryDb } from '../db/database';
import { withSavepoint } from '../db/savepoint';
import { createBlockSchema, referenceEntries } from './block-schemas';
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

  const registerType = async (entry: RegistrationEntry): Promise<RegisteredBlockType> => {
    const type = mode === 'protected' ? await installProtectedBlockType(trx, entry.blockType) : await registerBlockType(trx, entry.blockType);
    await recordBlockTypeOrigin(trx, type.id, entry.collection ?? UNKNOWN_COLLECTION, options.source);
    return type;
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
        types.set(index, await step(() => registerType(entry)));
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
        reports[index] = await step(async () => registerSchema(entry, await registerType(entry)));
      } catch (error) {
        fail(index, error);
        if (!isolate) return { reports: [], failures };
      }
    }
  }
  return { reports: reports.filter((report) => report !== undefined), failures };
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

async function recordBlockTypeOrigin(trx: RegistryDb, blockTypeId: string, collection: string, source: string): Promise<void> {
  const values = { collection, source, updated: utcNow() };
  await trx
    .insertInto('block_type_origin')
    .values({ block_type_id: blockTypeId, ...values })
    .onConflict((conflict) => conflict.column('block_type_id').doUpdateSet(values))
    .execute();
}

export function errorMessage(error: unknown): string {
  if (error instanceof RegistryError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
