// Prefect's block data model, in the shape Prefect's REST API returns it (snake_case).
import type { JsonObject, JsonValue } from './json';

export const NON_VERSIONED = 'non-versioned';

/** Metadata Prefect's `register_block_type` overwrites when the slug already exists. */
export const UPDATABLE_BLOCK_TYPE_FIELDS = ['logo_url', 'documentation_url', 'description', 'code_example'] as const;
export type UpdatableBlockTypeField = (typeof UPDATABLE_BLOCK_TYPE_FIELDS)[number];

interface Row {
  id: string;
  /** ISO 8601 UTC with microseconds, e.g. `2026-11-24T07:15:43.123456Z`. */
  created: string;
  updated: string;
}

export interface BlockType extends Row {
  name: string;
  slug: string;
  logo_url: string | null;
  documentation_url: string | null;
  description: string | null;
  code_example: string | null;
  is_protected: boolean;
}

/** What a block type is created with (Prefect's `BlockTypeCreate`): no id, dates or protected flag. */
export type BlockTypeMetadata = Pick<BlockType, 'name' | 'slug' | UpdatableBlockTypeField>;

/** A block type's metadata alone, in Prefect's field order (as an export writes it). */
export function blockTypeMetadata(type: BlockTypeMetadata): BlockTypeMetadata {
  return { name: type.name, slug: type.slug, logo_url: type.logo_url, documentation_url: type.documentation_url, description: type.description, code_example: type.code_example };
}

export interface BlockSchema extends Row {
  checksum: string;
  /** The client-facing JSON schema: stored fields with references and block definitions rebuilt. */
  fields: JsonObject;
  block_type_id: string;
  block_type: BlockType;
  capabilities: string[];
  version: string;
}

export interface BlockSchemaReference extends Row {
  name: string;
  parent_block_schema_id: string;
  reference_block_schema_id: string;
}

/** One entry of `fields.block_schema_references`. */
export interface BlockSchemaReferenceEntry {
  block_type_slug: string;
  block_schema_checksum: string;
}

/** A block type as registration receives it (no id, no timestamps). */
export type BlockTypeInput = Omit<BlockType, keyof Row>;

/** A block schema as registration receives it. `checksum` is the recorded one, used only for look-ups. */
export interface BlockSchemaInput {
  checksum: string | null;
  /** The fields as a client registers them (every definition included). */
  fields: JsonObject;
  capabilities: string[];
  version: string;
  /**
   * The nested schemas to link, as the source stored them, when they differ from the references
   * `fields` records: a Prefect server links a parent to the child it created itself from the
   * parent's definitions, whose checksum is not the one the client recorded (a server's read-back,
   * or this app's export of one). Absent: the references in `fields`.
   */
  links?: JsonObject;
  /**
   * Keep `checksum` although `fields` do not reproduce it: a Prefect server's read-back that could
   * not be restored to what its client sent, where the server's checksum is the schema's identity
   * (docs/decisions/checksum-identity.md). Only a server pull, and this app's own export of such a
   * schema, set it; any other file keeps the rule that the checksum is computed from the fields.
   */
  keepChecksum?: boolean;
}

/** The nested schemas a schema input links: its `links` when given, else the references its fields record. */
export function linkedReferences(input: Pick<BlockSchemaInput, 'fields' | 'links'>): JsonValue {
  return input.links ?? input.fields.block_schema_references ?? {};
}
