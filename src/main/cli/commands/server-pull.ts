import { formatIssue } from '../../../shared/errors';
import { runImport } from '../../operations/import';
import { describeRestored, readServerEntries } from '../../servers/pull';
import { noArguments, type CliCommand } from '../command';
import { printDryRun } from '../format/preview';
import { formatReport } from '../format/report';
import { prefectClient } from '../prefect';

export const serverPullCommand: CliCommand = {
  usage: 'server pull [--type SLUG]... [--dry-run]',
  summary: "register the server's block types and schemas here, as an import of them\n(the same preview and all-or-nothing registration); --dry-run writes nothing\n(exit 1 when there are errors)",
  options: ['db', 'type', 'dry-run', 'api-url', 'json'],
  run: async ({ args, options, io, withRegistry }) => {
    noArguments('server pull', args);
    const client = prefectClient(options, io);
    // Read the server before opening the database: a slow server never holds it.
    const { read, protectedSlugs, restored } = await readServerEntries(client, options.type ?? []);
    if (protectedSlugs.length > 0) io.stderr(`block-registry: protected types are not pulled (this app installs its own): ${protectedSlugs.join(', ')}`);
    if (restored.length > 0) io.stderr(`block-registry: ${describeRestored(restored)}`);
    // A pull registers: like import, it may create the database.
    return withRegistry({ create: !options.dryRun, emptyWhenMissing: options.dryRun }, async (registry) => {
      const source = `server ${client.connection.apiUrl}`;
      if (options.dryRun) return printDryRun(io, (await runImport(registry, read, { mode: 'dry-run', source, withFields: options.json })).preview, options.json);
      const { preview, report } = await runImport(registry, read, { mode: 'apply', source });
      for (const warning of preview.warnings) io.stderr(`warning: ${formatIssue(warning)}`);
      io.stdout(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      return 0;
    });
  },
};
