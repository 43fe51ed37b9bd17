// Reads for the window: what the catalogue, a block type's page and a schema's page show.
import type { BlockSchemaDetail, BlockTypeDetail, Overview } from '../../shared/contract';
import { RegistryError } from '../../shared/errors';
import { stringifyJson } from '../../shared/json';
import type { RegistrationReport } from '../../shared/report';
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
