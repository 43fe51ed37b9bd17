// Registers block definitions all or nothing: every entry registered in one transaction, or
// nothing written at all.
import { nothingRegistered, RegistryError } from '../../shared/errors';
import type { RegistrationEntry } from '../../shared/formats';
import { countBlockTypes, type RegistrationReport } from '../../shared/report';
import { utcNow } from '../db/clock';
import type { Database } from '../db/database';
import { registerEntries } from '../registry/register-batch';

export async function importEntries(registry: Database, entries: RegistrationEntry[], sourceName = 'import'): Promise<RegistrationReport> {
  const startedAt = utcNow();
  const start = performance.now();
  let result;
  try {
    result = await registry.write(async (trx) => {
      const outcome = await registerEntries(trx, entries, 'catalogue', { isolateEntries: false, source: sourceName });
      // Throwing rolls the transaction back: an import with any error writes nothing.
      if (outcome.failures.length > 0) throw nothingRegistered(outcome.failures.map((failure) => failure.issue));
      return outcome;
    });
  } catch (error) {
    if (!(error instanceof RegistryError) || error.code !== 'invalid_input') throw error;
    // The fast pass stops at the first failure: find every failing entry (still writing nothing).
    await registry.write(async (trx) => {
      const outcome = await registerEntries(trx, entries, 'catalogue', { isolateEntries: true, source: sourceName });
      throw outcome.failures.length > 0 ? nothingRegistered(outcome.failures.map((failure) => failure.issue)) : error;
    });
    throw error;
  }
  const duration = performance.now() - start;
  const counts = countBlockTypes(result.reports);
  return {
    started_at: startedAt,
    duration_ms: duration,
    sources: [{ name: sourceName, kind: 'import', status: 'registered', content_hash: null, duration_ms: duration, counts, block_types: result.reports, errors: [] }],
    totals: counts,
  };
}

/** The files an import's entries came from, as the report names its source. */
export function importSourceName(entries: readonly RegistrationEntry[]): string {
  return [...new Set(entries.map((entry) => entry.file))].join(', ');
}
