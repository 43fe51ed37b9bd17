// What every accepted file format is turned into: a list of block types, each with its schema.
import type { BlockSchemaInput, BlockTypeInput } from '../blocks';

export interface RegistrationEntry {
  blockType: BlockTypeInput;
  /** Null for a type registered without a schema. */
  blockSchema: BlockSchemaInput | null;
  /** The collection (package) the entry came from, when the format says. */
  collection: string | null;
  /** Where the entry is, for messages: the file and the JSON path of the block type object. */
  file: string;
  path: string;
  /** The JSON path of the block schema object (null without a schema). */
  schemaPath: string | null;
}

export interface RegistrationBatch {
  entries: RegistrationEntry[];
}
