// The database as the command line opens it: scripts would rather wait for another writer than
// fail, so a command waits up to a minute (BLOCK_REGISTRY_LOCK_TIMEOUT_MS) and says for whom.
import { openDatabase, type Database } from '../db/database';
import { UsageError, type DatabaseAccess } from './command';
import type { CliIo } from './io';

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** BLOCK_REGISTRY_LOCK_TIMEOUT_MS: a whole number of milliseconds; anything else is a usage error, never a silent default. */
function lockTimeoutMs(env: NodeJS.ProcessEnv): number {
  const configured = env.BLOCK_REGISTRY_LOCK_TIMEOUT_MS;
  if (configured === undefined) return DEFAULT_LOCK_TIMEOUT_MS;
  if (!/^\d{1,10}$/.test(configured.trim())) {
    throw new UsageError(`BLOCK_REGISTRY_LOCK_TIMEOUT_MS must be a whole number of milliseconds, e.g. 60000 (got ${JSON.stringify(configured)})`);
  }
  return Number(configured.trim());
}

export async function withDatabase<T>(path: string, io: CliIo, access: DatabaseAccess, work: (registry: Database) => Promise<T>): Promise<T> {
  const registry = await openDatabase(path, {
    create: access.create,
    lockTimeoutMs: lockTimeoutMs(io.env),
    onLockWait: (holder) => io.stderr(`block-registry: waiting for the database, in use by ${holder}…`),
  });
  try {
    return await work(registry);
  } finally {
    await registry.close();
  }
}
