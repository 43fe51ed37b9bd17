// A block type with 30 string fields (about 190 lines of fields JSON): big enough that a diff of two
// versions, and the pages showing it, have something worth laying out.
const FIELD_COUNT = 30;

type Properties = Record<string, Record<string, unknown>>;

/** The block file of Wide Block `version`, its fields changed by `edit`; `extra` sets the type's links and the schema's capabilities. */
export function wideBlock(version: string, edit: (properties: Properties) => void, extra: { documentation_url?: string; capabilities?: string[] } = {}): string {
  const properties: Properties = {};
  for (let index = 0; index < FIELD_COUNT; index++) {
    properties[`field_${index}`] = { title: `Field ${index}`, description: `The field number ${index}.`, type: 'string', default: `value ${index}` };
  }
  edit(properties);
  const fields = {
    title: 'WideBlock',
    description: 'A block with many fields.',
    type: 'object',
    properties,
    required: ['field_0'],
    block_type_slug: 'wide-block',
    secret_fields: [],
    block_schema_references: {},
  };
  return JSON.stringify(
    {
      name: 'Wide Block',
      slug: 'wide-block',
      logo_url: null,
      documentation_url: extra.documentation_url ?? null,
      description: 'Many fields.',
      code_example: null,
      block_schema: { fields, capabilities: extra.capabilities ?? [], version },
    },
    null,
    2,
  );
}
