import { formatIssue, RegistryError } from '../../../shared/errors';
import { diffWithServer } from '../../servers/diff';
import { noArguments, type CliCommand } from '../command';
import { formatServerDiff } from '../format/server';
import { prefectClient } from '../prefect';

/** As diff(1): 0 the same, 1 different, 2 trouble. */
const TROUBLE = 2;

export const serverDiffCommand: CliCommand = {
  usage: 'server diff [--type SLUG]...',
  summary: 'what differs between this database and the server\n(exit 0 the same, 1 different, 2 trouble)',
  options: ['db', 'type', 'api-url', 'json'],
  run: async ({ args, options, io, withRegistry }) => {
    noArguments('server diff', args);
    try {
      const client = prefectClient(options, io);
      const diff = await withRegistry({ create: false }, (registry) => diffWithServer(registry.db, client, options.type ?? []));
      io.stdout(options.json ? JSON.stringify(diff, null, 2) : formatServerDiff(diff));
      return diff.same ? 0 : 1;
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      io.stderr(`block-registry: ${error.message}`);
      for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}`);
      return TROUBLE;
    }
  },
};
