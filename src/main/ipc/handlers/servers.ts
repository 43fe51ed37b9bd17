import type { HandlersOf, ServersContract } from '../../../shared/contract';
import { checkServer } from '../../servers/check';
import { previewPull, pullWithProgress } from '../../operations/pull';
import { copyBetweenServers, copyPreview, copyWithProgress } from '../../operations/server-copy';
import { previewPush, pushWithProgress } from '../../servers/transfer';
import { compareSources, compareTypeSchemas } from '../../servers/compare-sources';
import { connectionsFile } from '../../servers/connection-store';
import { clientFor, listConnections, removeConnection, saveConnection, type ServersEnvironment } from '../../servers/connections';
import { NO_ENCRYPTION } from '../../servers/secret-encryptor';
import { TransferJobs } from '../../servers/transfer-jobs';
import type { HandlerContext } from '../context';

export function serversHandlers(context: HandlerContext): HandlersOf<ServersContract> {
  const servers: ServersEnvironment = {
    file: connectionsFile(context.registry.path),
    encryptor: context.secretEncryptor ?? NO_ENCRYPTION,
    env: context.prefectEnv ?? process.env,
  };
  const jobs = new TransferJobs();
  return {
    listConnections: () => Promise.resolve(listConnections(servers)),
    saveConnection: (args) => Promise.resolve(saveConnection(servers, args)),
    async removeConnection({ id }) {
      removeConnection(servers, id);
      return null;
    },
    async testConnection({ id }) {
      const { api_url, reachable, server_version, api_version, authenticated, problems, ok } = await checkServer(clientFor(servers, id));
      return { api_url, reachable, server_version, api_version, authenticated, problems, ok };
    },
    compareSources: ({ left, right }) => compareSources(context.registry, servers, left, right),
    compareTypeSchemas: ({ left, right, slug }) => compareTypeSchemas(context.registry, servers, left, right, slug),
    previewTransfer: ({ direction, connection_id, slugs }) => {
      const client = clientFor(servers, connection_id);
      return direction === 'push' ? previewPush(context.registry, client, slugs) : previewPull(context.registry, client, slugs);
    },
    async startTransfer({ direction, connection_id, slugs }) {
      const client = clientFor(servers, connection_id);
      const run = direction === 'push' ? pushWithProgress : pullWithProgress;
      return { job_id: jobs.start(direction, client.connection.apiUrl, (progress) => run(context.registry, client, slugs, progress)) };
    },
    getTransfer: ({ job_id }) => Promise.resolve(jobs.get(job_id)),
    cancelTransfer: ({ job_id }) => Promise.resolve(jobs.cancel(job_id)),
    getRunningTransfer: () => Promise.resolve(jobs.running()),
    // The preview is the copy's own dry run; the copy, a job among the pushes and pulls (one at a time).
    previewServerCopy: async ({ from, to, slugs }) => copyPreview(await copyBetweenServers(clientFor(servers, from), clientFor(servers, to), { slugs, dryRun: true })),
    async startServerCopy({ from, to, slugs }) {
      const source = clientFor(servers, from);
      const target = clientFor(servers, to);
      return { job_id: jobs.start('copy', target.connection.apiUrl, (progress) => copyWithProgress(source, target, slugs, progress)) };
    },
  };
}
