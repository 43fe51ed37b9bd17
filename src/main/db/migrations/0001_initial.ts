// Prefect's three block tables (`prefect/server/database/orm_models.py`: BlockType, BlockSchema,
// BlockSchemaReference), with Prefect's index names, plus the registration_source table that replaces Prefect's memo_store.toml side file.
import { type Kysely, sql } from 'kysely';

const TIMESTAMPS = 'created TEXT NOT NULL, updated TEXT NOT NULL';

/** The statements, in order: `up` runs them, and so does a new file's creation (db/database-file). */
export const statements: readonly string[] = [
  `CREATE TABLE block_type (
    id TEXT NOT NULL CONSTRAINT pk_block_type PRIMARY KEY,
    ${TIMESTAMPS},
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    logo_url TEXT,
    documentation_url TEXT,
    description TEXT,
    code_example TEXT,
    is_protected INTEGER NOT NULL DEFAULT 0
  )`,
  'CREATE UNIQUE INDEX uq_block_type__slug ON block_type (slug)',
  'CREATE INDEX ix_block_type__updated ON block_type (updated)',

  `CREATE TABLE block_schema (
    id TEXT NOT NULL CONSTRAINT pk_block_schema PRIMARY KEY,
    ${TIMESTAMPS},
    checksum TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '{}',
    capabilities TEXT NOT NULL DEFAULT '[]',
    version TEXT NOT NULL DEFAULT 'non-versioned',
    block_type_id TEXT NOT NULL
      CONSTRAINT fk_block_schema__block_type_id__block_type
      REFERENCES block_type (id) ON DELETE CASCADE
  )`,
  'CREATE UNIQUE INDEX uq_block_schema__checksum_version ON block_schema (checksum, version)',
  'CREATE INDEX ix_block_schema__created ON block_schema (created)',
  'CREATE INDEX ix_block_schema__block_type_id ON block_schema (block_type_id)',
  'CREATE INDEX ix_block_schema__updated ON block_schema (updated)',

  `CREATE TABLE block_schema_reference (
    id TEXT NOT NULL CONSTRAINT pk_block_schema_reference PRIMARY KEY,
    ${TIMESTAMPS},
    name TEXT NOT NULL,
    parent_block_schema_id TEXT NOT NULL
      CONSTRAINT fk_block_schema_reference__parent_block_schema_id__block_schema
      REFERENCES block_schema (id) ON DELETE CASCADE,
    reference_block_schema_id TEXT NOT NULL
      CONSTRAINT fk_block_schema_reference__reference_block_schema_id__block_schema
      REFERENCES block_schema (id) ON DELETE CASCADE
  )`,
  'CREATE INDEX ix_block_schema_reference__updated ON block_schema_reference (updated)',
  // Not in Prefect: reads walk references by parent and deletes cascade by child.
  'CREATE INDEX ix_block_schema_reference__parent_block_schema_id ON block_schema_reference (parent_block_schema_id)',
  'CREATE INDEX ix_block_schema_reference__reference_block_schema_id ON block_schema_reference (reference_block_schema_id)',

  `CREATE TABLE registration_source (
    name TEXT NOT NULL CONSTRAINT pk_registration_source PRIMARY KEY,
    content_hash TEXT NOT NULL,
    registered_at TEXT NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['registration_source', 'block_schema_reference', 'block_schema', 'block_type']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
