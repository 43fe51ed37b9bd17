// Runs part of a transaction so that, if it throws, only that part is undone.
import { statementsOf, type Session } from './session';
import { RELEASE_SAVEPOINT, ROLLBACK_TO_SAVEPOINT, SAVEPOINT } from './statements';

export async function withSavepoint<T>(trx: Session, work: () => Promise<T>): Promise<T> {
  const statements = statementsOf(trx);
  statements.run(SAVEPOINT, []);
  try {
    const result = await work();
    statements.run(RELEASE_SAVEPOINT, []);
    return result;
  } catch (error) {
    statements.run(ROLLBACK_TO_SAVEPOINT, []);
    statements.run(RELEASE_SAVEPOINT, []);
    throw error;
  }
}

/** Runs `work` in a savepoint kept only when `keep` says so of its result; otherwise undone (and the result returned all the same). */
export async function attemptInSavepoint<T>(trx: Session, work: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
  const statements = statementsOf(trx);
  statements.run(SAVEPOINT, []);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    statements.run(ROLLBACK_TO_SAVEPOINT, []);
    statements.run(RELEASE_SAVEPOINT, []);
    throw error;
  }
  if (!keep(result)) statements.run(ROLLBACK_TO_SAVEPOINT, []);
  statements.run(RELEASE_SAVEPOINT, []);
  return result;
}
