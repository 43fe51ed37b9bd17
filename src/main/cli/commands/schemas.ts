import { RegistryError } from '../../../shared/errors';
import { stringifyJson, type JsonValue } from '../../../shared/json';
import { readBlockSchemas } from '../../registry/block-schemas';
import { readBlockTypesBySlugs } from '../../registry/block-types';
import { noArguments, type CliCommand } from '../command';
import { formatTable } from '../format/table';

export const schemasCommand: CliCommand = {
  usage: 'schemas [--type SLUG]... [--json]',
  summary: 'block schemas, newest first',
  options: ['db', 'type', 'json'],
  run: ({ args, options, io, withRegistry }) => {
    noArguments('schemas', args);
    return withRegistry({ create: false }, async (registry) => {
      let blockTypeIds: string[] | undefined;
      if (options.type !== undefined) {
        const types = await readBlockTypesBySlugs(registry.db, options.type);
        const unknown = options.type.find((slug) => !types.has(slug));
        if (unknown !== undefined) throw new RegistryError('not_found', `No block type with slug '${unknown}'.`);
        blockTypeIds = options.type.map((slug) => types.get(slug)?.id ?? '');
      }
      const schemas = await readBlockSchemas(registry.db, { blockTypeIds });
      if (options.json) io.stdout(stringifyJson(schemas as unknown as JsonValue, 2));
      else io.stdout(formatTable(schemas.map((schema) => [schema.block_type.slug, schema.version, schema.checksum, schema.capabilities.join(',')])));
      return 0;
    });
  },
};
