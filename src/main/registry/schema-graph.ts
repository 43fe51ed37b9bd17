// Reading schemas back (Prefect's `prefect/server/models/block_schemas.py::read_block_schema`):
// load a set of schemas with every schema reachable through references in two queries, then rebuild `fields` in memory: references from the reference
// rows, block definitions from the children, keyed by each child's title.
import { sql } from 'kysely';
import type { BlockSchema, BlockType } from '../../shared/blocks';
import { isJsonObject, jsonEqual, parseJson, type JsonObject, type JsonValue } from '../../shared/json';
import type { RegistryDb } from '../db/database';
import type { BlockSchemaTable, BlockTypeTable } from '../db/tables';
import { toBlockType } from './block-types';

interface ReferenceRow {
  name: string;
  parent_block_schema_id: string;
  reference_block_schema_id: string;
}

/** A schema row as reads need it: without the client fields, which only a push and an export read. */
type SchemaRow = Omit<BlockSchemaTable, 'client_fields'>;

export interface SchemaGraph {
  schemas: Map<string, { row: SchemaRow; blockType: BlockType }>;
  referencesByParent: Map<string, ReferenceRow[]>;
}

export async function loadSchemaGraph(db: RegistryDb, rootIds: string[]): Promise<SchemaGraph> {
  const roots = JSON.stringify(rootIds);
  const reachable = sql`WITH RECURSIVE reachable(id) AS (
      SELECT value FROM json_each(${roots})
      UNION
      SELECT r.reference_block_schema_id FROM block_schema_reference r JOIN reachable ON r.parent_block_schema_id = reachable.id
    )`;
  const schemaRows = await sql<SchemaRow & { [K in keyof BlockTypeTable as `type_${K}`]: BlockTypeTable[K] }>`${reachable}
    SELECT s.id, s.created, s.updated, s.checksum, s.fields, s.capabilities, s.version, s.block_type_id, t.id AS type_id, t.created AS type_created, t.updated AS type_updated, t.name AS type_name,
      t.slug AS type_slug, t.logo_url AS type_logo_url, t.documentation_url AS type_documentation_url,
      t.description AS type_description, t.code_example AS type_code_example, t.is_protected AS type_is_protected
    FROM block_schema s JOIN block_type t ON t.id = s.block_type_id
    WHERE s.id IN (SELECT id FROM reachable)`.execute(db);
  const referenceRows = await sql<ReferenceRow>`${reachable}
    SELECT name, parent_block_schema_id, reference_block_schema_id FROM block_schema_reference
    WHERE parent_block_schema_id IN (SELECT id FROM reachable)
    ORDER BY created, rowid`.execute(db);

  const schemas: SchemaGraph['schemas'] = new Map();
  for (const r of schemaRows.rows) {
    const blockType = toBlockType({
      id: r.type_id,
      created: r.type_created,
      updated: r.type_updated,
      name: r.type_name,
      slug: r.type_slug,
      logo_url: r.type_logo_url,
      documentation_url: r.type_documentation_url,
      description: r.type_description,
      code_example: r.type_code_example,
      is_protected: r.type_is_protected,
    });
    const row: SchemaRow = {
      id: r.id,
      created: r.created,
      updated: r.updated,
      checksum: r.checksum,
      fields: r.fields,
      capabilities: r.capabilities,
      version: r.version,
      block_type_id: r.block_type_id,
    };
    schemas.set(r.id, { row, blockType });
  }
  const referencesByParent: SchemaGraph['referencesByParent'] = new Map();
  for (const reference of referenceRows.rows) {
    const list = referencesByParent.get(reference.parent_block_schema_id) ?? [];
    list.push(reference);
    referencesByParent.set(reference.parent_block_schema_id, list);
  }
  return { schemas, referencesByParent };
}

export function rebuildSchema(graph: SchemaGraph, id: string): BlockSchema | null {
  const node = graph.schemas.get(id);
  if (node === undefined) return null;
  const capabilities = JSON.parse(node.row.capabilities) as string[];
  return {
    id: node.row.id,
    created: node.row.created,
    updated: node.row.updated,
    checksum: node.row.checksum,
    fields: rebuildFields(graph, id, new Set()),
    block_type_id: node.row.block_type_id,
    block_type: node.blockType,
    capabilities,
    version: node.row.version,
  };
}

function rebuildFields(graph: SchemaGraph, id: string, ancestors: Set<string>): JsonObject {
  const node = graph.schemas.get(id);
  if (node === undefined) return {};
  const fields = parseJson(node.row.fields) as JsonObject;

  const references: JsonObject = {};
  const childIds: string[] = [];
  for (const reference of graph.referencesByParent.get(id) ?? []) {
    const child = graph.schemas.get(reference.reference_block_schema_id);
    if (child === undefined) continue;
    const entry: JsonObject = { block_schema_checksum: child.row.checksum, block_type_slug: child.blockType.slug };
    const current = references[reference.name];
    if (current === undefined) {
      references[reference.name] = entry;
    } else if (Array.isArray(current)) {
      if (current.some((item) => jsonEqual(item, entry))) continue;
      current.push(entry);
    } else {
      if (jsonEqual(current, entry)) continue;
      references[reference.name] = [current, entry];
    }
    childIds.push(child.row.id);
  }
  fields.block_schema_references = references;

  // A reference cycle cannot come from registration, but a hand-edited file must not hang a read.
  const path = new Set(ancestors).add(id);
  let blockDefinitions: JsonObject = {};
  for (const childId of childIds) {
    if (path.has(childId)) continue;
    const { definitions: childDefinitions, ...childFields } = rebuildFields(graph, childId, path);
    const title = childFields.title;
    if (typeof title !== 'string') continue;
    blockDefinitions = { ...blockDefinitions, [title]: childFields, ...(isJsonObject(childDefinitions) ? childDefinitions : {}) };
  }
  const stored: JsonValue | undefined = fields.definitions;
  if (Object.keys(blockDefinitions).length > 0 || (isJsonObject(stored) && Object.keys(stored).length > 0)) {
    fields.definitions = { ...(isJsonObject(stored) ? stored : {}), ...blockDefinitions };
  }
  return fields;
}
