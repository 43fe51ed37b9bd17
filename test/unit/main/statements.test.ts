// The raw statements (db/statements.ts) against a real migrated file: each prepares (its tables
// and columns exist), gives exactly the columns its row type declares, in order; and the table
// types (db/tables.ts TABLE_COLUMNS) are the file's real columns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database as SqlJsDatabase } from 'sql.js';
import { loadSqlJs } from '../../../src/main/db/sqljs';
import * as statements from '../../../src/main/db/statements';
import { TABLE_COLUMNS } from '../../../src/main/db/tables';
import { useTempWorkspace } from '../../helpers/registry';

const temp = useTempWorkspace();

/** A migrated file's connection, as the app opens it. */
async function migratedConnection(): Promise<SqlJsDatabase> {
  const registry = await temp.open(join(temp.dir(), 'block-registry.sqlite'));
  await registry.close();
  const SQL = await loadSqlJs();
  return new SQL.Database(readFileSync(registry.filePath));
}

const declared = Object.entries(statements).flatMap(([name, value]) => (typeof value === 'object' && 'text' in value ? [{ name, text: value.text, columns: value.columns }] : []));

describe('raw statements', () => {
  it('are all found (a statement exported under another shape would be missed)', () => {
    expect(declared.length).toBeGreaterThan(20);
  });

  it('each prepares on a migrated file and gives exactly its declared columns', async () => {
    const connection = await migratedConnection();
    try {
      for (const { name, text, columns } of declared) {
        const prepared = connection.prepare(text);
        try {
          expect(prepared.getColumnNames(), name).toEqual(columns);
        } finally {
          prepared.free();
        }
      }
    } finally {
      connection.close();
    }
  });

  it('the table types list exactly the columns of a migrated file', async () => {
    const connection = await migratedConnection();
    try {
      for (const [table, columns] of Object.entries(TABLE_COLUMNS)) {
        const real = connection.exec(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)[0]?.values.map((row) => String(row[0])) ?? [];
        expect(real.sort(), table).toEqual(Object.keys(columns).sort());
      }
    } finally {
      connection.close();
    }
  });
});
