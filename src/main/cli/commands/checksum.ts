import { blockSchemaChecksum } from '../../registry/checksum';
import { errorMessage, RegistryError } from '../../../shared/errors';
import { decodeBlockFile } from '../../../shared/formats';
import { looksLikeCatalogue } from '../../../shared/formats/catalogue';
import { looksLikeEntry } from '../../../shared/formats/entries';
import { looksLikeInspectOutput, looksLikeRestSchema } from '../../../shared/formats/rest';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../../shared/json';
import { readBlockFileBytes } from '../../block-files/disk';
import { UsageError, type CliCommand } from '../command';

const EXPECTED = 'expected one block schema\'s "fields" JSON object (a JSON schema such as {"title": …, "type": "object", "properties": {…}}, as in Prefect\'s block_schema.fields)';

/** Keys only a JSON schema (Prefect's fields) has at its top; `{}` is a schema too (Prefect's default fields). */
const SCHEMA_KEYS = ['properties', 'title', 'type', '$ref', 'definitions', '$defs', 'block_type_slug', 'secret_fields', 'block_schema_references', 'allOf', 'anyOf', 'required'];

export const checksumCommand: CliCommand = {
  usage: 'checksum FILE...',
  summary: 'Prefect\'s checksum of each FILE (one schema\'s "fields" object)',
  options: [],
  run: ({ args, io }) => {
    if (args.length === 0) throw new UsageError('checksum needs at least one FILE');
    let status = 0;
    for (const file of args) {
      try {
        // Read as imports are: a FIFO, a huge file or bytes that are not UTF-8 are refused.
        const fields = schemaFields(parseJson(decodeBlockFile(file, readBlockFileBytes(file).bytes)));
        io.stdout(`${blockSchemaChecksum(fields)}  ${file}`);
      } catch (error) {
        // A refusal's message already names the file.
        io.stderr(`block-registry: ${error instanceof RegistryError ? error.message : `${file}: ${errorMessage(error)}`}`);
        status = 1;
      }
    }
    return Promise.resolve(status);
  },
};

/**
 * The file's JSON as one schema's fields; a block definition file (whose checksum would be of the
 * wrong object) is refused, saying where its fields are.
 */
function schemaFields(root: JsonValue): JsonObject {
  const where = fieldsLocation(root);
  if (where !== undefined) throw new Error(`${EXPECTED}, not ${where.what}: hash the object at ${where.path} (each schema's own), e.g. saved to a file of its own.`);
  if (!isJsonObject(root)) throw new Error(`${EXPECTED}; this file holds ${Array.isArray(root) ? 'a list' : `a ${root === null ? 'null' : typeof root === 'object' ? 'number' : typeof root}`}.`);
  const keys = Object.keys(root);
  if (keys.length > 0 && !keys.some((key) => SCHEMA_KEYS.includes(key))) {
    const shown = keys.slice(0, 5).map((key) => JSON.stringify(key));
    throw new Error(`${EXPECTED}; this object has none of a schema's keys (it has ${shown.join(', ')}${keys.length > 5 ? ', …' : ''}).`);
  }
  return root;
}

/** Where the fields are in a block definition file, by its format. */
function fieldsLocation(root: JsonValue): { what: string; path: string } | undefined {
  if (looksLikeCatalogue(root)) return { what: "Prefect's block catalogue", path: 'collections.COLLECTION.block_types.SLUG.block_schema.fields' };
  if (looksLikeInspectOutput(root)) return { what: '`prefect block type inspect -o json` output', path: 'schema.fields' };
  if (looksLikeRestSchema(root)) return { what: "a block schema from Prefect's API", path: 'fields' };
  if (looksLikeEntry(root)) return { what: 'a block type with its schema (a catalogue entry)', path: 'block_schema.fields' };
  if (Array.isArray(root) && root.length > 0) {
    if (root.every((item) => looksLikeRestSchema(item))) return { what: "a list of block schemas from Prefect's API", path: '[N].fields' };
    if (root.every((item) => looksLikeEntry(item))) return { what: 'a list of block types with their schemas', path: '[N].block_schema.fields' };
  }
  return undefined;
}
