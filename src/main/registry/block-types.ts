// Block type operations (Prefect's `prefect/server/models/block_types.py`): one function per
// operation, the database passed in.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { BlockType, BlockTypeInput, UpdatableBlockTypeField } from '../../shared/blocks';
import { RegistryError } from '../../shared/errors';
import { utcNow } from '../db/clock';
import type { Session } from '../db/database';
import { statementsOf } from '../db/session';
import { INSERT_BLOCK_TYPE, SELECT_BLOCK_TYPE_BY_SLUG } from '../db/statements';
import type { BlockTypeTable } from '../db/tables';

export function toBlockType(row: BlockTypeTable): BlockType {
  return { ...row, is_protected: row.is_protected === 1 };
}

/**
 * Inserts a block type. With `override`, an existing slug is overwritten in full (name, slug,
 * urls, description, code example, protected flag) keeping its id and `created`, as Prefect's
 * `ON CONFLICT (slug) DO UPDATE`. Unlike Prefect, text is stored as given (the renderer
 * escapes) and the row is read back by slug, not by name.
 */
export async function createBlockType(db: Session, input: BlockTypeInput, options: { override?: boolean } = {}): Promise<BlockType> {
  const now = utcNow();
  const values = {
    name: input.name,
    slug: input.slug,
    logo_url: input.logo_url,
    documentation_url: input.documentation_url,
    description: input.description,
    code_example: input.code_example,
    is_protected: input.is_protected ? 1 : 0,
  };
  const id = randomUUID();
  if (!options.override) {
    statementsOf(db).run(INSERT_BLOCK_TYPE, [id, now, now, values.name, values.slug, values.logo_url, values.documentation_url, values.description, values.code_example, values.is_protected]);
    return toBlockType({ id, created: now, updated: now, ...values });
  }
  const insert = db.insertInto('block_type').values({ id, created: now, updated: now, ...values });
  await insert.onConflict((conflict) => conflict.column('slug').doUpdateSet(values)).execute();
  const upserted = await readBlockTypeBySlug(db, input.slug);
  if (upserted === null) throw new RegistryError('internal', `Block type '${input.slug}' vanished after insert.`);
  return upserted;
}

export type BlockTypeUpdate = Partial<Pick<BlockType, UpdatableBlockTypeField>>;

/** Writes the supplied updatable fields (never name, slug or is_protected). False when the id is unknown. */
export async function updateBlockType(db: Session, id: string, update: BlockTypeUpdate): Promise<boolean> {
  const result = await db
    .updateTable('block_type')
    .set({ ...update, updated: utcNow() })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function readBlockType(db: Session, id: string): Promise<BlockType | null> {
  const row = await db.selectFrom('block_type').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toBlockType(row);
}

export async function readBlockTypeBySlug(db: Session, slug: string): Promise<BlockType | null> {
  const row = statementsOf(db).row(SELECT_BLOCK_TYPE_BY_SLUG, [slug]);
  return row === undefined ? null : toBlockType(row);
}

/** The block types with these slugs, by slug (one query, however many). */
export async function readBlockTypesBySlugs(db: Session, slugs: string[]): Promise<Map<string, BlockType>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .selectFrom('block_type')
    .selectAll()
    .where(sql<boolean>`slug IN (SELECT value FROM json_each(${JSON.stringify(slugs)}))`)
    .execute();
  return new Map(rows.map((row) => [row.slug, toBlockType(row)]));
}

export interface BlockTypeFilter {
  /** Case-insensitive substring of the name (Prefect's `name.like_`). */
  nameLike?: string;
  /** Slug in this list (Prefect's `slug.any_`). */
  slugs?: string[];
  /** At least one schema of the type has every one of these capabilities. */
  capabilitiesAll?: string[];
  limit?: number;
  offset?: number;
}

/** Block types ordered by name (then slug, so that equal names have a stable order). */
export async function readBlockTypes(db: Session, filter: BlockTypeFilter = {}): Promise<BlockType[]> {
  let query = db.selectFrom('block_type').selectAll('block_type');
  if (filter.nameLike !== undefined) {
    const pattern = `%${filter.nameLike.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`block_type.name LIKE ${pattern} ESCAPE '\\'`);
  }
  if (filter.slugs !== undefined) {
    if (filter.slugs.length === 0) return [];
    query = query.where('block_type.slug', 'in', filter.slugs);
  }
  const capabilities = filter.capabilitiesAll;
  if (capabilities !== undefined && capabilities.length > 0) {
    // oxlint-disable-next-line typescript/unbound-method -- Kysely's expression builder is made to be destructured.
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('block_schema')
          .select(sql`1`.as('one'))
          .whereRef('block_schema.block_type_id', '=', 'block_type.id')
          .where(hasAllCapabilities(capabilities)),
      ),
    );
  }
  query = query.orderBy('block_type.name').orderBy('block_type.slug');
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  if (filter.offset !== undefined) query = query.limit(filter.limit ?? -1).offset(filter.offset);
  const rows = await query.execute();
  return rows.map(toBlockType);
}

/** SQL condition: `block_schema.capabilities` (a JSON array) contains every one of `capabilities`. */
export function hasAllCapabilities(capabilities: string[]) {
  return sql<boolean>`(SELECT COUNT(DISTINCT value) FROM json_each(block_schema.capabilities) WHERE value IN (${sql.join(capabilities)})) = ${new Set(capabilities).size}`;
}
