// Every raw SQL statement of the app, in one place: registration's per-row statements (prepared
// once per connection, db/session.ts) and the reads that Kysely's builder cannot say as one
// statement (recursive and correlated queries). Each declares the parameters it binds and the
// row it gives, typed from the table types (db/tables.ts); test/unit/main/statements.test.ts
// prepares every one on a migrated file and checks that it gives exactly the declared columns.
// Lists of values are bound as one JSON text read with json_each: one parameter however long the
// list, and a fixed text that can be prepared once. docs/decisions/prepared-statements.md.
import type { SqlValue } from 'sql.js';
import type { BlockSchemaReferenceTable, BlockSchemaTable, BlockTypeOriginTable, BlockTypeTable, RegistrationSourceTable } from './tables';

export interface RawStatement<Params extends readonly SqlValue[], Row> {
  readonly text: string;
  /** The columns of each row, in order (none for a statement that gives no rows). */
  readonly columns: ReadonlyArray<keyof Row & string>;
  /** Never set: carries the parameter and row types. */
  readonly types?: { params: Params; row: Row };
}

function statement<Params extends readonly SqlValue[], Row = never>(text: string, ...columns: Array<keyof Row & string>): RawStatement<Params, Row> {
  return { text, columns };
}

type Text = string;
type Nullable = string | null;
/** A long text bound as its UTF-8 bytes and cast back to TEXT: sql.js encodes a bound string one character at a time. */
type Utf8Text = Uint8Array;

// ---------------------------------------------------------------------------
// Savepoints (db/savepoint.ts): one name for every level; ROLLBACK TO and RELEASE act on the
// innermost savepoint of that name, so nesting works.

export const SAVEPOINT = statement<[]>('SAVEPOINT registry_step');
export const RELEASE_SAVEPOINT = statement<[]>('RELEASE registry_step');
export const ROLLBACK_TO_SAVEPOINT = statement<[]>('ROLLBACK TO registry_step');

// ---------------------------------------------------------------------------
// Block types

const BLOCK_TYPE_COLUMNS = ['id', 'created', 'updated', 'name', 'slug', 'logo_url', 'documentation_url', 'description', 'code_example', 'is_protected'] as const;

export const INSERT_BLOCK_TYPE = statement<
  [id: Text, created: Text, updated: Text, name: Text, slug: Text, logo_url: Nullable, documentation_url: Nullable, description: Nullable, code_example: Nullable, is_protected: number]
>(`INSERT INTO block_type (${BLOCK_TYPE_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

export const SELECT_BLOCK_TYPE_BY_SLUG = statement<[slug: Text], BlockTypeTable>(`SELECT ${BLOCK_TYPE_COLUMNS.join(', ')} FROM block_type WHERE slug = ?`, ...BLOCK_TYPE_COLUMNS);

/** Where each type came from; an entry without a collection keeps the one the type has. */
export const UPSERT_ORIGIN = statement<[block_type_id: Text, collection: Text, source: Text, updated: Text]>(
  'INSERT INTO block_type_origin (block_type_id, collection, source, updated) VALUES (?, ?, ?, ?) ON CONFLICT (block_type_id) DO UPDATE SET collection = excluded.collection, source = excluded.source, updated = excluded.updated',
);
export const UPSERT_ORIGIN_KEEPING_COLLECTION = statement<[block_type_id: Text, collection: Text, source: Text, updated: Text]>(
  'INSERT INTO block_type_origin (block_type_id, collection, source, updated) VALUES (?, ?, ?, ?) ON CONFLICT (block_type_id) DO UPDATE SET source = excluded.source, updated = excluded.updated',
);

// ---------------------------------------------------------------------------
// Block schemas and their references

export const INSERT_BLOCK_SCHEMA = statement<
  [id: Text, created: Text, updated: Text, checksum: Text, fields: Utf8Text, capabilities: Text, version: Text, block_type_id: Text, client_fields: Utf8Text | null]
>('INSERT INTO block_schema (id, created, updated, checksum, fields, capabilities, version, block_type_id, client_fields) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, CAST(? AS TEXT))');

export const SELECT_SCHEMA_ID = statement<[checksum: Text, version: Text], Pick<BlockSchemaTable, 'id'>>('SELECT id FROM block_schema WHERE checksum = ? AND version = ?', 'id');

export const SELECT_SCHEMA_ID_AND_CLIENT = statement<[checksum: Text, version: Text], Pick<BlockSchemaTable, 'id'> & { client_missing: number }>(
  'SELECT id, client_fields IS NULL AS client_missing FROM block_schema WHERE checksum = ? AND version = ?',
  'id',
  'client_missing',
);

export const FILL_CLIENT_FIELDS = statement<[client_fields: Utf8Text, id: Text]>('UPDATE block_schema SET client_fields = CAST(? AS TEXT) WHERE id = ? AND client_fields IS NULL');

/** Prefect's nested look-up: the most recently created schema with the checksum, any version. */
export const SELECT_NEWEST_SCHEMA_ID = statement<[checksum: Text], Pick<BlockSchemaTable, 'id'>>('SELECT id FROM block_schema WHERE checksum = ? ORDER BY created DESC, rowid DESC LIMIT 1', 'id');

export const SELECT_REFERENCE = statement<[name: Text, parent_block_schema_id: Text, reference_block_schema_id: Text], Pick<BlockSchemaReferenceTable, 'id'>>(
  'SELECT id FROM block_schema_reference WHERE name = ? AND parent_block_schema_id = ? AND reference_block_schema_id = ?',
  'id',
);

export const INSERT_REFERENCE = statement<[id: Text, created: Text, updated: Text, name: Text, parent_block_schema_id: Text, reference_block_schema_id: Text]>(
  'INSERT INTO block_schema_reference (id, created, updated, name, parent_block_schema_id, reference_block_schema_id) VALUES (?, ?, ?, ?, ?, ?)',
);

/** Each schema's linked children, in the order linked. */
export const SELECT_LINKED_CHILDREN = statement<[ids: Text], Pick<BlockSchemaReferenceTable, 'parent_block_schema_id' | 'reference_block_schema_id'>>(
  'SELECT parent_block_schema_id, reference_block_schema_id FROM block_schema_reference WHERE parent_block_schema_id IN (SELECT value FROM json_each(?)) ORDER BY created, rowid',
  'parent_block_schema_id',
  'reference_block_schema_id',
);

export const SELECT_CLIENT_FIELDS = statement<[ids: Text], { id: string; client_fields: string }>(
  'SELECT id, client_fields FROM block_schema WHERE client_fields IS NOT NULL AND id IN (SELECT value FROM json_each(?))',
  'id',
  'client_fields',
);

/**
 * Every schema reachable from the given ones through references, with its type (one row each;
 * the type's columns prefixed `type_`), and the references among them: a schema read back is
 * rebuilt from these (registry/schema-graph.ts).
 */
const REACHABLE = `WITH RECURSIVE reachable(id) AS (
  SELECT value FROM json_each(?)
  UNION
  SELECT r.reference_block_schema_id FROM block_schema_reference r JOIN reachable ON r.parent_block_schema_id = reachable.id
)`;

export type GraphSchemaRow = Omit<BlockSchemaTable, 'client_fields'> & { [K in keyof BlockTypeTable as `type_${K}`]: BlockTypeTable[K] };

export const SELECT_REACHABLE_SCHEMAS = statement<[rootIds: Text], GraphSchemaRow>(
  `${REACHABLE}
SELECT s.id, s.created, s.updated, s.checksum, s.fields, s.capabilities, s.version, s.block_type_id, t.id AS type_id, t.created AS type_created, t.updated AS type_updated,
  t.name AS type_name, t.slug AS type_slug, t.logo_url AS type_logo_url, t.documentation_url AS type_documentation_url, t.description AS type_description,
  t.code_example AS type_code_example, t.is_protected AS type_is_protected
FROM block_schema s JOIN block_type t ON t.id = s.block_type_id
WHERE s.id IN (SELECT id FROM reachable)`,
  'id',
  'created',
  'updated',
  'checksum',
  'fields',
  'capabilities',
  'version',
  'block_type_id',
  ...BLOCK_TYPE_COLUMNS.map((column) => `type_${column}` as const),
);

export type GraphReferenceRow = Pick<BlockSchemaReferenceTable, 'name' | 'parent_block_schema_id' | 'reference_block_schema_id'>;

export const SELECT_REACHABLE_REFERENCES = statement<[rootIds: Text], GraphReferenceRow>(
  `${REACHABLE}
SELECT name, parent_block_schema_id, reference_block_schema_id FROM block_schema_reference
WHERE parent_block_schema_id IN (SELECT id FROM reachable)
ORDER BY created, rowid`,
  'name',
  'parent_block_schema_id',
  'reference_block_schema_id',
);

/**
 * Nested blocks named by `[slug, checksum]` pairs (a JSON list), resolved in one statement: the
 * type by slug, and the newest schema with the checksum (Prefect's nested look-up). `position`
 * is the pair's index in the list.
 */
export const SELECT_REFERENCE_TARGETS = statement<[pairs: Text], { position: number; type_name: string | null; schema_id: string | null }>(
  `SELECT CAST(w.key AS INTEGER) AS position,
  (SELECT t.name FROM block_type t WHERE t.slug = json_extract(w.value, '$[0]')) AS type_name,
  (SELECT s.id FROM block_schema s WHERE s.checksum = json_extract(w.value, '$[1]') ORDER BY s.created DESC, s.rowid DESC LIMIT 1) AS schema_id
FROM json_each(?) w`,
  'position',
  'type_name',
  'schema_id',
);

// ---------------------------------------------------------------------------
// The catalogue (the window's grid)

/** `collection` is null for a type without an origin row (a left join). */
export type CatalogueRow = BlockTypeTable & {
  collection: BlockTypeOriginTable['collection'] | null;
  schema_count: number;
  latest_version: string | null;
  schema_title: string | null;
  capabilities: string | null;
};

const CATALOGUE = (where: string): string => `SELECT ${BLOCK_TYPE_COLUMNS.map((column) => `t.${column}`).join(', ')}, o.collection,
  (SELECT COUNT(*) FROM block_schema s WHERE s.block_type_id = t.id) AS schema_count,
  (SELECT s.version FROM block_schema s WHERE s.block_type_id = t.id ORDER BY s.created DESC, s.rowid DESC LIMIT 1) AS latest_version,
  (SELECT json_extract(s.fields, '$.title') FROM block_schema s WHERE s.block_type_id = t.id ORDER BY s.created DESC, s.rowid DESC LIMIT 1) AS schema_title,
  (SELECT json_group_array(DISTINCT c.value) FROM block_schema s, json_each(s.capabilities) c WHERE s.block_type_id = t.id) AS capabilities
FROM block_type t LEFT JOIN block_type_origin o ON o.block_type_id = t.id${where}
ORDER BY t.name, t.slug`;
const CATALOGUE_COLUMNS = [...BLOCK_TYPE_COLUMNS, 'collection', 'schema_count', 'latest_version', 'schema_title', 'capabilities'] as const;

export const SELECT_CATALOGUE = statement<[], CatalogueRow>(CATALOGUE(''), ...CATALOGUE_COLUMNS);
export const SELECT_CATALOGUE_TYPE = statement<[slug: Text], CatalogueRow>(CATALOGUE('\nWHERE t.slug = ?'), ...CATALOGUE_COLUMNS);

export const COUNT_ROWS = statement<[], { types: number; schemas: number }>('SELECT (SELECT COUNT(*) FROM block_type) AS types, (SELECT COUNT(*) FROM block_schema) AS schemas', 'types', 'schemas');

// ---------------------------------------------------------------------------
// Launch's registration sources

export const SELECT_REGISTRATION_SOURCES = statement<[], Pick<RegistrationSourceTable, 'name' | 'content_hash' | 'file_stamp'>>(
  'SELECT name, content_hash, file_stamp FROM registration_source',
  'name',
  'content_hash',
  'file_stamp',
);

export const UPDATE_FILE_STAMP = statement<[file_stamp: Text, name: Text]>('UPDATE registration_source SET file_stamp = ? WHERE name = ?');

export const UPSERT_REGISTRATION_SOURCE = statement<[name: Text, content_hash: Text, registered_at: Text, file_stamp: Nullable]>(
  'INSERT INTO registration_source (name, content_hash, registered_at, file_stamp) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET content_hash = excluded.content_hash, registered_at = excluded.registered_at, file_stamp = excluded.file_stamp',
);
