// Each launch source's file stamp as last registered or checked (platform/file-stamp): a launch whose
// source files have the stamps recorded skips reading and hashing them (README, Benchmarks). NULL when not
// known, or when the file had changed too recently for its stamp to be trusted.
import { type Kysely, sql } from 'kysely';

/** The statements, in order: `up` runs them, and so does a new file's creation (db/database-file). */
export const statements: readonly string[] = ['ALTER TABLE registration_source ADD COLUMN file_stamp TEXT'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE registration_source DROP COLUMN file_stamp`.execute(db);
}
