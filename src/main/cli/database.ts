// The database as the command line opens it: scripts would rather wait for another writer than
// fail, so a command waits up to a minute (BLOCK_REGISTRY_LOCK_TIMEOUT_MS) and says for whom.
import { openRegistryDatabase, type RegistryDatabase } from '../db/database';
import type { CliIo } from './io';

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

export async function withDatabase<T>(path: string, io: CliIo, work: (registry: RegistryDatabase) => Promise<T>): Promise<T> {
  const configured = Number(io.env.BLOCK_REGISTRY_LOCK_TIMEOUT_MS);
  const registry = await openRegistryDatabase(path, {
    lockTimeoutMs: Number.isFinite(configured) && configured >= 0 && io.env.BLOCK_REGISTRY_LOCK_TIMEOUT_MS !== undefined ? configured : DEFAULT_LOCK_TIMEOUT_MS,
    onLockWait: (holder) => io.stderr(`block-registry: waiting for the database, in use by ${holder}…`),
  });
  try {
    return await work(registry);
  } finally {
    await registry.close();
  }
}
