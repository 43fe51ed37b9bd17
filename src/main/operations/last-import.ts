// The report of the last import applied from the window or by `block-registry import`, kept in a file beside the database
// (`<database>.last-import.json`) so that the report page still shows it after a restart. Written
// atomically after the import committed; a missing or unreadable file is "no import yet", never an
// error that would hide the rest of the report.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RegistrationReport } from '../../shared/report';
import { writeFileAtomic } from '../platform/atomic-file';

export function lastImportPath(databasePath: string): string {
  return `${databasePath}.last-import.json`;
}

// new_versions: 0 in a report kept before they were counted apart (they were among the unchanged).
const counts = z.object({
  created: z.number(),
  updated: z.number(),
  new_versions: z.number().default(0),
  unchanged: z.number(),
  failed: z.number(),
  schemas_created: z.number(),
  schemas_existing: z.number(),
});
const issue = z.object({ message: z.string() }).loose();
const report = z.object({
  started_at: z.string(),
  duration_ms: z.number(),
  totals: counts,
  sources: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['system', 'built-in', 'catalogue', 'folder', 'import']),
      status: z.enum(['registered', 'skipped', 'failed']),
      content_hash: z.string().nullable(),
      duration_ms: z.number(),
      counts,
      block_types: z.array(
        z.object({
          slug: z.string(),
          name: z.string(),
          outcome: z.enum(['created', 'updated', 'unchanged', 'failed']),
          changed_fields: z.array(z.string()),
          schemas_created: z.number(),
          schemas_existing: z.number(),
        }),
      ),
      errors: z.array(issue),
    }),
  ),
});

function saveLastImport(databasePath: string, value: RegistrationReport): void {
  writeFileAtomic(lastImportPath(databasePath), new TextEncoder().encode(JSON.stringify(value)));
}

/**
 * Keeps the report of an import that has committed. Not keeping it must not turn a registered
 * import into a failure in the window (it would say nothing was written): the report page then
 * shows the import before it.
 */
export function recordLastImport(databasePath: string, value: RegistrationReport): void {
  try {
    saveLastImport(databasePath, value);
  } catch {
    // A full disk or a read-only folder: the database itself was saved; only the report is lost.
  }
}

/** The last import's report, or null when none was kept (or the file is not one this app wrote). */
export function readLastImport(databasePath: string): RegistrationReport | null {
  const path = lastImportPath(databasePath);
  if (!existsSync(path)) return null;
  try {
    const parsed = report.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? (parsed.data as RegistrationReport) : null;
  } catch {
    return null;
  }
}
