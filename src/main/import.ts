// Registers block definition files all or nothing: every file parsed and every entry
// registered in one transaction, or nothing written at all.
import { readFileSync, statSync } from 'node:fs';
import { RegistryError, type RegistryIssue } from '../shared/errors';
import { MAX_FILE_BYTES, parseBlockDefinitions, type RegistrationEntry } from '../shared/formats';
import type { ImportFileInput } from './import-preview';
import { countBlockTypes, type RegistrationReport } from '../shared/report';
import { utcNow } from './db/clock';
import type { RegistryDatabase } from './db/database';
import { errorMessage, registerEntries } from './registry/register-batch';

export interface BlockDefinitionFile {
  name: string;
  text: string;
}

/** A file from disk, refused before reading when it is over the size limit. */
export function readImportFile(path: string): ImportFileInput {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new RegistryError('invalid_input', `${path}: cannot be read (${errorMessage(error)})`, [{ file: path, message: `cannot be read (${errorMessage(error)})` }]);
  }
  if (size > MAX_FILE_BYTES) {
    const message = `the file is ${size} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit.`;
    throw new RegistryError('invalid_input', `${path}: ${message}`, [{ file: path, message }]);
  }
  return { name: path, bytes: readFileSync(path) };
}

/** Parses every file; throws one RegistryError listing the problems of all of them. */
export function parseFiles(files: BlockDefinitionFile[]): RegistrationEntry[] {
  const entries: RegistrationEntry[] = [];
  const issues: RegistryIssue[] = [];
  for (const file of files) {
    try {
      entries.push(...parseBlockDefinitions(file.name, file.text).entries);
    } catch (error) {
      if (error instanceof RegistryError) issues.push(...(error.issues.length > 0 ? error.issues : [{ file: file.name, message: error.message }]));
      else throw error;
    }
  }
  if (issues.length > 0) throw invalid(issues);
  return entries;
}

export async function importEntries(registry: RegistryDatabase, entries: RegistrationEntry[], sourceName = 'import'): Promise<RegistrationReport> {
  const startedAt = utcNow();
  const start = performance.now();
  let result;
  try {
    result = await registry.write(async (trx) => {
      const outcome = await registerEntries(trx, entries, 'catalogue', { isolateEntries: false, source: sourceName });
      // Throwing rolls the transaction back: an import with any error writes nothing.
      if (outcome.failures.length > 0) throw invalid(outcome.failures.map((failure) => failure.issue));
      return outcome;
    });
  } catch (error) {
    if (!(error instanceof RegistryError) || error.code !== 'invalid_input') throw error;
    // The fast pass stops at the first failure: find every failing entry (still writing nothing).
    await registry.write(async (trx) => {
      const outcome = await registerEntries(trx, entries, 'catalogue', { isolateEntries: true, source: sourceName });
      throw outcome.failures.length > 0 ? invalid(outcome.failures.map((failure) => failure.issue)) : error;
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

function invalid(issues: RegistryIssue[]): RegistryError {
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new RegistryError('invalid_input', `${issues.length} ${noun} found; nothing was registered.`, issues);
}
