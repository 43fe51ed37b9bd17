// The database as the command line opens it: scripts would rather wait for another writer than
// fail, so a command waits up to a minute (BLOCK_REGISTRY_LOCK_TIMEOUT_MS) and says for whom.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../db/database';
import { databaseFileExists, resolveRealPath } from '../db/database-file';
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
  if (access.emptyWhenMissing === true && !databaseFileExists(resolveRealPath(path))) return withEmptyDatabase(path, io, work);
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

/**
 * `work` on a new, empty database in a temporary folder of its own, removed after: what a dry run
 * would register into a database that does not exist yet, without creating it (or its folder).
 */
async function withEmptyDatabase<T>(path: string, io: CliIo, work: (registry: Database) => Promise<T>): Promise<T> {
  io.stderr(`block-registry: the database ${path} does not exist yet: previewing against an empty one (nothing is created).`);
  const folder = mkdtempSync(join(tmpdir(), 'block-registry-preview-'));
  try {
    const registry = await openDatabase(join(folder, 'empty.sqlite'), { create: true, lockTimeoutMs: lockTimeoutMs(io.env) });
    try {
      return await work(registry);
    } finally {
      await registry.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
