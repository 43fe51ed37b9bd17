// Block documents in the built window in Chromium, against the real handlers and two real Prefect
// 3.9.1 servers (the pinned venv's): documents saved on the source by Prefect's own client, then
// the journey a person takes: browse a server's documents, open one, edit one, copy one with the
// documents it references to the other server (consenting to its secrets), and see it there as
// outdated as on the source. The secret values planted on the source are looked for in every
// answer main gives the window and in every page the window shows: they are in none.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ensurePrefectVenv, prefectEnv } from '../../scripts/prefect-venv.mjs';
import { dispatch } from '../../src/main/ipc/handlers';
import type { ApiResponse } from '../../src/shared/contract';
import type { ServerConnectionInfo } from '../../src/shared/servers';
import { startPrefectServer, type PrefectServer } from '../prefect/server';
import { connectPage, startApp, type AppUnderTest } from './harness';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const SCRIPT = join(process.cwd(), 'test', 'prefect', 'python', 'documents.py');
const SECRETS = { password: 'pw-Golf-2Tq7Xe', token: 'tok-Hotel-4Ys1Fm', inline_password: 'pw-India-8Cv5Rb', anonymous_password: 'pw-Juliet-1Pn6Wd', secret_block: 'sec-Kilo-3Lh9Ga' };
const SERVER_WAIT = { timeout: 60_000 };
let source: PrefectServer;
let target: PrefectServer;
let app: AppUnderTest;
/** Every answer main gave the window, as JSON. */
const answers: string[] = [];

test.skip(process.env.BLOCK_REGISTRY_NO_PREFECT_VENV === '1', 'the pinned Prefect venv could not be built');

function python(server: PrefectServer, ...args: string[]): void {
  const { env, home } = prefectEnv();
  try {
    const result = spawnSync(ensurePrefectVenv(), [SCRIPT, ...args], { env: { ...env, PREFECT_API_URL: server.api }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`documents.py ${args[0] ?? ''} failed:\n${result.stderr}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function connection(name: string, server: PrefectServer): Promise<ServerConnectionInfo> {
  const response = (await dispatch(app.handlers, 'saveConnection', { id: null, name, api_url: server.api, auth: 'none', secret: null })) as ApiResponse<ServerConnectionInfo>;
  if (!response.ok) throw new Error(response.error.message);
  return response.value;
}

/** No secret value on the page as it stands. */
async function expectNoSecretOn(page: Page): Promise<void> {
  const html = await page.content();
  for (const secret of Object.values(SECRETS)) expect(html, 'the page shows a secret').not.toContain(secret);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const python3 = ensurePrefectVenv();
  [source, target] = await Promise.all([startPrefectServer({}, 240_000, python3), startPrefectServer({}, 240_000, python3)]);
  python(source, 'save', JSON.stringify(SECRETS));
});
test.afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});
test.beforeEach(async ({ page }) => {
  app = await startApp();
  // Every answer of every call the window makes is kept for the secret scan.
  for (const [channel, handler] of Object.entries(app.handlers) as Array<[keyof typeof app.handlers, (args: unknown) => Promise<unknown>]>) {
    (app.handlers as Record<string, (args: unknown) => Promise<unknown>>)[channel] = async (args: unknown) => {
      const value = await handler(args);
      answers.push(JSON.stringify(value));
      return value;
    };
  }
  await connectPage(page, app);
  await page.setViewportSize({ width: 1280, height: 800 });
});
test.afterEach(async () => {
  await app.close();
});

test('browse, open, edit, copy with consent, and see outdated on the target', async ({ page }) => {
  test.setTimeout(240_000);
  const staging = await connection('Staging', source);
  await connection('Production', target);

  // Browse: the servers page leads to each server's documents.
  await page.goto(`${app.url}#/servers`);
  await page.getByRole('listitem', { name: 'Staging' }).getByRole('link', { name: 'Documents' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Block documents on Staging' })).toBeVisible();
  const table = page.getByRole('table', { name: /documents/ });
  await expect(table).toContainText('prod-wh', SERVER_WAIT);
  const prodWhRow = table.getByRole('row', { name: /^Select warehouse\/prod-wh/ });
  await expect(prodWhRow).toContainText('Outdated (1 field change)');
  await expect(prodWhRow).toContainText('credentials → db-creds/prod-creds');
  await expect(page.getByRole('heading', { name: '5 documents, 3 outdated' })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'documents-page.png'), fullPage: true });
  await expectNoSecretOn(page);

  // Open: the document's fields through its schema, secrets masked, and what changed since.
  await prodWhRow.getByRole('link', { name: 'prod-wh' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'warehouse/prod-wh' })).toBeVisible(SERVER_WAIT);
  const fields = page.getByRole('table', { name: 'Fields and values' });
  await expect(fields.getByRole('row', { name: /token/ })).toContainText('********');
  await expect(fields.getByRole('row', { name: /credentials/ })).toContainText('db-creds/prod-creds');
  await expect(page.getByRole('heading', { name: 'Outdated: a newer schema of its type exists' })).toBeVisible();
  await expect(page.getByRole('row', { name: /region/ })).toContainText('Added');
  await page.screenshot({ path: join(SHOTS, 'document.png'), fullPage: true });
  await expectNoSecretOn(page);

  // Edit the document it references: the form filled, the password write-only.
  await page.getByRole('link', { name: 'db-creds/prod-creds' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'db-creds/prod-creds' })).toBeVisible(SERVER_WAIT);
  await page.getByRole('link', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit db-creds/prod-creds' });
  await expect(form.getByLabel('Username')).toHaveValue('alice', SERVER_WAIT);
  await expect(form.getByLabel('Password')).toHaveValue('');
  await expect(form.getByLabel('Password')).toHaveAttribute('placeholder', 'Saved (write-only): type to replace it');
  await form.getByLabel('Port (Optional)').fill('5434');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('table', { name: 'Fields and values' }).getByRole('row', { name: /port/ })).toContainText('5434', SERVER_WAIT);
  await expectNoSecretOn(page);

  // Create: Prefect's form with the name first, Prefect's own messages, a nested block picked among the server's documents.
  await page.goto(`${app.url}#/servers/${staging.id}/documents/new?type=warehouse`);
  const create = page.getByRole('form', { name: 'New Warehouse block' });
  await expect(create.getByRole('combobox', { name: 'DbCreds' })).toBeVisible(SERVER_WAIT);
  await page.getByLabel('Block Name', { exact: true }).fill('dev wh');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Name must only contain lowercase letters, numbers, and dashes')).toBeVisible();
  await page.getByLabel('Block Name', { exact: true }).fill('dev-wh');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(create.getByText("'credentials' is a required property")).toBeVisible(SERVER_WAIT);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'document-form.png'), fullPage: true });
  await create.getByRole('combobox', { name: 'DbCreds' }).selectOption({ label: 'prod-creds' });
  await expect(create.getByText("'credentials' is a required property")).toHaveCount(0);
  await create.getByLabel('Region (Optional)').fill('us-east-2');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'warehouse/dev-wh' })).toBeVisible(SERVER_WAIT);
  await expect(page.getByRole('table', { name: 'Fields and values' }).getByRole('row', { name: /credentials/ })).toContainText('db-creds/prod-creds');
  await expectNoSecretOn(page);

  // Copy the warehouse with what it references: the preview names the secrets, nothing goes without consent.
  await page.goto(`${app.url}#/servers/${staging.id}/documents`);
  await page.getByRole('checkbox', { name: 'Select warehouse/prod-wh' }).check(SERVER_WAIT);
  await page.getByRole('button', { name: 'Copy to another server…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy a block document from Staging' });
  const preview = dialog.getByRole('region', { name: 'Copy preview' });
  await expect(preview).toContainText('2 to create, 0 to update, 0 unchanged', SERVER_WAIT);
  await expect(preview.getByRole('row', { name: /db-creds\/prod-creds/ })).toContainText('(referenced)');
  await expect(preview.getByRole('row', { name: /warehouse/ }).last()).toContainText('Pulled from the source into this registry, then pushed');
  await expect(dialog).toContainText('warehouse/prod-wh (credentials.password, token)');
  await expect(dialog.getByRole('button', { name: 'Copy', exact: true })).toBeDisabled();
  await page.screenshot({ path: join(SHOTS, 'document-copy-preview.png') });
  await dialog.getByRole('checkbox', { name: 'Copy the secret values too' }).check();
  await expect(dialog.getByRole('button', { name: 'Copy', exact: true })).toBeEnabled(SERVER_WAIT);
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied to Production: 2 created, 0 updated, 0 unchanged.', SERVER_WAIT);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // On the target: the same values (the secret too, read here over REST), and the document is outdated there as well.
  const read = await fetch(`${target.api}/block_types/slug/warehouse/block_documents/name/prod-wh?include_secrets=true`);
  const copied = (await read.json()) as { data: { token: string; credentials: { port: number } } };
  expect(copied.data.token).toBe(SECRETS.token);
  expect(copied.data.credentials.port).toBe(5434);
  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'Production' });
  await expect(page.getByRole('heading', { level: 1, name: 'Block documents on Production' })).toBeVisible();
  await expect(page.getByRole('table', { name: /documents/ }).getByRole('row', { name: /^Select warehouse\/prod-wh/ })).toContainText('Outdated (1 field change)', SERVER_WAIT);
  await expectNoSecretOn(page);

  for (const secret of Object.values(SECRETS)) for (const answer of answers) expect(answer, 'an answer to the window holds a secret').not.toContain(secret);
  expect(answers.length).toBeGreaterThan(10);
});
