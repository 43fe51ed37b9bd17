// @vitest-environment happy-dom-node-network
// The servers page while main runs a push (one transfer at a time: a pull writes the database a push reads): opened again
// while a push started earlier is still in flight, the page shows that push's progress, and Push
// and Pull stay unavailable beside a comparison with a real Prefect 3.9.1 server until the push
// has ended. The push goes to a server that holds every request until the test lets it answer.
import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServerConnectionInfo } from '../../src/shared/servers';
import { startHeldServer, type HeldServer } from '../helpers/held-server';
import { createTestApi, unwrap } from '../integration/window/real-api';
import { renderApp } from '../integration/window/render-app';
import { startPrefectServer, type PrefectServer } from './server';

let server: PrefectServer | undefined;
let held: HeldServer | undefined;
const SERVER_WAIT = { timeout: 60_000 };

beforeAll(async () => {
  [server, held] = await Promise.all([startPrefectServer({ PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' }), startHeldServer()]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), held?.close()]);
});

it('Push and Pull stay unavailable beside a comparison while a push started earlier runs, and come back when it has ended', async () => {
  if (server === undefined || held === undefined) throw new Error('servers not started');
  const api = createTestApi();
  const save = async (name: string, apiUrl: string) => unwrap<ServerConnectionInfo>(await api.main.saveConnection({ id: null, name, api_url: apiUrl, auth: 'none', secret: null }));
  await save('Local server', server.api);
  const heldConnection = await save('Held', held.api);
  unwrap(await api.main.startTransfer({ direction: 'push', connection_id: heldConnection.id, slugs: ['slack-webhook'] }));
  await held.received();

  const { user } = renderApp('#/servers', api);
  const running = await screen.findByRole('region', { name: 'Push preview' });
  expect(within(running).getByRole('status').textContent).toBe('In progress: 0 / 1');

  // The right side is the first connection, the real server.
  await waitFor(() => expect((screen.getByRole('combobox', { name: 'Right' }) as HTMLSelectElement).value).not.toBe(''));
  await user.click(screen.getByRole('button', { name: 'Compare' }));
  await screen.findByText('54 only left, 0 only right, 0 differing, 0 the same', {}, SERVER_WAIT);
  await user.click(screen.getByRole('checkbox', { name: 'Select slack-webhook' }));
  expect(screen.getByText('1 selected')).toBeTruthy();
  const push = screen.getByRole('button', { name: 'Push to server' }) as HTMLButtonElement;
  const pull = screen.getByRole('button', { name: 'Pull into this registry' }) as HTMLButtonElement;
  expect([push.disabled, pull.disabled]).toEqual([true, true]);
  // The running push is still shown, now beside the comparison.
  const beside = screen.getByRole('region', { name: 'Push preview' });
  expect(within(beside).getByRole('heading', { level: 2 }).textContent).toBe(`Push 1 block type to Held (${held.api})`);

  held.release(401);
  await within(beside).findByText(/^Failed: 1 \/ 1$/, {}, SERVER_WAIT);
  await user.click(within(beside).getByRole('button', { name: 'Close' }));
  expect([push.disabled, pull.disabled]).toEqual([false, false]);
});
