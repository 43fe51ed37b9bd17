// Issue 24 in the window: two real Prefect 3.9.1 servers (the pinned venv's) compared on the
// servers page, then "Copy left → right": the preview (the copy's own dry run: each type new,
// updated or unchanged on the right, each schema created or already there), nothing written by
// it, then the copy as a job with its progress and results, the comparison read again, every
// schema on the right under the left's checksum, a copy of ticked types only, and this
// registry's database untouched. The built window in Chromium, the real handlers. Screenshots in
// test-results/screenshots: server-copy-preview-*, server-copy-done-* and (a copy whose newer
// schema would break what the right's documents were saved under) server-copy-breaking-*, 1280×800 and 800×600,
// light and dark; the servers manual page shows copies of them from docs/images (a test run does
// not rewrite tracked files: the loopback ports in them change every run).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ensurePrefectVenv } from '../../scripts/prefect-venv.mjs';
import type { ServerConnectionInfo, TransferJob } from '../../src/shared/servers';
import { filterAll, startPrefectServer, type PrefectServer, type ServerSchemaRow, type ServerTypeRow } from '../prefect/server';
import { connectPage, startApp, type AppUnderTest } from './harness';
import { screenshotsAtSizes } from './journeys';

// A cold Prefect server on a busy machine answers its first calls in seconds, not milliseconds.
const SERVER_WAIT = { timeout: 60_000 };
const COPIED = ['discord-webhook', 'mattermost-webhook', 'slack-webhook'];
let staging: PrefectServer;
let production: PrefectServer;
let app: AppUnderTest;

test.skip(process.env.BLOCK_REGISTRY_NO_PREFECT_VENV === '1', 'the pinned Prefect venv could not be built');

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const python = ensurePrefectVenv();
  const empty = { PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' };
  [staging, production] = await Promise.all([startPrefectServer(empty, 240_000, python), startPrefectServer(empty, 240_000, python)]);
});
test.afterAll(async () => {
  await Promise.all([staging?.stop(), production?.stop()]);
});
test.beforeEach(async ({ page }) => {
  app = await startApp();
  await connectPage(page, app);
});
test.afterEach(async () => {
  await app.close();
});

/** Pushes these types from this registry to a server with the real push job (the servers' starting state). */
async function push(connection: ServerConnectionInfo, slugs: string[]): Promise<void> {
  const { job_id } = await app.handlers.startTransfer({ direction: 'push', connection_id: connection.id, slugs });
  for (;;) {
    const job: TransferJob = await app.handlers.getTransfer({ job_id });
    if (job.state !== 'running') {
      expect(job.state, job.message ?? '').toBe('done');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const schemaKeys = async (server: PrefectServer): Promise<string[]> =>
  (await filterAll<ServerSchemaRow>(server, '/block_schemas/filter')).map((schema) => `${schema.block_type.slug} ${schema.version} ${schema.checksum}`).sort();

test('compare two servers, preview the copy left → right, copy it, and see both the same', async ({ page }) => {
  test.setTimeout(240_000);
  const left = await app.handlers.saveConnection({ id: null, name: 'Staging', api_url: staging.api, auth: 'none', secret: null });
  const right = await app.handlers.saveConnection({ id: null, name: 'Production', api_url: production.api, auth: 'none', secret: null });
  await push(left, COPIED);
  // Production has Slack Webhook already, its description edited there: the copy updates it and leaves its schema.
  await push(right, ['slack-webhook']);
  const slack = (await (await fetch(`${production.api}/block_types/slug/slack-webhook`)).json()) as ServerTypeRow;
  const patched = await fetch(`${production.api}/block_types/${slack.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ description: 'Edited on production.', logo_url: slack.logo_url, documentation_url: slack.documentation_url, code_example: slack.code_example }),
  });
  expect(patched.status).toBe(204);
  const registryBefore = readFileSync(app.launched.registry.filePath);

  await page.goto(`${app.url}#/servers`);
  await page.getByLabel('Left').selectOption({ label: `Staging (${staging.api})` });
  await page.getByLabel('Right').selectOption({ label: `Production (${production.api})` });
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByText('2 only left, 0 only right, 1 differing, 0 the same')).toBeVisible(SERVER_WAIT);
  await expect(page.getByRole('button', { name: 'Push to server' })).toHaveCount(0);
  await expect(page.getByText(`Copies every block type of Staging (${staging.api}) onto Production (${production.api}) (tick some to copy only those); this registry is not touched.`)).toBeVisible();

  await page.getByRole('button', { name: 'Copy left → right' }).click();
  const panel = page.getByRole('region', { name: 'Copy preview' });
  await expect(panel.getByRole('heading', { name: `Copy every block type from Staging (${staging.api}) to Production (${production.api})` })).toBeVisible();
  await expect(panel.getByText('2 new, 1 updated, 0 unchanged; 2 new schemas')).toBeVisible(SERVER_WAIT);
  await expect(panel.getByRole('table', { name: 'Block types' }).getByRole('row', { name: /slack-webhook update description/ })).toBeVisible();
  await panel.getByText('Schemas: 2 to create, 1 already there (3 schemas)').click();
  const schemas = panel.getByRole('table', { name: 'Schemas on the target' });
  await expect(schemas.getByRole('row', { name: /slack-webhook .* already there/ })).toBeVisible();
  await expect(schemas.getByRole('row', { name: /discord-webhook .* created/ })).toBeVisible();
  await screenshotsAtSizes(page, 'server-copy-preview', { shown: panel });
  // The preview is a dry run: Production still has only its Slack Webhook, as edited.
  expect((await filterAll<ServerTypeRow>(production, '/block_types/filter')).map((type) => `${type.slug}: ${type.description}`)).toEqual(['slack-webhook: Edited on production.']);

  await panel.getByRole('button', { name: 'Copy now' }).click();
  await expect(panel.getByRole('status')).toHaveText('Done: 3 / 3', SERVER_WAIT);
  const results = panel.getByRole('table', { name: 'Results' });
  await expect(results.getByRole('row', { name: /discord-webhook created/ })).toBeVisible();
  await expect(results.getByRole('row', { name: /slack-webhook updated/ })).toBeVisible();
  await expect(results).not.toContainText('failed');
  // The comparison is read again: the two servers are now the same.
  await expect(page.getByText(/0 only left, 0 only right, 0 differing, 3 the same/)).toBeVisible(SERVER_WAIT);
  await screenshotsAtSizes(page, 'server-copy-done', { shown: panel });

  expect(await schemaKeys(production)).toEqual(await schemaKeys(staging));

  // Ticked types only: the copy takes those; each is on Production already, the same.
  await panel.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('checkbox', { name: 'Select slack-webhook' }).check();
  await expect(page.getByText(`Copies 1 chosen block type of Staging (${staging.api}) onto Production (${production.api}); this registry is not touched.`)).toBeVisible();
  await page.getByRole('button', { name: 'Copy left → right' }).click();
  await expect(panel.getByRole('heading', { name: `Copy 1 block type from Staging (${staging.api}) to Production (${production.api})` })).toBeVisible();
  await expect(panel.getByText('0 new, 0 updated, 1 unchanged; 0 new schemas')).toBeVisible(SERVER_WAIT);
  await expect(panel.getByText('Schemas: 0 to create, 1 already there (1 schema)')).toBeVisible();
  expect(readFileSync(app.launched.registry.filePath).equals(registryBefore)).toBe(true);
});

test('a copy that would break documents saved on the right says so in its preview', async ({ page }) => {
  test.setTimeout(240_000);
  const left = await app.handlers.saveConnection({ id: null, name: 'Staging', api_url: staging.api, auth: 'none', secret: null });
  const right = await app.handlers.saveConnection({ id: null, name: 'Production', api_url: production.api, auth: 'none', secret: null });
  await push(left, ['slack-webhook']);
  await push(right, ['slack-webhook']);
  // A newer Slack Webhook made on staging: its URL no longer secret, and a new required channel without a default.
  const slack = (await (await fetch(`${staging.api}/block_types/slug/slack-webhook`)).json()) as ServerTypeRow;
  const current = (await filterAll<ServerSchemaRow & { fields: { properties: Record<string, unknown>; required?: string[]; secret_fields?: string[] } }>(staging, '/block_schemas/filter')).find(
    (schema) => schema.block_type.slug === 'slack-webhook',
  );
  if (current === undefined) throw new Error('slack-webhook has no schema on staging');
  const fields = { ...current.fields, secret_fields: [], properties: { ...current.fields.properties, url: { title: 'Webhook URL', type: 'string' }, channel: { title: 'Channel', type: 'string' } } };
  fields.required = [...(current.fields.required ?? []), 'channel'];
  const created = await fetch(`${staging.api}/block_schemas/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ block_type_id: slack.id, capabilities: ['notify'], version: '4.0.0', fields }),
  });
  expect(created.status).toBe(201);

  await page.goto(`${app.url}#/servers`);
  await page.getByLabel('Left').selectOption({ label: `Staging (${staging.api})` });
  await page.getByLabel('Right').selectOption({ label: `Production (${production.api})` });
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.getByRole('checkbox', { name: 'Select slack-webhook' }).check(SERVER_WAIT);
  await page.getByRole('button', { name: 'Copy left → right' }).click();
  const panel = page.getByRole('region', { name: 'Copy preview' });
  await expect(panel.getByText('0 new, 0 updated, 1 new version, 0 unchanged; 1 new schema')).toBeVisible(SERVER_WAIT);
  await expect(panel.getByRole('list', { name: 'Warnings' })).toHaveText(
    `slack-webhook: pushing version 4.0.0 would break documents saved under the server's newest, ${current.version}: new field 'channel' required without a default; secret field 'url' no longer secret.`,
  );
  await screenshotsAtSizes(page, 'server-copy-breaking', { shown: panel });
});
