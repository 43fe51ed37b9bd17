// What a client sends to register each schema (docs/decisions/checksum-identity.md): the fields
// with every definition, exactly as they were registered, beside Prefect's stored shape (which
// keeps only the non-block definitions and moves the references to their own table). A push and
// an export send these, so that a Prefect server computes the same checksum. NULL when not known:
// rows registered before this column existed, and a server's read-back that cannot be restored.
import { type Kysely, sql } from 'kysely';

/** The statements, in order: `up` runs them, and so does a new file's creation (db/database-file). */
export const statements: readonly string[] = [
  'ALTER TABLE block_schema ADD COLUMN client_fields TEXT',
  // Every source registers again at the next launch: a schema registered again with the same
  // checksum gets the client fields it lacked (registry/block-schemas).
  'DELETE FROM registration_source',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE block_schema DROP COLUMN client_fields`.execute(db);
}
