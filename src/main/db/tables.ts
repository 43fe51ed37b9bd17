// Kysely's view of the SQLite tables. JSON columns hold lossless JSON text (see shared/json).

export interface BlockTypeTable {
  id: string;
  created: string;
  updated: string;
  name: string;
  slug: string;
  logo_url: string | null;
  documentation_url: string | null;
  description: string | null;
  code_example: string | null;
  /** SQLite has no boolean: 0 or 1. */
  is_protected: number;
}

export interface BlockSchemaTable {
  id: string;
  created: string;
  updated: string;
  checksum: string;
  fields: string;
  capabilities: string;
  version: string;
  block_type_id: string;
  /** The fields as a client registers this schema, every definition included (lossless JSON); null when not known. */
  client_fields: string | null;
}

export interface BlockSchemaReferenceTable {
  id: string;
  created: string;
  updated: string;
  name: string;
  parent_block_schema_id: string;
  reference_block_schema_id: string;
}

/** Content hash of each registration source, so that launch can skip what did not change. */
export interface RegistrationSourceTable {
  name: string;
  content_hash: string;
  registered_at: string;
  /** The source file's stamp (fs/file-stamp) when its content hash was last registered or checked; null when not known or not trusted. */
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

export interface RegistryTables {
  block_type_origin: BlockTypeOriginTable;
  block_type: BlockTypeTable;
  block_schema: BlockSchemaTable;
  block_schema_reference: BlockSchemaReferenceTable;
  registration_source: RegistrationSourceTable;
}
