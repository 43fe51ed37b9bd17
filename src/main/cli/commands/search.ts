import { RANK_NAMES } from '../../../shared/search';
import { searchBlockTypes } from '../../operations/browse';
import { UsageError, type CliCommand } from '../command';
import { formatTable } from '../format/table';

export const searchCommand: CliCommand = {
  usage: 'search QUERY... [--json]',
  summary:
    "block types matching QUERY, best first, as the window's search finds them (name, slug,\n" +
    'class name as AwsCredentials, package as prefect_aws, description; a typo per word forgiven);\n' +
    'exit 1 when nothing matches, with "Did you mean …?" when a near word would',
  options: ['db', 'json'],
  run: ({ args, options, io, withRegistry }) => {
    // `search s3 bucket` is one query of two words, as typed in the window's box.
    const query = args.join(' ').trim();
    if (query === '') throw new UsageError('search needs a QUERY (e.g. block-registry search AwsCredentials)');
    return withRegistry({ create: false }, async (registry) => {
      const { results, suggestion } = await searchBlockTypes(registry.db, query);
      if (options.json) {
        const found = results.map(({ entry, rank }) => ({ match: RANK_NAMES[rank], ...entry }));
        io.stdout(JSON.stringify({ query, results: found, did_you_mean: suggestion }, null, 2));
      } else if (results.length > 0) {
        io.stdout(formatTable(results.map(({ entry }) => [entry.block_type.name, entry.block_type.slug, entry.collection, entry.schema_title ?? ''])));
      } else {
        const hint = suggestion === null ? '' : ` Did you mean '${suggestion}'? (block-registry search ${suggestion})`;
        io.stderr(`block-registry: no block type matches '${query}'.${hint}`);
      }
      return results.length > 0 ? 0 : 1;
    });
  },
};
