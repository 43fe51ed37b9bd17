import { RegistryError } from '../../../shared/errors';
import { readBlockTypes } from '../../registry/block-types';
import { noArguments, type CliCommand } from '../command';
import { formatTable } from '../format/table';

export const typesCommand: CliCommand = {
  usage: 'types [--type SLUG]... [--json]',
  summary: 'block types, ordered by name',
  options: ['db', 'type', 'json'],
  run: ({ args, options, io, withRegistry }) => {
    noArguments('types', args);
    return withRegistry({ create: false }, async (registry) => {
      const types = await readBlockTypes(registry.db, { slugs: options.type });
      // As `schemas --type`: a slug that names nothing is said, never an empty or shorter list.
      const unknown = options.type?.find((slug) => !types.some((type) => type.slug === slug));
      if (unknown !== undefined) throw new RegistryError('not_found', `No block type with slug '${unknown}'.`);
      io.stdout(options.json ? JSON.stringify(types, null, 2) : formatTable(types.map((type) => [type.name, type.slug, type.is_protected ? 'protected' : ''])));
      return 0;
    });
  },
};
