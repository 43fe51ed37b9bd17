// Reads a database file with sql.js directly (not through the app's code) and describes its
// content canonically, so that a test can tell "exactly the state before" from "exactly after".
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadSqlJs } from '../../src/main/db/sqljs';

export interface Snapshot {
  /** SQLite's integrity_check answer ('ok' for a sound file); 'missing' when there is no file at all. */
  integrity: string;
  blockTypes: number;
  blockSchemas: number;
  references: number;
  /** Hash of every row's content (ids and timestamps left out). */
  digest: string;
}

export const MISSING: Snapshot = { integrity: 'missing', blockTypes: 0, blockSchemas: 0, references: 0, digest: 'missing' };

export async function snapshot(path: string): Promise<Snapshot> {
  if (!existsSync(path)) return MISSING;
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    const integrity = String(db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0]);
    const rows = (query: string): unknown[][] => db.exec(query)[0]?.values ?? [];
    const hasTables = rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'block_type'").length > 0;
    if (!hasTables) return { integrity, blockTypes: 0, blockSchemas: 0, references: 0, digest: 'empty' };
    const types = rows('SELECT slug, name, logo_url, documentation_url, description, code_example, is_protected FROM block_type ORDER BY slug');
    const schemas = rows('SELECT t.slug, s.checksum, s.version, s.capabilities, s.fields FROM block_schema s JOIN block_type t ON t.id = s.block_type_id ORDER BY s.checksum, s.version');
    const references = rows(`SELECT r.name, p.checksum, p.version, c.checksum, c.version FROM block_schema_reference r
      JOIN block_schema p ON p.id = r.parent_block_schema_id JOIN block_schema c ON c.id = r.reference_block_schema_id
      ORDER BY r.name, p.checksum, p.version, c.checksum, c.version`);
    const digest = createHash('sha256')
      .update(JSON.stringify([types, schemas, references]))
      .digest('hex');
    return { integrity, blockTypes: types.length, blockSchemas: schemas.length, references: references.length, digest };
  } finally {
    db.close();
  }
}
