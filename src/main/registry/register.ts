// Prefect's two registration operations (`prefect/server/models/block_registration.py::
// register_block_schema` and `register_block_type`), reporting what each call did.
import { UPDATABLE_BLOCK_TYPE_FIELDS, type BlockSchemaInput, type BlockType, type BlockTypeInput } from '../../shared/blocks';
import type { Session } from '../db/database';
import type { FieldChange } from '../../shared/import-preview';
import { createBlockSchema, type BlockSchemaCreate, type CreateBlockSchemaOptions } from './block-schemas';
import { createBlockType, readBlockTypeBySlug, updateBlockType, type BlockTypeUpdate } from './block-types';

export type BlockTypeOutcome = 'created' | 'updated' | 'unchanged';

export interface RegisteredBlockType {
  id: string;
  outcome: BlockTypeOutcome;
  /** The updatable fields whose stored value changed. */
  changedFields: string[];
  /** Those fields, each with its value before and after. */
  changes: FieldChange[];
  /** The type with this slug as it was before (null: none): its name is kept, and whether it is protected. */
  before: Pick<BlockType, 'name' | 'is_protected'> | null;
}

/**
 * Creates the type (protected when the input says so: Prefect's catalogue reader creates a
 * catalogue entry's `is_protected`), or updates an existing slug's logo_url, documentation_url,
 * description and code_example (nulls included; never name, slug or is_protected, as Prefect's
 * `update_block_type`). Unlike Prefect, a type whose metadata already matches is not written again.
 */
export async function registerBlockType(db: Session, input: BlockTypeInput, stored?: BlockType | null): Promise<RegisteredBlockType> {
  // `stored`: the type with this slug as the caller already read it (null: none), saving a query.
  const existing = stored === undefined ? await readBlockTypeBySlug(db, input.slug) : stored;
  if (existing === null) {
    const created = await createBlockType(db, input);
    return { id: created.id, outcome: 'created', changedFields: [], changes: [], before: null };
  }
  const update: BlockTypeUpdate = {};
  const changes: FieldChange[] = [];
  for (const field of UPDATABLE_BLOCK_TYPE_FIELDS) {
    if (existing[field] === input[field]) continue;
    update[field] = input[field];
    changes.push({ field, before: existing[field], after: input[field] });
  }
  const changedFields = changes.map((change) => change.field);
  const before = { name: existing.name, is_protected: existing.is_protected };
  if (changedFields.length === 0) return { id: existing.id, outcome: 'unchanged', changedFields, changes, before };
  await updateBlockType(db, existing.id, update);
  return { id: existing.id, outcome: 'updated', changedFields, changes, before };
}

/** Upserts a protected system type: every column, including name and the protected flag (Prefect's override). */
export async function installProtectedBlockType(db: Session, input: BlockTypeInput): Promise<RegisteredBlockType> {
  const before = await readBlockTypeBySlug(db, input.slug);
  const after = await createBlockType(db, { ...input, is_protected: true }, { override: true });
  if (before === null) return { id: after.id, outcome: 'created', changedFields: [], changes: [], before: null };
  const changes = (['name', ...UPDATABLE_BLOCK_TYPE_FIELDS] as const)
    .filter((field) => before[field] !== after[field])
    .map((field): FieldChange => ({ field, before: before[field], after: after[field] }));
  if (before.is_protected !== after.is_protected) changes.push({ field: 'is_protected', before: String(before.is_protected), after: String(after.is_protected) });
  const changedFields = changes.map((change) => change.field);
  return { id: after.id, outcome: changedFields.length > 0 ? 'updated' : 'unchanged', changedFields, changes, before: { name: before.name, is_protected: before.is_protected } };
}

export interface RegisteredBlockSchema {
  id: string;
  /** The checksum it is stored under. */
  checksum: string;
  /** The checksum its fields give. */
  computedChecksum: string;
  /** False when a schema with the same checksum and version was already registered. */
  created: boolean;
  /** Rows inserted: 0 when the schema was already registered, more when nested children were new. */
  schemasCreated: number;
  /** The ids of those rows. */
  createdIds: string[];
}

/**
 * Returns the schema with this checksum and version if it exists, else creates it. The checksum
 * is always the one computed from the fields, never the one the input records: a recorded
 * checksum that names another stored schema must not pass this one off as registered.
 */
export async function registerBlockSchema(
  db: Session,
  blockTypeId: string,
  input: BlockSchemaInput,
  options: Pick<CreateBlockSchemaOptions, 'override' | 'onLink'> = {},
): Promise<RegisteredBlockSchema> {
  // createBlockSchema computes the checksum and returns the stored row when there is one.
  const created = await createBlockSchema(db, blockSchemaCreate(blockTypeId, input), options);
  return { ...created, created: created.schemasCreated > 0 };
}

/** What a registration input creates: its fields, with the links and the checksum it keeps. */
export function blockSchemaCreate(blockTypeId: string, input: BlockSchemaInput): BlockSchemaCreate {
  return {
    fields: input.fields,
    block_type_id: blockTypeId,
    capabilities: input.capabilities,
    version: input.version,
    links: input.links,
    keptChecksum: input.keepChecksum === true && input.checksum !== null ? input.checksum : undefined,
  };
}
