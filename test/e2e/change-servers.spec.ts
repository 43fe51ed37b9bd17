// The server comparison drills down: a differing row opens the block type's schemas on both sides
// (this registry and a real Prefect 3.9.1 server, the pinned venv's), side by side, before any
// push or pull; a version label that repeats carries its checksum; breaking changes are flagged.
// The built window in Chromium, the real handlers and database file. Screenshots:
// test-results/screenshots/change-servers-*.png at 1280×800 and 800×600, light and dark.
import { expect, test } from '@playwright/test';
import { ensurePrefectVenv } from '../../scripts/prefect-venv.mjs';
import type { ServerConnectionInfo, TransferJob } from '../../src/shared/servers';
import { startPrefectServer, type PrefectServer } from '../prefect/server';
import { connectPage, startApp, type AppUnderTest } from './harness';
import { importThroughWindow, screenshotsAtSizes } from './journeys';

// A cold Prefect server on a busy machine answers its first calls in seconds, not milliseconds.
const SERVER_WAIT = { timeout: 60_000 };
let server: PrefectServer;
let app: AppUnderTest;

test.skip(process.env.BLOCK_REGISTRY_NO_PREFECT_VENV === '1', 'the pinned Prefect venv could not be built');

test.beforeAll(async () => {
  test.setTimeout(300_000);
  server = await startPrefectServer({ PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' }, 240_000, ensurePrefectVenv());
});
test.afterAll(async () => {
  await server?.stop();
});
test.beforeEach(async ({ page }) => {
  app = await startApp();
  await connectPage(page, app);
});
test.afterEach(async () => {
  await app.close();
});

interface SlackFields {
  properties: Record<string, unknown>;
  required?: string[];
  secret_fields?: string[];
}

/** Slack Webhook's stored schema here: its version and fields. */
async function slackSchema(): Promise<{ version: string; checksum: string; fields: SlackFields }> {
  const detail = await app.handlers.getBlockType({ slug: 'slack-webhook' });
  const newest = detail.schemas[0];
  if (newest === undefined) throw new Error('slack-webhook has no schema');
  const schema = await app.handlers.getBlockSchema({ id: newest.id });
  return { version: newest.version, checksum: newest.checksum, fields: JSON.parse(schema.fields_json) as SlackFields };
}

/** Pushes slack-webhook to the server with the real push, as the window's job runs it. */
async function pushSlack(connection: ServerConnectionInfo): Promise<void> {
  const { job_id } = await app.handlers.startTransfer({ direction: 'push', connection_id: connection.id, slugs: ['slack-webhook'] });
  for (;;) {
    const job: TransferJob = await app.handlers.getTransfer({ job_id });
    if (job.state !== 'running') {
      expect(job.state).toBe('done');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a differing row opens both sides’ schemas side by side, checksums telling repeated versions apart, breaking changes flagged; nothing is pushed', async ({ page }) => {
  test.setTimeout(180_000);
  const connection = await app.handlers.saveConnection({ id: null, name: 'Staging', api_url: server.api, auth: 'none', secret: null });
  await pushSlack(connection);
  const stored = await slackSchema();

  // On the server, a new schema under the same version label: the URL no longer secret, a required channel.
  const serverFields = structuredClone(stored.fields);
  serverFields.properties.url = { title: 'Webhook URL', type: 'string' };
  serverFields.secret_fields = [];
  serverFields.properties.channel = { title: 'Channel', type: 'string' };
  serverFields.required = [...(serverFields.required ?? []), 'channel'];
  const slackOnServer = (await (await fetch(`${server.api}/block_types/slug/slack-webhook`)).json()) as { id: string };
  const posted = await fetch(`${server.api}/block_schemas/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ block_type_id: slackOnServer.id, capabilities: ['notify'], version: stored.version, fields: serverFields }),
  });
  expect(posted.status).toBe(201);
  const serverChecksum = ((await posted.json()) as { checksum: string }).checksum;

  // Here, another new schema under that same label: an optional icon.
  const localFields = structuredClone(stored.fields);
  localFields.properties.icon = { title: 'Icon', type: 'string', default: ':robot:' };
  const detail = await app.handlers.getBlockType({ slug: 'slack-webhook' });
  const type = detail.entry.block_type;
  await page.goto(app.url);
  await importThroughWindow(page, [
    {
      name: 'slack-local.json',
      text: JSON.stringify({ ...type, block_schema: { fields: localFields, capabilities: ['notify'], version: stored.version } }),
    },
  ]);
  const localChecksum = (await app.handlers.getBlockType({ slug: 'slack-webhook' })).schemas[0]?.checksum ?? '';
  expect(localChecksum).not.toBe(stored.checksum);

  await page.goto(`${app.url}#/servers`);
  await page.getByLabel('Right').selectOption({ label: `Staging (${server.api})` });
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByText(/53 only left, 0 only right, 1 differing, 0 the same/)).toBeVisible(SERVER_WAIT);
  const row = page.getByRole('row', { name: /slack-webhook/ });
  const short = (checksum: string): string => `${checksum.slice(0, 'sha256:'.length + 8)}…`;
  await expect(row).toContainText(`schemas only left: ${stored.version} (${short(localChecksum)}); schemas only right: ${stored.version} (${short(serverChecksum)})`);
  await page.getByRole('searchbox', { name: 'Search the comparison' }).fill('slack');
  await screenshotsAtSizes(page, 'change-servers-row', { shown: row });

  await row.getByRole('button', { name: 'Open slack-webhook side by side' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schemas of slack-webhook, side by side' });
  const left = dialog.getByRole('combobox', { name: /Left: This registry/ });
  const right = dialog.getByRole('combobox', { name: new RegExp(`Right: Staging`) });
  await expect(left).toBeVisible(SERVER_WAIT);
  await expect(left.locator('option')).toHaveText([`${stored.version} (${short(localChecksum)}), newest, only left`, `${stored.version} (${short(stored.checksum)})`]);
  await expect(right.locator('option')).toHaveText([`${stored.version} (${short(serverChecksum)}), newest, only right`, `${stored.version} (${short(stored.checksum)})`]);
  const breaking = dialog.getByRole('note', { name: '3 breaking changes' });
  await expect(breaking).toContainText('documents saved on the left schema may no longer load');
  await expect(breaking).toContainText("field 'icon' removed");
  await expect(breaking).toContainText("new field 'channel' required without a default");
  await expect(breaking).toContainText("secret field 'url' no longer secret");
  await expect(dialog.getByRole('table', { name: 'Field changes' }).getByRole('row', { name: /channel Added Breaking/ })).toBeVisible();
  await screenshotsAtSizes(page, 'change-servers-opened');

  // The registry's original against the same schema on the server: nothing differs, nothing breaks.
  await left.selectOption({ index: 1 });
  await right.selectOption({ index: 1 });
  await expect(dialog.getByText('The same schema on both sides (same checksum and version).')).toBeVisible();
  await expect(dialog.getByText('Identical fields')).toBeVisible();
  await expect(dialog.getByRole('note')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // Opening a row pushed and pulled nothing: the server still has its two schemas of the type, the registry its two.
  const onServer = (await (await fetch(`${server.api}/block_schemas/filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) })).json()) as unknown[];
  expect(onServer).toHaveLength(2);
  expect((await app.handlers.getBlockType({ slug: 'slack-webhook' })).schemas).toHaveLength(2);

  // A pull's preview calls the server's new schema of a type known here a new version, not unchanged.
  await page.getByRole('checkbox', { name: 'Select slack-webhook' }).check();
  await page.getByRole('button', { name: 'Pull into this registry' }).click();
  const preview = page.getByRole('region', { name: 'Pull preview' });
  await expect(preview.getByText('0 new, 0 updated, 1 new version, 0 unchanged; 1 new schema')).toBeVisible(SERVER_WAIT);
  await expect(preview.getByRole('row', { name: /slack-webhook new version/ })).toBeVisible();
  await screenshotsAtSizes(page, 'change-servers-pull-preview', { shown: preview });
});
