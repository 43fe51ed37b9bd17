// @vitest-environment happy-dom-node-network
// The servers page and main's one-transfer-at-a-time rule: a push still running in main when the
// page opens (started on an earlier visit) takes the page's transfer place, with its progress and
// Cancel, so that Push and Pull stay unavailable until it ends. The server is one that holds
// every request until the test lets it answer (test/helpers/held-server.ts). And what the page
// shows lasts one visit: the next starts afresh, whatever answers of the last are still on their way.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { ServerConnectionInfo } from '../../../src/shared/servers';
import { startHeldServer, type HeldServer } from '../../helpers/held-server';
import { createTestApi, unwrap } from './real-api';
import { renderApp } from './render-app';

let held: HeldServer | undefined;
afterEach(async () => {
  await held?.close();
  held = undefined;
});

it('a push still running when the page opens is shown with its progress and Cancel, until it ends', async () => {
  held = await startHeldServer();
  const api = createTestApi();
  const connection = unwrap<ServerConnectionInfo>(await api.main.saveConnection({ id: null, name: 'Held', api_url: held.api, auth: 'none', secret: null }));
  unwrap(await api.main.startTransfer({ direction: 'push', connection_id: connection.id, slugs: ['slack-webhook'] }));
  await held.received();

  const { user } = renderApp('#/servers', api);
  const panel = await screen.findByRole('region', { name: 'Push preview' });
  expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe(`Push 1 block type to Held (${held.api})`);
  expect(within(panel).getByRole('status').textContent).toBe('In progress: 0 / 1');
  expect(within(panel).getByRole('button', { name: 'Cancel' })).toBeTruthy();
  expect(within(panel).queryByRole('button', { name: 'Close' })).toBeNull();
  // Main refuses another one meanwhile, naming this one.
  const refused = await api.main.startTransfer({ direction: 'pull', connection_id: connection.id, slugs: ['slack-webhook'] });
  expect(refused.ok ? null : refused.error.message).toMatch(new RegExp(`^A push to ${held.api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* is running`));

  // The server answers at last, refusing: the page follows the job to its end.
  held.release(401);
  expect(await within(panel).findByText(/^Failed: 1 \/ 1$/)).toBeTruthy();
  expect(within(panel).getByRole('cell', { name: 'failed' })).toBeTruthy();
  await user.click(within(panel).getByRole('button', { name: 'Close' }));
  expect(screen.queryByRole('region', { name: 'Push preview' })).toBeNull();
});

it('a copy between two servers still running when the page opens is shown as a copy to its target, until it ends in the server’s words', async () => {
  held = await startHeldServer();
  const api = createTestApi();
  const source = unwrap<ServerConnectionInfo>(await api.main.saveConnection({ id: null, name: 'Held', api_url: held.api, auth: 'none', secret: null }));
  const target = unwrap<ServerConnectionInfo>(await api.main.saveConnection({ id: null, name: 'Nowhere', api_url: 'http://127.0.0.1:9/api', auth: 'none', secret: null }));
  unwrap(await api.main.startServerCopy({ from: source.id, to: target.id, slugs: [] }));
  await held.received();

  renderApp('#/servers', api);
  const panel = await screen.findByRole('region', { name: 'Copy preview' });
  // Its source is not known to a later visit; its target is, by URL.
  expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('Copy every block type to Nowhere (http://127.0.0.1:9/api)');
  expect(within(panel).getByRole('button', { name: 'Cancel' })).toBeTruthy();
  held.release(401);
  expect(await within(panel).findByText(/^Failed: 0 \/ 0$/)).toBeTruthy();
  expect(within(panel).getByText(/401/)).toBeTruthy();
});

/** Leaves the servers page for the catalogue, then comes back, as the links would. */
async function leaveAndComeBack(): Promise<void> {
  await act(async () => {
    window.location.hash = '#/';
  });
  await screen.findByRole('heading', { level: 1, name: 'Block types' });
  await act(async () => {
    window.location.hash = '#/servers';
  });
  await screen.findByRole('heading', { level: 1, name: 'Prefect servers' });
}

it('each visit of the page starts afresh: no comparison, error, test result or open form from the last one', async () => {
  const api = createTestApi();
  // Port 9 is one fetch refuses: comparing with it, and testing it, fail at once.
  unwrap<ServerConnectionInfo>(await api.main.saveConnection({ id: null, name: 'Nowhere', api_url: 'http://127.0.0.1:9/api', auth: 'none', secret: null }));
  const { user } = renderApp('#/servers', api);
  const connection = await screen.findByRole('listitem', { name: 'Nowhere' });
  await user.click(within(connection).getByRole('button', { name: 'Test connection' }));
  expect(await within(connection).findByText('Not reachable:')).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Compare' }));
  expect(await screen.findByText('Could not compare')).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Add a connection' }));
  expect(screen.getByRole('form', { name: 'Add a connection' })).toBeTruthy();

  await leaveAndComeBack();
  const again = await screen.findByRole('listitem', { name: 'Nowhere' });
  expect(within(again).queryByRole('status')).toBeNull();
  expect(screen.queryByText('Could not compare')).toBeNull();
  expect(screen.queryByRole('form', { name: 'Add a connection' })).toBeNull();
  expect(screen.getByRole('button', { name: 'Add a connection' })).toBeTruthy();
  // The right side is the connection again, as on a first visit.
  expect((screen.getByRole('combobox', { name: 'Right' }) as HTMLSelectElement).value).not.toBe('');
});

it('an answer to a call of an earlier visit is not shown on the next one', async () => {
  held = await startHeldServer();
  const api = createTestApi();
  unwrap<ServerConnectionInfo>(await api.main.saveConnection({ id: null, name: 'Held', api_url: held.api, auth: 'none', secret: null }));
  const { user } = renderApp('#/servers', api);
  const connection = await screen.findByRole('listitem', { name: 'Held' });
  await user.click(within(connection).getByRole('button', { name: 'Test connection' }));
  expect(within(connection).getByRole('status').textContent).toBe('Testing…');
  await held.received();

  await leaveAndComeBack();
  // The test of the first visit ends now, refused: its answer reaches main's caller, not the page.
  held.release(401);
  await waitFor(() => expect(api.answers.some((answer) => answer.channel === 'testConnection')).toBe(true));
  const again = await screen.findByRole('listitem', { name: 'Held' });
  expect(within(again).queryByRole('status')).toBeNull();
});
