// Reading schemas back (Prefect's `prefect/server/models/block_schemas.py::read_block_schema`):
// load a set of schemas with every schema reachable through references in two queries, then rebuild `fields` in memory: references from the reference
// rows, block definitions from the children, keyed by each child's title.
import type { BlockSchema, BlockType } from '../../shared/blocks';
import { isJsonObject, jsonEqual, parseJson, type JsonObject, type JsonValue } from '../../shared/json';
import type { Session } from '../db/database';
import { statementsOf } from '../db/session';
import { SELECT_REACHABLE_REFERENCES, SELECT_REACHABLE_SCHEMAS, type GraphReferenceRow } from '../db/statements';
import type { BlockSchemaTable } from '../db/tables';
import { toBlockType } from './block-types';

type ReferenceRow = GraphReferenceRow;

/** A schema row as reads need it: without the client fields, which only a push and an export read. */
type SchemaRow = Omit<BlockSchemaTable, 'client_fields'>;

export interface SchemaGraph {
  schemas: Map<string, { row: SchemaRow; blockType: BlockType }>;
  referencesByParent: Map<string, ReferenceRow[]>;
}

export async function loadSchemaGraph(db: Session, rootIds: string[]): Promise<SchemaGraph> {
  const roots = JSON.stringify(rootIds);
  const statements = statementsOf(db);
  const schemaRows = statements.rows(SELECT_REACHABLE_SCHEMAS, [roots]);
  const referenceRows = statements.rows(SELECT_REACHABLE_REFERENCES, [roots]);

  const schemas: SchemaGraph['schemas'] = new Map();
  for (const r of schemaRows) {
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
  for (const reference of referenceRows) {
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
