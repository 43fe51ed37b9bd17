// A synthetic Prefect catalogue of any size, shaped like the real one: every fifth block type
// nests the block type before it (with its definition and the client checksum Prefect records).
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { parseJson, stringifyJson, type JsonObject } from '../../src/shared/json';

/** One generated block type as a catalogue holds it (its one schema under `block_schema`). */
export interface GeneratedBlockType {
  name: string;
  slug: string;
  logo_url: string;
  documentation_url: string;
  description: string;
  code_example: string;
  block_schema: { checksum: string; fields: JsonObject; capabilities: string[]; version: string };
}

/** The fields of generated type `index` without any nested block (what a nested child's definition is). */
function ownFields(index: number): JsonObject {
  const slug = `generated-block-${index}`;
  return parseJson(
    JSON.stringify({
      title: `GeneratedBlock${index}`,
      description: `Generated block number ${index} for benchmarks.`,
      type: 'object',
      properties: {
        name: { title: 'Name', description: 'A name.', type: 'string' },
        retries: { title: 'Retries', default: 3, type: 'integer' },
        ratio: { title: 'Ratio', default: 0.5, type: 'number' },
        token: { title: 'Token', type: 'string', writeOnly: true, format: 'password' },
      },
      required: ['name'],
      block_type_slug: slug,
      secret_fields: ['token'],
      block_schema_references: {},
    }),
  ) as JsonObject;
}

/** Generated type `index`, alone: the same as the catalogue's (a type nests the one before it when `index % 5 === 4`). */
export function generatedBlockType(index: number): GeneratedBlockType {
  const slug = `generated-block-${index}`;
  const fields = ownFields(index);
  if (index % 5 === 4) {
    // The type before a nesting one never nests (index % 5 === 3).
    const child = ownFields(index - 1);
    const childTitle = `GeneratedBlock${index - 1}`;
    (fields.properties as JsonObject).child = { title: 'Child', $ref: `#/definitions/${childTitle}` };
    fields.definitions = { [childTitle]: child };
    fields.block_schema_references = { child: { block_schema_checksum: blockSchemaChecksum(child), block_type_slug: `generated-block-${index - 1}` } };
  }
  return {
    name: `Generated Block ${index}`,
    slug,
    logo_url: 'https://example.com/logo.png',
    documentation_url: 'https://example.com/docs',
    description: `Generated block number ${index}.`,
    code_example: `from generated import GeneratedBlock${index}`,
    block_schema: { checksum: blockSchemaChecksum(fields), fields, capabilities: index % 2 === 0 ? ['read-path'] : [], version: '1.0.0' },
  };
}

export function generateCatalogue(typeCount: number, collectionSize = 100): string {
  const collections: JsonObject = {};
  for (let index = 0; index < typeCount; index++) {
    const collection = `generated-${Math.floor(index / collectionSize)}`;
    const blockTypes = ((collections[collection] as JsonObject | undefined) ?? { block_types: {} }) as JsonObject;
    (blockTypes.block_types as JsonObject)[`generated-block-${index}`] = generatedBlockType(index) as unknown as JsonObject;
    collections[collection] = blockTypes;
  }
  return stringifyJson({ collections });
}
