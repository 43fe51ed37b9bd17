import { copyBetweenServers } from '../../operations/server-copy';
import { resolveNamedServer } from '../../servers/documents/server-names';
import { describeRestored } from '../../servers/pull';
import { noArguments, UsageError, type CliCommand } from '../command';
import { formatPushReport } from '../format/server';
import { prefectClientFor } from '../prefect';
import { tellPushProblems } from './server-push';

export const serverCopyCommand: CliCommand = {
  usage: 'server copy --from SERVER --to SERVER [--type SLUG]... [--dry-run]',
  summary: "register one server's block types and schemas on another, exactly (read as a pull\nreads, pushed as a push pushes); this database is not used; --dry-run writes nothing",
  options: ['from', 'to', 'type', 'dry-run', 'api-url', 'json'],
  run: async ({ args, options, io }) => {
    noArguments('server copy', args);
    if (options.to === undefined) throw new UsageError('server copy needs --to SERVER (a URL, or the name of a Prefect profile)');
    const source = prefectClientFor(resolveNamedServer(options.from, options.apiUrl, io.env), io);
    const target = prefectClientFor(resolveNamedServer(options.to, options.apiUrl, io.env), io);
    if (source.connection.apiUrl === target.connection.apiUrl) throw new UsageError(`server copy: --from and --to name the same server (${source.connection.apiUrl}); nothing to copy.`);
    const report = await copyBetweenServers(source, target, { slugs: options.type ?? [], dryRun: options.dryRun });
    if (report.protected_types.length > 0) io.stderr(`block-registry: protected types are not copied (every server installs its own): ${report.protected_types.join(', ')}`);
    if (report.restored.length > 0) io.stderr(`block-registry: ${describeRestored(report.restored)}`);
    io.stdout(options.json ? JSON.stringify(report, null, 2) : `Copy from ${report.from}\n${formatPushReport(report.push)}`);
    return tellPushProblems(report.push, io);
  },
};
