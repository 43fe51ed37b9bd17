import { pushToServer, type PushReport } from '../../servers/push';
import { noArguments, type CliCommand } from '../command';
import type { CliIo } from '../io';
import { formatPushReport } from '../format/server';
import { prefectClient } from '../prefect';

export const serverPushCommand: CliCommand = {
  usage: 'server push [--type SLUG]... [--dry-run]',
  summary:
    "register this database's types and schemas on the server as Prefect's\nclient does (nested first; never deletes, never touches protected types);\nsays what a newer schema breaks for documents saved under the server's newest",
  options: ['db', 'type', 'dry-run', 'api-url', 'json'],
  run: async ({ args, options, io, withRegistry }) => {
    noArguments('server push', args);
    const client = prefectClient(options, io);
    // Push only reads the local database: a missing one is reported, not created.
    const report = await withRegistry({ create: false }, (registry) => pushToServer(registry.db, client, { slugs: options.type ?? [], dryRun: options.dryRun }));
    io.stdout(options.json ? JSON.stringify(report, null, 2) : formatPushReport(report));
    return tellPushProblems(report, io);
  },
};

/**
 * What the server refused (and what was not pushed for it) and the checksums it computed
 * otherwise, a line each on stderr; the exit code: 1 when there was any, else 0.
 */
export function tellPushProblems(report: PushReport, io: Pick<CliIo, 'stderr'>): 0 | 1 {
  for (const schema of report.block_schemas) {
    if (schema.server_checksum !== null) {
      const why = schema.read_back_sent
        ? "what its client sent is not known here, only a server's read-back of it, which does not give its checksum (docs/decisions/checksum-identity.md)"
        : 'it computed another checksum for the fields its client sends';
      io.stderr(`block-registry: the server stored ${schema.block_type_slug} ${schema.version} as ${schema.server_checksum}, not ${schema.checksum}: ${why}.`);
    }
  }
  for (const failure of report.failures) io.stderr(`block-registry: ${failure.message}`);
  return report.counts.checksum_mismatches > 0 || report.failures.length > 0 ? 1 : 0;
}
