// Where each block type came from (its collection, and the source that last registered it),
// for the catalogue's collection filter. A table of its own keeps block_type in Prefect's shape.
import { type Kysely, sql } from 'kysely';

/** The statements, in order: `up` runs them, and so does a new file's creation (db/database-file). */
export const statements: readonly string[] = [
  `CREATE TABLE block_type_origin (
    block_type_id TEXT NOT NULL CONSTRAINT pk_block_type_origin PRIMARY KEY
      CONSTRAINT fk_block_type_origin__block_type_id__block_type
      REFERENCES block_type (id) ON DELETE CASCADE,
    collection TEXT NOT NULL,
    source TEXT NOT NULL,
    updated TEXT NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE block_type_origin`.execute(db);
}
