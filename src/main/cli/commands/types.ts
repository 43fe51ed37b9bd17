import { readBlockTypes } from '../../registry/block-types';
import { noArguments, type CliCommand } from '../command';
import { formatTable } from '../format/table';

export const typesCommand: CliCommand = {
  usage: 'types [--json]',
  summary: 'block types, ordered by name',
  options: ['db', 'json'],
  run: ({ args, options, io, withRegistry }) => {
    noArguments('types', args);
    return withRegistry({ create: false }, async (registry) => {
      const types = await readBlockTypes(registry.db);
      io.stdout(options.json ? JSON.stringify(types, null, 2) : formatTable(types.map((type) => [type.name, type.slug, type.is_protected ? 'protected' : ''])));
      return 0;
    });
  },
};
