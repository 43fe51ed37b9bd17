// The user journeys of the window, as functions of a Playwright page and what the runner can
// offer: the same journeys run in Chromium against the harness (chromium.spec.ts) and in the
// real Electron app (electron.spec.ts). Checks that need the harness (making a call fail,
// seeing what was opened in the browser, reading the clipboard) are optional: a runner that
// cannot offer them passes null and those parts are left out.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { RegistryApi } from '../../src/shared/contract';
import type { RegistrationReport } from '../../src/shared/report';

export const SCREENSHOTS_DIR = join(process.cwd(), 'test-results', 'screenshots');

export interface JourneyContext {
  page: Page;
  /** Names the screenshots: `chromium`, `electron`. */
  runner: string;
  /** Loads the app's page at this hash route (e.g. `#/types/s3-bucket`); `#/` for the catalogue. */
  open: (hash?: string) => Promise<void>;
  /** Makes the next call of a channel fail with this message, as a failing handler would; null without the harness. */
  failNext: ((channel: string, message: string) => void) | null;
  /** The URLs the app asked the system browser to open so far; null when the runner cannot see them (then no link is clicked). */
  openedExternally: (() => Promise<readonly string[]>) | null;
  /** Reads the clipboard; null when the runner cannot. */
  readClipboard: (() => Promise<string>) | null;
}

export const BLOCK_TYPE_COUNT = 54;

export const NOTIFY_BLOCKS = [
  'Custom Webhook',
  'Discord Webhook',
  'Mattermost Webhook',
  'Microsoft Teams Webhook',
  'Opsgenie Webhook',
  'Pager Duty Webhook',
  'Sendgrid Email',
  'Slack Webhook',
  'Twilio SMS',
];
export const DIRECTORY_BLOCKS = ['Azure Blob Storage Container', 'GCS Bucket', 'Local File System', 'Remote File System', 'S3 Bucket', 'SMB'];
export const PREFECT_AWS_BLOCKS = ['AWS Credentials', 'AWS Secret', 'Lambda Function', 'MinIO Credentials', 'S3 Bucket'];

// ---------------------------------------------------------------------------------------------
// Helpers

/** The sizes every new view is photographed at, in light and dark. */
const PHOTO_SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

/**
 * `<name>-<width>x<height>-<light|dark>.png` in SCREENSHOTS_DIR (a manual page shows copies of
 * some, in docs/images) at 1280×800 and 800×600: the page with `shown` scrolled
 * into view at each size, or only `element` when given. Leaves the page at 1280×800, light.
 */
export async function screenshotsAtSizes(page: Page, name: string, subject: { shown?: Locator; element?: () => Locator } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  for (const { width, height } of PHOTO_SIZES) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const path = join(SCREENSHOTS_DIR, `${name}-${width}x${height}-${scheme}.png`);
      if (subject.element !== undefined) {
        await subject.element().screenshot({ path });
      } else {
        await subject.shown?.scrollIntoViewIfNeeded();
        await page.screenshot({ path });
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A full-page screenshot under test-results/screenshots/<runner>-<name>.png. */
export async function screenshot(context: JourneyContext, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${context.runner}-${name}.png`);
  await context.page.screenshot({ path, fullPage: true });
  return path;
}

export function countText(shown: number, total = BLOCK_TYPE_COUNT): string {
  return `Showing ${shown} of ${total} block types`;
}

function main(page: Page): Locator {
  return page.getByRole('main');
}

function cardGrid(page: Page): Locator {
  return main(page).getByRole('region', { name: 'Block types' });
}

function searchBox(page: Page): Locator {
  return page.getByRole('searchbox', { name: 'Search block types' });
}

function capability(page: Page, name: string): Locator {
  return page.getByRole('group', { name: 'Capabilities' }).getByRole('button', { name, exact: true });
}

/** Waits for the catalogue to be loaded, showing this count. */
export async function expectCatalogue(page: Page, shown = BLOCK_TYPE_COUNT, total = BLOCK_TYPE_COUNT): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Block types' })).toBeVisible();
  await expect(page.getByText(countText(shown, total), { exact: true })).toBeVisible();
}

/** The names of the cards shown (all of them: only for short, filtered lists the virtual grid renders whole). */
async function expectCards(page: Page, names: readonly string[]): Promise<void> {
  const titles = cardGrid(page).getByRole('heading', { level: 2 });
  await expect(titles).toHaveCount(names.length);
  const shown = (await titles.allTextContents()).map((text) => text.trim()).sort();
  expect(shown).toEqual([...names].sort());
}

/** The block type page: its name as the heading. */
async function expectBlockTypePage(page: Page, name: string, slug: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/types/${slug}$`));
  await expect(main(page).getByText(slug, { exact: true }).first()).toBeVisible();
}

async function api(page: Page): Promise<void> {
  await page.waitForFunction(() => 'api' in window);
}

/** Drops files on the window the way a file manager does: dragenter, dragover, drop with a DataTransfer. */
export async function dropFiles(page: Page, files: ReadonlyArray<{ name: string; text: string; type?: string }>): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([file.text], file.name, { type: file.type ?? 'application/json' }));
    return transfer;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

/**
 * Imports block definition files through the window's `window.api` (the real previewImport and
 * applyImport handlers, in either runner). Throws with the preview's errors if any.
 */
export async function importThroughWindow(page: Page, files: ReadonlyArray<{ name: string; text: string }>): Promise<RegistrationReport> {
  await api(page);
  const outcome = await page.evaluate(async (input) => {
    const bridge = (window as unknown as { api: RegistryApi }).api;
    const preview = await bridge.previewImport({ files: input.map((file) => ({ name: file.name, bytes: new TextEncoder().encode(file.text) })) });
    if (!preview.ok) return { error: preview.error.message };
    if ('kind' in preview.value) return { error: `asks to confirm running ${preview.value.python_files.join(', ')}` };
    if (preview.value.errors.length > 0) return { error: JSON.stringify(preview.value.errors) };
    const applied = await bridge.applyImport({ preview_id: preview.value.id });
    return applied.ok ? { report: applied.value } : { error: applied.error.message };
  }, files);
  if ('error' in outcome) throw new Error(`import failed: ${outcome.error}`);
  return outcome.report;
}

/** A block type's stored metadata and newest schema fields, read through `window.api`. */
async function readTypeThroughWindow(page: Page, slug: string): Promise<{ type: Record<string, unknown>; fieldsJson: string; version: string; capabilities: string[] }> {
  await api(page);
  const read = await page.evaluate(async (wanted) => {
    const bridge = (window as unknown as { api: RegistryApi }).api;
    const detail = await bridge.getBlockType({ slug: wanted });
    if (!detail.ok) return { error: detail.error.message };
    const newest = detail.value.schemas[0];
    if (newest === undefined) return { error: `${wanted} has no schema` };
    const schema = await bridge.getBlockSchema({ id: newest.id });
    if (!schema.ok) return { error: schema.error.message };
    const { name, slug, logo_url, documentation_url, description, code_example } = detail.value.entry.block_type;
    return { type: { name, slug, logo_url, documentation_url, description, code_example }, fieldsJson: schema.value.fields_json, version: newest.version, capabilities: newest.capabilities };
  }, slug);
  if ('error' in read) throw new Error(read.error);
  return read;
}

// ---------------------------------------------------------------------------------------------
// Journeys

/** First launch: every block type of the launch registration, and the status line. */
export async function firstLaunchJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  await context.open('#/');
  await expectCatalogue(page);
  await expect(page).toHaveTitle('Block Registry');
  const status = page.getByRole('banner').getByRole('link', { name: /block types, .* schemas, registered in/ });
  await expect(status).toHaveText(/^Registration report 54 block types, 54 schemas, registered in \d[\d,]* ms$/);
  // The grid shows cards (virtualised: the first rows at least), each with its type's name as a link.
  await expect(cardGrid(page).getByRole('link', { name: 'AWS Credentials', exact: true })).toBeVisible();
  expect(await cardGrid(page).getByRole('article').count()).toBeGreaterThan(3);
  await screenshot(context, 'catalogue');

  await page.emulateMedia({ colorScheme: 'dark' });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(17, 20, 24)');
  await screenshot(context, 'catalogue-dark');
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Search narrows and clearing restores; `/` focuses the box; an impossible search, then "Clear filters". */
export async function searchJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  await context.open('#/');
  await expectCatalogue(page);

  await page.getByRole('heading', { level: 1, name: 'Block types' }).focus();
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await expect(searchBox(page)).toHaveValue('');

  await page.keyboard.type('github');
  await expectCatalogue(page, 2);
  await expectCards(page, ['GitHub Credentials', 'GitHub Repository']);

  // Case does not matter, and `-` is a space as in a slug: S3 Bucket (exact, first) and Remote
  // File System (whose description has both words).
  await searchBox(page).fill('S3-BUCKET');
  await expectCatalogue(page, 2);
  await expectCards(page, ['S3 Bucket', 'Remote File System']);

  await searchBox(page).fill('');
  await expectCatalogue(page);

  // `/` typed inside the search box is a character, not the shortcut.
  await searchBox(page).focus();
  await page.keyboard.type('zz/no such block');
  await expect(searchBox(page)).toHaveValue('zz/no such block');
  await expectCatalogue(page, 0);
  await expect(page.getByRole('heading', { level: 2, name: 'No block types match' })).toBeVisible();
  await screenshot(context, 'catalogue-empty');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectCatalogue(page);
  await expect(searchBox(page)).toHaveValue('');
  await expect(page.getByRole('heading', { name: 'No block types match' })).toHaveCount(0);
}

/** Capability toggles (all selected must match) and the collection select. */
export async function filterJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  await context.open('#/');
  await expectCatalogue(page);

  const notify = capability(page, 'notify');
  await expect(notify).toHaveAttribute('aria-pressed', 'false');
  await notify.click();
  await expect(notify).toHaveAttribute('aria-pressed', 'true');
  await expectCatalogue(page, NOTIFY_BLOCKS.length);
  await expectCards(page, NOTIFY_BLOCKS);
  await notify.click();
  await expect(notify).toHaveAttribute('aria-pressed', 'false');
  await expectCatalogue(page);

  await capability(page, 'get-directory').click();
  await capability(page, 'put-directory').click();
  await expectCatalogue(page, DIRECTORY_BLOCKS.length);
  await expectCards(page, DIRECTORY_BLOCKS);
  await screenshot(context, 'catalogue-filtered');
  await capability(page, 'get-directory').click();
  await capability(page, 'put-directory').click();
  await expectCatalogue(page);

  const collection = page.getByRole('combobox', { name: 'Collection' });
  await expect(collection.getByRole('option', { name: 'prefect-aws (5)' })).toHaveCount(1);
  await collection.selectOption('prefect-aws');
  await expectCatalogue(page, PREFECT_AWS_BLOCKS.length);
  await expectCards(page, PREFECT_AWS_BLOCKS);
  // Filters combine: prefect-aws AND put-directory.
  await capability(page, 'put-directory').click();
  await expectCatalogue(page, 1);
  await expectCards(page, ['S3 Bucket']);
  await page.getByRole('searchbox', { name: 'Search block types' }).fill('credentials');
  await expectCatalogue(page, 0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectCatalogue(page);
  await expect(collection).toHaveValue('');
  await expect(capability(page, 'put-directory')).toHaveAttribute('aria-pressed', 'false');
}

/**
 * A block type's page from its card, its documentation and code example, its schema, and a
 * nested block followed to its own schema.
 */
export async function blockTypeAndSchemaJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  await context.open('#/');
  await expectCatalogue(page);
  await searchBox(page).fill('kubernetes');
  await cardGrid(page).getByRole('link', { name: 'Kubernetes Credentials', exact: true }).click();
  await expectBlockTypePage(page, 'Kubernetes Credentials', 'kubernetes-credentials');
  await expect(page).toHaveTitle(/Kubernetes Credentials/);
  await expect(main(page).getByText('Collection: prefect-kubernetes', { exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Catalogue' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Description' })).toContainText('Credentials block for generating configured Kubernetes API clients');

  // Documentation: a button that asks the main process to open the https URL in the browser.
  const documentation = page.getByRole('button', { name: 'Open documentation' });
  const docsUrl = 'https://prefecthq.github.io/prefect-kubernetes/credentials/#prefect_kubernetes.credentials.KubernetesCredentials';
  await expect(documentation).toHaveAttribute('title', `${docsUrl} (opens in your browser)`);
  if (context.openedExternally !== null) {
    const opened = context.openedExternally;
    const before = (await opened()).length;
    await documentation.click();
    await expect.poll(async () => (await opened()).slice(before)).toEqual([docsUrl]);
    await expect(page).toHaveURL(/#\/types\/kubernetes-credentials$/);
  }

  // The code example, with its copy button.
  const example = page.getByRole('region', { name: 'Code example' });
  const code = example.locator('pre code').first();
  await expect(code).toContainText('KubernetesCredentials');
  await example.getByRole('button', { name: 'Copy code example' }).click();
  await expect(example.getByRole('status')).toHaveText('Copied');
  await expect(example.getByRole('alert')).toHaveCount(0);
  if (context.readClipboard !== null) {
    const copied = await context.readClipboard();
    expect(copied).toContain('KubernetesCredentials');
    expect(copied).not.toContain('```');
  }
  await screenshot(context, 'type-page');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(context, 'type-page-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The newest schema's fields on their own tab, an address of their own.
  await page.getByRole('tab', { name: 'Fields' }).click();
  await expect(page).toHaveURL(/#\/types\/kubernetes-credentials\/fields$/);
  await expect(page.getByRole('table', { name: 'Fields' }).getByRole('rowheader', { name: /cluster_config/ })).toBeVisible();

  // Its schema: the version link in the versions table.
  await page.getByRole('tab', { name: /^Versions/ }).click();
  const versions = page.getByRole('table', { name: 'Schema versions' });
  await expect(versions.getByRole('row')).toHaveCount(2);
  await versions.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Kubernetes Credentials version / })).toBeVisible();
  await expect(page).toHaveURL(/#\/schemas\/[0-9a-f-]{36}$/);
  const fields = page.getByRole('table', { name: 'Fields' });
  await expect(fields.getByRole('rowheader', { name: /cluster_config/ })).toBeVisible();
  await expect(page.getByText(/^sha256:[0-9a-f]{64}$/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Raw JSON' })).toContainText('"block_type_slug": "kubernetes-credentials"');
  const nested = page.getByRole('region', { name: 'Nested blocks' });
  await expect(nested).toContainText('cluster_config');
  await screenshot(context, 'schema-view');

  // Follow the nested reference to the child's schema, then to its block type.
  await nested.getByRole('link', { name: 'schema of Kubernetes Cluster Config' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Kubernetes Cluster Config version / })).toBeVisible();
  const childFields = page.getByRole('table', { name: 'Fields' });
  await expect(childFields.getByRole('rowheader', { name: /^config/ })).toBeVisible();
  await expect(childFields.getByRole('rowheader', { name: /^context_name/ })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: /^Kubernetes Credentials version / })).toBeVisible();
  await page.getByRole('region', { name: 'Nested blocks' }).getByRole('link', { name: 'Kubernetes Cluster Config', exact: true }).click();
  await expectBlockTypePage(page, 'Kubernetes Cluster Config', 'kubernetes-cluster-config');
}

/** The fields of GitHub Credentials' second version: one more property, after the last one. */
function withExtraProperty(fieldsJson: string): Record<string, unknown> {
  const fields = JSON.parse(fieldsJson) as { properties?: Record<string, unknown> };
  return { ...fields, properties: { ...fields.properties, timeout_seconds: { title: 'Timeout Seconds', type: 'integer', default: 30 } } };
}

/** A second version of a type, registered through the real import handlers, compared with the first. */
export async function diffJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  await context.open('#/');
  await expectCatalogue(page);
  const current = await readTypeThroughWindow(page, 'github-credentials');
  const file = {
    ...current.type,
    block_schema: { fields: withExtraProperty(current.fieldsJson), capabilities: current.capabilities, version: 'e2e-2' },
  };
  const report = await importThroughWindow(page, [{ name: 'github-credentials-v2.json', text: JSON.stringify(file, null, 2) }]);
  expect(report.totals).toMatchObject({ created: 0, updated: 0, new_versions: 1, unchanged: 0, failed: 0, schemas_created: 1 });

  // A fresh load: the window reads the new version.
  await page.reload();
  await expectCatalogue(page);
  await expect(page.getByRole('banner').getByRole('link', { name: /registered in/ })).toHaveText(/^Registration report 54 block types, 55 schemas, /);
  await searchBox(page).fill('github');
  await cardGrid(page).getByRole('link', { name: 'GitHub Credentials', exact: true }).click();
  await expectBlockTypePage(page, 'GitHub Credentials', 'github-credentials');
  await page.getByRole('tab', { name: /^Versions/ }).click();
  const versions = page.getByRole('table', { name: 'Schema versions' });
  await expect(versions.getByRole('row')).toHaveCount(3);
  await expect(versions.getByRole('rowheader').first()).toHaveText('e2e-2');
  await expect(page.getByRole('combobox', { name: 'Left version' })).toContainText(current.version);
  await expect(page.getByRole('combobox', { name: 'Right version' })).toContainText('e2e-2');
  await page.getByRole('link', { name: 'Compare versions' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Compare GitHub Credentials versions' })).toBeVisible();
  await expect(page).toHaveURL(/#\/types\/github-credentials\/diff\?left=[0-9a-f-]{36}&right=[0-9a-f-]{36}$/);
  // Five lines added: the closing brace before the new property gained a comma, so the line diff
  // matches the old closing brace with the new property's own and adds `},` plus four lines.
  await expect(page.getByText(/^\d+ lines? added, \d+ removed$/)).toHaveText('5 lines added, 0 removed');
  const table = page.getByRole('table', { name: /^Fields of Version/ });
  await expect(table.getByRole('columnheader', { name: new RegExp(`^Older Version ${current.version}`) })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /^Newer Version e2e-2/ })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'added: "timeout_seconds": {' })).toBeVisible();
  await expect(table.getByRole('cell', { name: /^added: / })).toHaveCount(5);
  await expect(table.getByRole('cell', { name: /^removed: / })).toHaveCount(0);
  await screenshot(context, 'diff');

  // Swapping the sides in the form still puts the older version on the left.
  const left = page.getByRole('combobox', { name: 'Left version' });
  const right = page.getByRole('combobox', { name: 'Right version' });
  const leftValue = await left.inputValue();
  const rightValue = await right.inputValue();
  await left.selectOption(rightValue);
  await right.selectOption(leftValue);
  await page.getByRole('link', { name: 'Compare versions' }).click();
  await expect(page).toHaveURL(new RegExp(`left=${rightValue}&right=${leftValue}$`));
  await expect(page.getByText(/^\d+ lines? added, \d+ removed$/)).toHaveText('5 lines added, 0 removed');

  // From a schema page, the link to compare with the other version.
  await table
    .getByRole('columnheader', { name: /^Newer Version e2e-2/ })
    .getByRole('link')
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'GitHub Credentials version e2e-2' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Fields' }).getByRole('rowheader', { name: /^timeout_seconds/ })).toBeVisible();
  await page.getByRole('link', { name: `Compare with version ${current.version}` }).click();
  await expect(page.getByText(/^\d+ lines? added, \d+ removed$/)).toHaveText('5 lines added, 0 removed');
}

/** A deep link survives a reload; Back and Forward walk the history. */
export async function deepLinkJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  await context.open('#/types/s3-bucket');
  await expectBlockTypePage(page, 'S3 Bucket', 's3-bucket');
  await page.reload();
  await expectBlockTypePage(page, 'S3 Bucket', 's3-bucket');
  await expect(page).toHaveTitle(/S3 Bucket/);

  await page.getByRole('tab', { name: /^Versions/ }).click();
  await page.getByRole('table', { name: 'Schema versions' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^S3 Bucket version / })).toBeVisible();
  const schemaUrl = page.url();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /^S3 Bucket version / })).toBeVisible();
  expect(page.url()).toBe(schemaUrl);

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Catalogue' }).click();
  await expectCatalogue(page);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: /^S3 Bucket version / })).toBeVisible();
  await page.goBack();
  // Back to the tab the schema was opened from: each tab is an address.
  await expect(page.getByRole('heading', { level: 1, name: 'S3 Bucket', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/#\/types\/s3-bucket\/versions$/);
  await expect(page.getByRole('tab', { name: /^Versions/ })).toHaveAttribute('aria-selected', 'true');
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: /^S3 Bucket version / })).toBeVisible();
  await page.goForward();
  await expectCatalogue(page);

  // A link to nowhere: its own page, with the way back.
  await context.open('#/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the catalogue' }).click();
  await expectCatalogue(page);
}

/** Failed calls are shown to the user, with a way to try again. */
export async function errorJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  if (context.failNext !== null) {
    // The catalogue cannot be read at launch (another process holds the database).
    context.failNext('listBlockTypes', 'database is locked');
    await context.open('#/');
    const alert = main(page).getByRole('alert');
    await expect(alert).toContainText('Could not load the block types');
    await expect(alert).toContainText('database is locked');
    await expect(page.getByText(/^Showing /)).toHaveCount(0);
    await screenshot(context, 'error');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expectCatalogue(page);
    await expect(main(page).getByRole('alert')).toHaveCount(0);

    // A block type page whose call fails once.
    context.failNext('getBlockType', 'disk I/O error');
    await cardGrid(page).getByRole('link', { name: 'AWS Credentials', exact: true }).click();
    await expect(main(page).getByRole('alert')).toContainText('disk I/O error');
    await main(page).getByRole('button', { name: 'Try again' }).click();
    await expectBlockTypePage(page, 'AWS Credentials', 'aws-credentials');

    // Opening the documentation fails: said so, and dismissable.
    context.failNext('openExternal', 'no browser is configured');
    await page.getByRole('button', { name: 'Open documentation' }).click();
    const linkAlert = main(page).getByRole('alert');
    await expect(linkAlert).toContainText('Could not open the link');
    await expect(linkAlert).toContainText('no browser is configured');
    await linkAlert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(main(page).getByRole('alert')).toHaveCount(0);
  }

  // A real handler answer, in any runner: a block type that does not exist is a page that says so, with the way back.
  await context.open('#/types/no-such-type');
  await expect(page.getByRole('heading', { level: 1, name: 'Block type not found' })).toBeVisible();
  await expect(main(page)).toContainText("No block type with slug 'no-such-type'.");
  await expect(main(page)).not.toContainText('not_found');
  await expect(main(page).getByRole('button', { name: 'Try again' })).toHaveCount(0);
  if (context.failNext === null) await screenshot(context, 'error');
  else await screenshot(context, 'error-not-found');
  await main(page).getByRole('link', { name: 'Back to the catalogue' }).click();
  await expectCatalogue(page);
}

/** The registration report: the launch's three sources and their counts. */
export async function reportJourney(context: JourneyContext): Promise<void> {
  const { page } = context;
  await context.open('#/');
  await expectCatalogue(page);
  await page
    .getByRole('banner')
    .getByRole('link', { name: /registered in/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registration report' })).toBeVisible();
  await expect(page).toHaveURL(/#\/report$/);
  // The summary first: the figures, then when it ran.
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary.locator('dd')).toHaveText(['54', '54', '0', '0', '0', '0', '54', '3']);
  await expect(summary.getByText(/^Started .*, took \d[\d,]* ms\.$/)).toBeVisible();

  const sources = page.getByRole('table', { name: 'Sources' });
  const row = (header: string): Locator => sources.getByRole('row').filter({ has: page.getByRole('rowheader', { name: header, exact: true }) });
  // Status, created, updated, new versions, unchanged, failed, schemas created, schemas existing, duration.
  const expected: Array<[string, string]> = [
    ['system', '3'],
    ['built-in', '11'],
    ['catalogue', '40'],
  ];
  for (const [header, created] of expected) {
    await expect(row(header).getByRole('cell')).toHaveText(['Registered', created, '0', '0', '0', '0', created, '0', /^\d[\d,]* ms$/]);
  }
  await expect(row('Total').getByRole('cell')).toHaveText(['', '54', '0', '0', '0', '0', '54', '0', /^\d[\d,]* ms$/]);
  await expect(sources.getByRole('rowheader')).toHaveCount(4);
  await expect(page.getByRole('alert')).toHaveCount(0);

  for (const [name, count] of [
    ['system', 3],
    ['built-in', 11],
    ['catalogue', 40],
  ] as const) {
    const changes = page.getByRole('region', { name: `Changes from ${name}` });
    // Long lists show their first 20 until asked for all.
    await expect(changes.getByRole('listitem')).toHaveCount(Math.min(count, 20));
    if (count > 20) {
      await changes.getByRole('button', { name: `Show all ${count}` }).click();
      await expect(changes.getByRole('listitem')).toHaveCount(count);
    }
  }
  await screenshot(context, 'report');

  // A type in the report links to its page.
  await page.getByRole('region', { name: 'Changes from catalogue' }).getByRole('link', { name: 'S3 Bucket', exact: true }).click();
  await expectBlockTypePage(page, 'S3 Bucket', 's3-bucket');
}

export const JOURNEYS: ReadonlyArray<{ name: string; run: (context: JourneyContext) => Promise<void> }> = [
  { name: 'first launch shows all 54 block types and the status line', run: firstLaunchJourney },
  { name: 'search narrows, clears, `/` focuses it, impossible search and Clear filters', run: searchJourney },
  { name: 'capability and collection filters', run: filterJourney },
  { name: 'block type page, documentation, code example, schema and a nested block', run: blockTypeAndSchemaJourney },
  { name: 'a second version registered through the import handlers, compared side by side', run: diffJourney },
  { name: 'deep links survive reload; Back and Forward work', run: deepLinkJourney },
  { name: 'failed calls are shown, with Try again', run: errorJourney },
  { name: 'the registration report lists system, built-in and catalogue with their counts', run: reportJourney },
];
