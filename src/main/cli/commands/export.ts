import { exportCatalogue } from '../../operations/export';
import { noArguments, type CliCommand } from '../command';

export const exportCommand: CliCommand = {
  usage: 'export [--type SLUG]...',
  summary: 'Prefect catalogue JSON of the block types (all by default) on stdout',
  options: ['db', 'type'],
  writesJson: true,
  run: ({ args, options, io, withRegistry }) => {
    noArguments('export', args);
    return withRegistry({ create: false }, async (registry) => {
      io.stdout((await exportCatalogue(registry.db, { slugs: options.type })).text.trimEnd());
      return 0;
    });
  },
};
