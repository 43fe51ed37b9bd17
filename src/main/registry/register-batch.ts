// Registers a batch of entries the way Prefect's auto-registration does
// (`prefect/server/models/block_registration.py::run_block_auto_registration`), with the
// savepoints and ordering that keep a bad entry from leaving anything half-registered.
import { appendJsonPath, errorMessage, NestedBlockError, type RegistryIssue } from '../../shared/errors';
import { linkedReferences, type BlockType } from '../../shared/blocks';
import type { RegistrationEntry } from '../../shared/formats';
import type { BlockTypeReport } from '../../shared/report';
import { utcNow } from '../db/clock';
import type { Session } from '../db/database';
import { statementsOf } from '../db/session';
import { UPSERT_ORIGIN, UPSERT_ORIGIN_KEEPING_COLLECTION } from '../db/statements';
import { withSavepoint } from '../db/savepoint';
import { createBlockSchema, schemaIdentity } from './block-schemas';
import { referenceEntries } from './nested-blocks';
import { readBlockTypesBySlugs } from './block-types';
import { blockSchemaCreate, installProtectedBlockType, registerBlockSchema, registerBlockType, type RegisteredBlockType } from './register';

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
export async function registerEntries(trx: Session, entries: RegistrationEntry[], mode: RegistrationMode, options: RegisterEntriesOptions): Promise<BatchResult> {
  // One query for the stored types instead of one per entry (protected types are upserted whole).
  const stored = mode === 'protected' ? new Map<string, BlockType>() : await readBlockTypesBySlugs(trx, [...new Set(entries.map((entry) => entry.blockType.slug))]);
  const batch = new BatchRegistration(trx, entries, mode, options.isolateEntries ?? true, stored);
  const completed = mode === 'catalogue' ? await batch.typesThenSchemas() : await batch.entryByEntry();
  if (!completed) return { reports: [], failures: batch.failures };
  await recordBlockTypeOrigins(trx, batch.origins(), options.source);
  return { reports: mergeBySlug(batch.reports()), failures: batch.failures };
}

/** One registration run over a batch: what each entry registered, and which entries failed. */
class BatchRegistration {
  readonly failures: EntryFailure[] = [];
  readonly #trx: Session;
  readonly #entries: RegistrationEntry[];
  readonly #mode: RegistrationMode;
  readonly #isolate: boolean;
  readonly #stored: Map<string, BlockType>;
  /** How often each slug comes: a slug that comes more than once is looked up each time, as its first registration changes it. */
  readonly #slugCounts = new Map<string, number>();
  readonly #typeIds: Array<string | undefined>;
  readonly #reports: Array<BlockTypeReport | undefined>;

  constructor(trx: Session, entries: RegistrationEntry[], mode: RegistrationMode, isolate: boolean, stored: Map<string, BlockType>) {
    this.#trx = trx;
    this.#entries = entries;
    this.#mode = mode;
    this.#isolate = isolate;
    this.#stored = stored;
    for (const entry of entries) this.#slugCounts.set(entry.blockType.slug, (this.#slugCounts.get(entry.blockType.slug) ?? 0) + 1);
    this.#typeIds = new Array(entries.length);
    this.#reports = new Array(entries.length);
  }

  /** Prefect's `_register_collection_blocks`: every type first, then every schema, children first. False when stopped by a failure. */
  async typesThenSchemas(): Promise<boolean> {
    const types = new Map<number, RegisteredBlockType>();
    for (const [index, entry] of this.#entries.entries()) {
      const type = await this.#attempt(index, () => this.#registerType(entry));
      if (type === failed) {
        if (!this.#isolate) return false;
        continue;
      }
      types.set(index, type);
      this.#typeIds[index] = type.id;
    }
    for (const index of childrenFirst(this.#entries)) {
      const type = types.get(index);
      if (type === undefined) continue;
      const report = await this.#attempt(index, () => this.#registerSchema(this.#entries[index] as RegistrationEntry, type));
      if (report === failed) {
        if (!this.#isolate) return false;
        continue;
      }
      this.#reports[index] = report;
    }
    return true;
  }

  /** Prefect's `_register_registry_blocks` and `_install_protected_system_blocks`: each type, then its schema. */
  async entryByEntry(): Promise<boolean> {
    for (const [index, entry] of this.#entries.entries()) {
      const report = await this.#attempt(index, async () => {
        const type = await this.#registerType(entry);
        this.#typeIds[index] = type.id;
        return this.#registerSchema(entry, type);
      });
      if (report === failed) {
        if (!this.#isolate) return false;
        continue;
      }
      this.#reports[index] = report;
    }
    return true;
  }

  reports(): BlockTypeReport[] {
    return this.#reports.filter((report) => report !== undefined);
  }

  /** Where each registered type came from (its entry's collection), for the types that registered. */
  origins(): Map<string, string | null> {
    const failedIndexes = new Set(this.failures.map((failure) => failure.index));
    const origins = new Map<string, string | null>();
    this.#entries.forEach((entry, index) => {
      const typeId = this.#typeIds[index];
      if (typeId !== undefined && !failedIndexes.has(index)) origins.set(typeId, entry.collection);
    });
    return origins;
  }

  /** Runs one entry's step, in a savepoint of its own when isolating; a failure is recorded. */
  async #attempt<T>(index: number, work: () => Promise<T>): Promise<T | typeof failed> {
    try {
      return await (this.#isolate ? withSavepoint(this.#trx, work) : work());
    } catch (error) {
      const entry = this.#entries[index] as RegistrationEntry;
      // A nested block's failure points at its reference, not just at the entry.
      const path = error instanceof NestedBlockError ? appendJsonPath(entry.schemaPath ?? entry.path, 'fields', 'block_schema_references', error.property) : entry.path;
      this.failures.push({ index, issue: { file: entry.file, path, message: errorMessage(error) } });
      return failed;
    }
  }

  #registerType(entry: RegistrationEntry): Promise<RegisteredBlockType> {
    if (this.#mode === 'protected') return installProtectedBlockType(this.#trx, entry.blockType);
    const known = this.#slugCounts.get(entry.blockType.slug) === 1 ? (this.#stored.get(entry.blockType.slug) ?? null) : undefined;
    return registerBlockType(this.#trx, entry.blockType, known);
  }

  async #registerSchema(entry: RegistrationEntry, type: RegisteredBlockType): Promise<BlockTypeReport> {
    const report: BlockTypeReport = { slug: entry.blockType.slug, name: entry.blockType.name, outcome: type.outcome, changed_fields: type.changedFields, schemas_created: 0, schemas_existing: 0 };
    if (entry.blockSchema === null) return report;
    const schema =
      this.#mode === 'protected'
        ? await createBlockSchema(this.#trx, blockSchemaCreate(type.id, entry.blockSchema), { override: true }).then((created) => ({
            created: created.schemasCreated > 0,
            schemasCreated: created.schemasCreated,
          }))
        : await registerBlockSchema(this.#trx, type.id, entry.blockSchema);
    report.schemas_created = schema.schemasCreated;
    report.schemas_existing = schema.created ? 0 : 1;
    return report;
  }
}

/** What a failed step returns: its failure is in `failures`. */
const failed = Symbol('failed');

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
 * being created from the parent's definitions as a `non-versioned` copy (README). A type's
 * versions also keep the order the batch lists them in: the last listed is the newest, even
 * when an earlier type nests an older one (an export of types that nest each other in a cycle
 * reads back with the same newest schema).
 */
function childrenFirst(entries: RegistrationEntry[]): number[] {
  const byChecksum = new Map<string, number>();
  /** For each entry with a schema, the entry listing the previous version of the same type. */
  const previousVersion = new Map<number, number>();
  const lastOfType = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (entry.blockSchema === null) return;
    const checksum = schemaIdentity(entry.blockSchema);
    if (!byChecksum.has(checksum)) byChecksum.set(checksum, index);
    const previous = lastOfType.get(entry.blockType.slug);
    if (previous !== undefined) previousVersion.set(index, previous);
    lastOfType.set(entry.blockType.slug, index);
  });
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (index: number): void => {
    if (state.has(index)) return; // done, or a cycle: leave the rest in file order
    state.set(index, 'visiting');
    const previous = previousVersion.get(index);
    if (previous !== undefined) visit(previous);
    const schema = entries[index]?.blockSchema;
    if (schema) {
      for (const [, reference] of referenceEntries(linkedReferences(schema))) {
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
async function recordBlockTypeOrigins(trx: Session, origins: Map<string, string | null>, source: string): Promise<void> {
  const updated = utcNow();
  const statements = statementsOf(trx);
  for (const [blockTypeId, collection] of origins) {
    if (collection === null) statements.run(UPSERT_ORIGIN_KEEPING_COLLECTION, [blockTypeId, UNKNOWN_COLLECTION, source, updated]);
    else statements.run(UPSERT_ORIGIN, [blockTypeId, collection, source, updated]);
  }
}
