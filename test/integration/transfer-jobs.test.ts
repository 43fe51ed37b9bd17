// One push or pull at a time (they share this registry's database): through the real IPC handlers,
// a second startTransfer while one is in flight is refused, naming the running one, whichever
// server either is; getRunningTransfer answers it; once it has ended, a new one starts.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import type { ServerConnectionInfo, TransferJob } from '../../src/shared/servers';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { startHeldServer, type HeldServer } from '../helpers/held-server';
import { useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();
let folder: string;
let launched: LaunchedRegistry;
let main: RecordingHandlers;
const servers: HeldServer[] = [];

beforeEach(async () => {
  folder = temp.dir();
  launched = await launchRegistry(join(folder, 'app'));
  main = recordingHandlers(launched, { prefectEnv: { PREFECT_HOME: join(folder, 'prefect-home') } });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await launched.registry.close();
});

async function heldConnection(name: string): Promise<{ server: HeldServer; connection: ServerConnectionInfo }> {
  const server = await startHeldServer();
  servers.push(server);
  const connection = await main.call<ServerConnectionInfo>('saveConnection', { id: null, name, api_url: server.api, auth: 'none', secret: null });
  return { server, connection };
}

it('refuses a second push or pull while one runs, against any server, naming the running one', async () => {
  const staging = await heldConnection('Staging');
  const production = await heldConnection('Production');
  expect(await main.call('getRunningTransfer')).toBeNull();

  const { job_id } = await main.call<{ job_id: string }>('startTransfer', { direction: 'push', connection_id: staging.connection.id, slugs: ['slack-webhook'] });
  await staging.server.received();
  expect(await main.call<TransferJob | null>('getRunningTransfer')).toMatchObject({ id: job_id, direction: 'push', api_url: staging.server.api, state: 'running' });

  const refusal = `A push to ${staging.server.api}`;
  for (const [direction, target] of [
    ['pull', staging],
    ['push', production],
    ['pull', production],
  ] as const) {
    const error = await main.callError('startTransfer', { direction, connection_id: target.connection.id, slugs: ['slack-webhook'] });
    expect(error.code).toBe('database_busy');
    expect(error.message).toMatch(
      new RegExp(
        `^${refusal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(\\d+ of \\d+ block types done\\))? is running: wait for it to finish, or cancel it, before starting another push, pull or copy\\.$`,
      ),
    );
  }
  // A copy between two servers too: it ends in a push.
  expect(await main.callError('startServerCopy', { from: production.connection.id, to: staging.connection.id, slugs: [] })).toMatchObject({ code: 'database_busy' });

  // The server answers at last (it refuses the request): the job ends, and another may start.
  staging.server.release(401);
  expect((await main.settle(job_id)).state).toBe('failed');
  expect(await main.call('getRunningTransfer')).toBeNull();
  const next = await main.call<{ job_id: string }>('startTransfer', { direction: 'pull', connection_id: production.connection.id, slugs: ['slack-webhook'] });
  expect(await main.call<TransferJob | null>('getRunningTransfer')).toMatchObject({ id: next.job_id, direction: 'pull', api_url: production.server.api });
  production.server.release(401);
  expect((await main.settle(next.job_id)).state).toBe('failed');
});

it('a copy between two servers runs as one of those jobs: named as such while it runs, its failure in the server’s words', async () => {
  const staging = await heldConnection('Staging');
  const production = await heldConnection('Production');
  const { job_id } = await main.call<{ job_id: string }>('startServerCopy', { from: staging.connection.id, to: production.connection.id, slugs: [] });
  await staging.server.received();
  expect(await main.call<TransferJob | null>('getRunningTransfer')).toMatchObject({ id: job_id, direction: 'copy', api_url: production.server.api, state: 'running' });
  const error = await main.callError('startTransfer', { direction: 'push', connection_id: staging.connection.id, slugs: ['slack-webhook'] });
  expect(error).toMatchObject({ code: 'database_busy', message: `A copy to ${production.server.api} is running: wait for it to finish, or cancel it, before starting another push, pull or copy.` });

  // The source refuses the read: nothing was written to the target, and the job says why.
  staging.server.release(401);
  const job = await main.settle(job_id);
  expect(job.state).toBe('failed');
  expect(job.message).toMatch(/401/);
  expect(await main.call('getRunningTransfer')).toBeNull();
});
