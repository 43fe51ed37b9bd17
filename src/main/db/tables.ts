// Kysely's view of the SQLite tables. JSON columns hold lossless JSON text (see shared/json).
import type { BlockSchema, BlockSchemaReference, BlockType } from '../../shared/blocks';

/**
 * The block tables are Prefect's rows (shared/blocks), stored: SQLite has no boolean and JSON
 * columns hold text. Derived from those types, so that a column is declared once.
 */
export type BlockTypeTable = Omit<BlockType, 'is_protected'> & {
  /** SQLite has no boolean: 0 or 1. */
  is_protected: number;
};

export type BlockSchemaTable = Omit<BlockSchema, 'fields' | 'capabilities' | 'block_type'> & {
  /** Prefect's stored fields: non-block definitions only, references in their own table (lossless JSON). */
  fields: string;
  /** A JSON array of strings. */
  capabilities: string;
  /** The fields as a client registers this schema, every definition included (lossless JSON); null when not known. */
  client_fields: string | null;
};

export type BlockSchemaReferenceTable = BlockSchemaReference;

/** Content hash of each registration source, so that launch can skip what did not change. */
export interface RegistrationSourceTable {
  name: string;
  content_hash: string;
  registered_at: string;
  /** The source file's stamp (platform/file-stamp) when its content hash was last registered or checked; null when not known or not trusted. */
  file_stamp: string | null;
}

export interface BlockTypeOriginTable {
  block_type_id: string;
  /** The catalogue collection (e.g. `prefect-aws`), `prefect` for built-in blocks, `imported` when unknown. */
  collection: string;
  /** The registration source that last registered the type (`system`, `catalogue`, an import…). */
  source: string;
  updated: string;
}

export interface Tables {
  block_type_origin: BlockTypeOriginTable;
  block_type: BlockTypeTable;
  block_schema: BlockSchemaTable;
  block_schema_reference: BlockSchemaReferenceTable;
  registration_source: RegistrationSourceTable;
}

/**
 * Every column of every table, as the types above declare them: a record keyed by each table
 * type's keys, so that it cannot list a column the type lacks nor leave one out.
 * test/unit/main/statements.test.ts compares it with a migrated file's real columns.
 */
export const TABLE_COLUMNS: { [T in keyof Tables]: Record<keyof Tables[T], true> } = {
  block_type_origin: { block_type_id: true, collection: true, source: true, updated: true },
  block_type: { id: true, created: true, updated: true, name: true, slug: true, logo_url: true, documentation_url: true, description: true, code_example: true, is_protected: true },
  block_schema: { id: true, created: true, updated: true, checksum: true, fields: true, capabilities: true, version: true, block_type_id: true, client_fields: true },
  block_schema_reference: { id: true, created: true, updated: true, name: true, parent_block_schema_id: true, reference_block_schema_id: true },
  registration_source: { name: true, content_hash: true, registered_at: true, file_stamp: true },
};
