// A synthetic Prefect catalogue of any size, shaped like the real one: every fifth block type
// nests the block type before it (with its definition and the client checksum Prefect records).
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { parseJson, stringifyJson, type JsonObject } from '../../src/shared/json';

export function generateCatalogue(typeCount: number, collectionSize = 100): string {
  const collections: JsonObject = {};
  let previous: { slug: string; title: string; fields: JsonObject } | null = null;
  for (let index = 0; index < typeCount; index++) {
    const collection = `generated-${Math.floor(index / collectionSize)}`;
    const slug = `generated-block-${index}`;
    const title = `GeneratedBlock${index}`;
    const fields = parseJson(
      JSON.stringify({
        title,
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
    if (index % 5 === 4 && previous !== null) {
      const child = previous;
      (fields.properties as JsonObject).child = { title: 'Child', $ref: `#/definitions/${child.title}` };
      fields.definitions = { [child.title]: child.fields };
      fields.block_schema_references = { child: { block_schema_checksum: blockSchemaChecksum(child.fields), block_type_slug: child.slug } };
    }
    const blockTypes = ((collections[collection] as JsonObject | undefined) ?? { block_types: {} }) as JsonObject;
    (blockTypes.block_types as JsonObject)[slug] = {
      name: `Generated Block ${index}`,
      slug,
      logo_url: 'https://example.com/logo.png',
      documentation_url: 'https://example.com/docs',
      description: `Generated block number ${index}.`,
      code_example: `from generated import GeneratedBlock${index}`,
      block_schema: { checksum: blockSchemaChecksum(fields), fields, capabilities: index % 2 === 0 ? ['read-path'] : [], version: '1.0.0' },
    };
    collections[collection] = blockTypes;
    if (fields.definitions === undefined) previous = { slug, title, fields };
  }
  return stringifyJson({ collections });
}
