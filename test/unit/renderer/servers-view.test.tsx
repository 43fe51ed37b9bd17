// @vitest-environment happy-dom-node-network
// The servers page and main's one-transfer-at-a-time rule: a push still running in main when the
// page opens (started on an earlier visit) takes the page's transfer place, with its progress and
// Cancel, so that Push and Pull stay unavailable until it ends. The server is one that holds
// every request until the test lets it answer (test/helpers/held-server.ts).
import { screen, within } from '@testing-library/react';
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
