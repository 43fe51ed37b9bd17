// Runs part of a transaction so that, if it throws, only that part is undone.
import type { RegistryDb } from './database';
import { prepared } from './prepared';

// One name for every level: SQLite's ROLLBACK TO and RELEASE act on the innermost savepoint of
// that name, so nesting works, and the three statements are prepared once (db/prepared).
const SAVEPOINT = 'SAVEPOINT registry_step';
const RELEASE = 'RELEASE registry_step';
const ROLLBACK = 'ROLLBACK TO registry_step';

export async function withSavepoint<T>(trx: RegistryDb, work: () => Promise<T>): Promise<T> {
  const statements = prepared(trx);
  statements.run(SAVEPOINT, []);
  try {
    const result = await work();
    statements.run(RELEASE, []);
    return result;
  } catch (error) {
    statements.run(ROLLBACK, []);
    statements.run(RELEASE, []);
    throw error;
  }
}
