// Registers a batch of entries the way Prefect's auto-registration does
// (`prefect/server/models/block_registration.py::run_block_auto_registration`), with the
// savepoints and ordering that keep a bad entry from leaving anything half-registered.
import { appendJsonPath, errorMessage, NestedBlockError, type RegistryIssue } from '../../shared/errors';
import { linkedReferences, type BlockType } from '../../shared/blocks';
import type { RegistrationEntry } from '../../shared/formats';
import type { ReferenceResolution } from '../../shared/import-preview';
import type { BlockTypeReport } from '../../shared/report';
import { utcNow } from '../db/clock';
import type { Session } from '../db/database';
import { statementsOf } from '../db/session';
import { UPSERT_ORIGIN, UPSERT_ORIGIN_KEEPING_COLLECTION } from '../db/statements';
import { withSavepoint } from '../db/savepoint';
import { createBlockSchema, schemaIdentity, serverChecksum, type NestedLink } from './block-schemas';
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
  /** What registration did with each entry, by the entry's index (a preview is made of these). */
  outcomes: EntryOutcome[];
}

/** What registration did with one entry. */
export interface EntryOutcome {
  /** The type step; absent when it failed or was not reached. */
  type?: RegisteredBlockType;
  /** The schema step; absent when the entry has no schema or the step was not reached. */
  schema?: SchemaOutcome;
}

export interface SchemaOutcome {
  /** The checksum it is stored under (for a failed step: would have been). */
  checksum: string;
  /** The checksum its fields give: differs from `checksum` only for a kept one (a server's read-back). */
  computedChecksum: string;
  /** False when a schema with the same checksum and version was already registered. */
  created: boolean;
  /** True when the step failed (its error is among the failures): nothing of it was kept. */
  failed: boolean;
  /** Each nested schema it links, in the order of its references, and how that was resolved. */
  links: LinkOutcome[];
}

export interface LinkOutcome {
  property: string;
  block_type_slug: string;
  block_schema_checksum: string;
  /**
   * `registered`: a row stored before this batch; `in-import`: another entry of the batch;
   * `from-definitions`: created from the parent's definitions in this batch; `unresolved`: the
   * step failed before (or at) this reference.
   */
  resolution: ReferenceResolution;
}

export interface RegisterEntriesOptions {
  /** Recorded as each type's origin (with the entry's collection). */
  source: string;
}

/**
 * Registers every entry, each step in a savepoint of its own: an entry that fails is undone and
 * listed in `failures`, and the others go on, so that one run finds every failure (measured: no
 * slower than stopping at the first, for 5,000 types). A caller that wants all or nothing rolls
 * the whole transaction back when there is any.
 */
export async function registerEntries(trx: Session, entries: RegistrationEntry[], mode: RegistrationMode, options: RegisterEntriesOptions): Promise<BatchResult> {
  // One query for the stored types instead of one per entry (protected types are upserted whole).
  const stored = mode === 'protected' ? new Map<string, BlockType>() : await readBlockTypesBySlugs(trx, [...new Set(entries.map((entry) => entry.blockType.slug))]);
  const batch = new BatchRegistration(trx, entries, mode, stored);
  if (mode === 'catalogue') await batch.typesThenSchemas();
  else await batch.entryByEntry();
  await recordBlockTypeOrigins(trx, batch.origins(), options.source);
  return { reports: mergeBySlug(batch.reports()), failures: batch.failures, outcomes: batch.outcomes };
}

/** One registration run over a batch: what each entry registered, and which entries failed. */
class BatchRegistration {
  readonly failures: EntryFailure[] = [];
  readonly #trx: Session;
  readonly #entries: RegistrationEntry[];
  readonly #mode: RegistrationMode;
  readonly #stored: Map<string, BlockType>;
  /** How often each slug comes: a slug that comes more than once is looked up each time, as its first registration changes it. */
  readonly #slugCounts = new Map<string, number>();
  readonly #typeIds: Array<string | undefined>;
  readonly #reports: Array<BlockTypeReport | undefined>;
  readonly outcomes: EntryOutcome[];
  /** The checksum each entry's schema is registered under (undefined: no schema). */
  readonly #identities: Array<string | undefined>;
  readonly #batchChecksums: Set<string>;
  /** The schema rows this batch created, nested children included. */
  readonly #createdIds = new Set<string>();

  constructor(trx: Session, entries: RegistrationEntry[], mode: RegistrationMode, stored: Map<string, BlockType>) {
    this.#trx = trx;
    this.#entries = entries;
    this.#mode = mode;
    this.#stored = stored;
    for (const entry of entries) this.#slugCounts.set(entry.blockType.slug, (this.#slugCounts.get(entry.blockType.slug) ?? 0) + 1);
    this.#typeIds = new Array(entries.length);
    this.#reports = new Array(entries.length);
    this.outcomes = entries.map(() => ({}));
    this.#identities = entries.map((entry) => (entry.blockSchema === null ? undefined : schemaIdentity(entry.blockSchema)));
    this.#batchChecksums = new Set(this.#identities.filter((checksum) => checksum !== undefined));
  }

  /** Prefect's `_register_collection_blocks`: every type first, then every schema, children first. */
  async typesThenSchemas(): Promise<void> {
    const types = new Map<number, RegisteredBlockType>();
    for (const [index, entry] of this.#entries.entries()) {
      const type = await this.#attempt(index, () => this.#registerType(entry));
      if (type === failed) continue;
      types.set(index, type);
      this.#typeIds[index] = type.id;
      (this.outcomes[index] as EntryOutcome).type = type;
    }
    for (const index of childrenFirst(this.#entries, this.#identities)) {
      const type = types.get(index);
      if (type === undefined) continue;
      const report = await this.#attempt(index, () => this.#registerSchema(index, type));
      if (report !== failed) this.#reports[index] = report;
    }
  }

  /** Prefect's `_register_registry_blocks` and `_install_protected_system_blocks`: each type, then its schema. */
  async entryByEntry(): Promise<void> {
    for (const [index, entry] of this.#entries.entries()) {
      const report = await this.#attempt(index, async () => {
        const type = await this.#registerType(entry);
        this.#typeIds[index] = type.id;
        (this.outcomes[index] as EntryOutcome).type = type;
        return this.#registerSchema(index, type);
      });
      if (report !== failed) this.#reports[index] = report;
    }
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

  /** Runs one entry's step in a savepoint of its own; a failure is recorded. */
  async #attempt<T>(index: number, work: () => Promise<T>): Promise<T | typeof failed> {
    try {
      return await withSavepoint(this.#trx, work);
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

  async #registerSchema(index: number, type: RegisteredBlockType): Promise<BlockTypeReport> {
    const entry = this.#entries[index] as RegistrationEntry;
    const report: BlockTypeReport = { slug: entry.blockType.slug, name: entry.blockType.name, outcome: type.outcome, changed_fields: type.changedFields, schemas_created: 0, schemas_existing: 0 };
    const input = entry.blockSchema;
    if (input === null) return report;
    const linked: NestedLink[] = [];
    const options = { override: this.#mode === 'protected', onLink: (link: NestedLink) => linked.push(link) };
    const outcome = this.outcomes[index] as EntryOutcome;
    let schema;
    try {
      schema = this.#mode === 'protected' ? await createBlockSchema(this.#trx, blockSchemaCreate(type.id, input), options) : await registerBlockSchema(this.#trx, type.id, input, options);
    } catch (error) {
      const checksum = this.#identities[index] as string;
      const computedChecksum = input.keepChecksum === true ? serverChecksum(input.fields).checksum : checksum;
      outcome.schema = { checksum, computedChecksum, created: true, failed: true, links: this.#links(input, linked, false) };
      throw error;
    }
    const created = schema.schemasCreated > 0;
    outcome.schema = { checksum: schema.checksum, computedChecksum: schema.computedChecksum, created, failed: false, links: this.#links(input, linked, !created) };
    for (const id of schema.createdIds) this.#createdIds.add(id);
    report.schemas_created = schema.schemasCreated;
    report.schemas_existing = created ? 0 : 1;
    return report;
  }

  /**
   * Each reference of the schema with how it was resolved: `resolved` in the order registration
   * met them (the references of a schema already stored were resolved when it was stored).
   */
  #links(input: NonNullable<RegistrationEntry['blockSchema']>, resolved: NestedLink[], stored: boolean): LinkOutcome[] {
    return referenceEntries(linkedReferences(input)).map(([property, reference], position) => {
      const link = resolved[position];
      let resolution: ReferenceResolution = 'unresolved';
      if (stored) resolution = 'registered';
      else if (link !== undefined) {
        if (link.createdFromDefinitions) resolution = 'from-definitions';
        else if (!this.#createdIds.has(link.childId)) resolution = 'registered';
        else resolution = this.#batchChecksums.has(reference.block_schema_checksum) ? 'in-import' : 'from-definitions';
      }
      return { property, ...reference, resolution };
    });
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
function childrenFirst(entries: RegistrationEntry[], identities: ReadonlyArray<string | undefined>): number[] {
  const byChecksum = new Map<string, number>();
  /** For each entry with a schema, the entry listing the previous version of the same type. */
  const previousVersion = new Map<number, number>();
  const lastOfType = new Map<string, number>();
  entries.forEach((entry, index) => {
    const checksum = identities[index];
    if (checksum === undefined) return;
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
