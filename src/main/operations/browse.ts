// Reads for the window and the command line: what the catalogue, a block type's page and a
// schema's page show, and the catalogue's search.
import type { BlockSchemaDetail, BlockTypeDetail, Overview } from '../../shared/contract';
import { RegistryError } from '../../shared/errors';
import { stringifyJson } from '../../shared/json';
import { schemaFields, type SchemaField } from '../../shared/schema-fields';
import type { RegistrationReport } from '../../shared/report';
import { rankEntries, suggestSearch, type RankedEntry } from '../../shared/search';
import type { Session } from '../db/database';
import { readBlockSchema } from '../registry/block-schemas';
import { countRows, readCatalogue, readSchemaSummaries } from '../registry/catalogue';
import { resolveReferences } from '../registry/references';

export interface OverviewContext {
  databasePath: string;
  autoRegisterFolder: string;
  lastRegistration: RegistrationReport | null;
}

export async function readOverview(db: Session, context: OverviewContext): Promise<Overview> {
  const counts = await countRows(db);
  return {
    block_type_count: counts.blockTypes,
    block_schema_count: counts.blockSchemas,
    database_path: context.databasePath,
    last_registration: context.lastRegistration,
    auto_register_folder: context.autoRegisterFolder,
  };
}

export async function readBlockTypeDetail(db: Session, slug: string): Promise<BlockTypeDetail> {
  const [entry] = await readCatalogue(db, slug);
  if (entry === undefined) throw new RegistryError('not_found', `No block type with slug '${slug}'.`);
  return { entry, schemas: await readSchemaSummaries(db, entry.block_type.id) };
}

export async function readBlockSchemaDetail(db: Session, id: string): Promise<BlockSchemaDetail> {
  const schema = await readBlockSchema(db, id);
  if (schema === null) throw new RegistryError('not_found', 'Block schema not found');
  const { fields, ...rest } = schema;
  return { schema: rest, fields_json: stringifyJson(fields, 2), references: await resolveReferences(db, fields.block_schema_references ?? {}) };
}

/** What `block-registry search` shows: the window's ranking over every registered type, and a suggestion when nothing is found. */
export interface SearchResult {
  results: RankedEntry[];
  /** "Did you mean …?": a corrected query that finds something; null when there are results or no such query. */
  suggestion: string | null;
}

export async function searchBlockTypes(db: Session, query: string): Promise<SearchResult> {
  const entries = await readCatalogue(db);
  const results = rankEntries(entries, query);
  return { results, suggestion: results.length === 0 ? suggestSearch(entries, query) : null };
}

/** One block type as `block-registry show` prints it: what its page in the window shows, the newest schema's fields as its table rows. */
export interface BlockTypeSheet extends BlockTypeDetail {
  /** The newest schema's rows of the window's fields table (src/shared/schema-fields.ts); empty when there is no schema. */
  fields: SchemaField[];
}

export async function readBlockTypeSheet(db: Session, slug: string): Promise<BlockTypeSheet> {
  let detail: BlockTypeDetail;
  try {
    detail = await readBlockTypeDetail(db, slug);
  } catch (error) {
    if (!(error instanceof RegistryError) || error.code !== 'not_found') throw error;
    // As the window's search would find it: `show AwsCredentials` names the slug to use.
    const [best] = rankEntries(await readCatalogue(db), slug);
    throw new RegistryError('not_found', `No block type with slug '${slug}'.${best === undefined ? '' : ` Did you mean '${best.entry.block_type.slug}'?`}`);
  }
  const newest = detail.schemas[0];
  if (newest === undefined) return { ...detail, fields: [] };
  const schema = await readBlockSchema(db, newest.id);
  return { ...detail, fields: schema === null ? [] : schemaFields(schema.fields) };
}
