// The bench's setup at sizes Prefect's REST API takes hours to fill (50,000 types): generated types
// (test/helpers/generated-catalogue.ts) written straight into a PostgreSQL-backed server's tables,
// as Prefect itself writes them when a client registers them. Copied from rows a 3.9.1 server wrote
// for a push of these types: a schema's `fields` stored without `block_schema_references` and
// `definitions` (the server rebuilds both on read from `block_schema_reference` rows), its checksum
// the client's (of the fields with both), and one reference row per nested child, named by the
// property. Not measured; checked over REST afterwards (listedChecksums).
import { stringifyJson, type JsonObject } from '../../src/shared/json';
import { generatedBlockType } from '../helpers/generated-catalogue';
import { copyRows, type PostgresCluster } from '../prefect/postgres';
import type { PrefectServer } from '../prefect/server';

const typeId = (index: number): string => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
const schemaId = (index: number): string => `11111111-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
const referenceId = (index: number): string => `22222222-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
/** Created a millisecond apart, oldest first: the server lists the newest schema first, as after a push in order. */
const createdAt = (index: number): string => new Date(Date.UTC(2026, 11, 7) + index).toISOString();

/** A value in COPY's text format: backslash, tab and line ends escaped; null as \N. */
function copyValue(value: string | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const line = (values: ReadonlyArray<string | boolean | null>): string => `${values.map(copyValue).join('\t')}\n`;

/** The fields as Prefect stores them: without what it rebuilds on read. */
function storedFields(fields: JsonObject): string {
  const { block_schema_references: _references, definitions: _definitions, ...stored } = fields;
  return stringifyJson(stored);
}

/** Writes `count` generated types (one schema each) into the server's database, the one `databaseUrl` names. */
export function fillGeneratedTypes(cluster: PostgresCluster, databaseUrl: string, count: number): void {
  const types: string[] = [];
  const schemas: string[] = [];
  const references: string[] = [];
  for (let index = 0; index < count; index++) {
    const { block_schema: schema, ...type } = generatedBlockType(index);
    const created = createdAt(index);
    types.push(line([typeId(index), created, created, type.name, type.slug, type.logo_url, type.documentation_url, type.description, type.code_example, false]));
    schemas.push(line([schemaId(index), created, created, storedFields(schema.fields), schema.checksum, typeId(index), JSON.stringify(schema.capabilities), schema.version]));
    // The generated nesting: type index nests index - 1 under the property `child` (every fifth).
    if (schema.fields.definitions !== undefined) references.push(line([referenceId(index), created, created, 'child', schemaId(index), schemaId(index - 1)]));
  }
  copyRows(cluster, databaseUrl, 'block_type', ['id', 'created', 'updated', 'name', 'slug', 'logo_url', 'documentation_url', 'description', 'code_example', 'is_protected'], types.join(''));
  copyRows(cluster, databaseUrl, 'block_schema', ['id', 'created', 'updated', 'fields', 'checksum', 'block_type_id', 'capabilities', 'version'], schemas.join(''));
  copyRows(cluster, databaseUrl, 'block_schema_reference', ['id', 'created', 'updated', 'name', 'parent_block_schema_id', 'reference_block_schema_id'], references.join(''));
}

interface Listing {
  types: Array<{ id: string; slug: string }>;
  schemas: Array<{ id: string; checksum: string; version: string; block_type: { slug: string } }>;
  /**
   * The listing's bytes as JSON, decoded: what a pull or a diff reads (every page of
   * `/block_types/filter` and `/block_schemas/filter`). On the wire it is less: Prefect gzips its
   * answers, and the generated rows are alike.
   */
  bytes: number;
}

/** Every page of the server's types and schemas, as a pull reads them. */
export async function readListing(server: PrefectServer): Promise<Listing> {
  let bytes = 0;
  const all = async <T>(path: string): Promise<T[]> => {
    const rows: T[] = [];
    for (let offset = 0; ; offset += 200) {
      const response = await fetch(`${server.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limit: 200, offset }) });
      const text = await response.text();
      if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
      bytes += Buffer.byteLength(text);
      const page = JSON.parse(text) as T[];
      rows.push(...page);
      if (page.length < 200) return rows;
    }
  };
  const types = await all<Listing['types'][number]>('/block_types/filter');
  const schemas = await all<Listing['schemas'][number]>('/block_schemas/filter');
  return { types, schemas, bytes };
}

/** Null when the listing holds exactly the `count` generated types, each schema under its generated checksum; else what differs. */
export function listedChecksums(listing: Listing, count: number): string | null {
  const generatedTypes = listing.types.filter((type) => type.slug.startsWith('generated-block-')).length;
  if (generatedTypes !== count) return `the server lists ${generatedTypes} generated types, not ${count}`;
  const bySlug = new Map(listing.schemas.map((schema) => [schema.block_type.slug, schema]));
  for (let index = 0; index < count; index++) {
    const expected = generatedBlockType(index);
    const listed = bySlug.get(expected.slug);
    if (listed?.checksum !== expected.block_schema.checksum || listed.version !== expected.block_schema.version)
      return `${expected.slug} is listed as ${listed === undefined ? 'nothing' : `${listed.checksum} ${listed.version}`}, not ${expected.block_schema.checksum}`;
  }
  return null;
}
