// Runs part of a transaction so that, if it throws, only that part is undone.
import { sql } from 'kysely';
import type { RegistryDb } from './database';

let counter = 0;

export async function withSavepoint<T>(trx: RegistryDb, work: () => Promise<T>): Promise<T> {
  const name = `sp_${++counter}`;
  await sql`SAVEPOINT ${sql.id(name)}`.execute(trx);
  try {
    const result = await work();
    await sql`RELEASE ${sql.id(name)}`.execute(trx);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO ${sql.id(name)}`.execute(trx);
    await sql`RELEASE ${sql.id(name)}`.execute(trx);
    throw error;
  }
}
