// The window's polish in Chromium, against the harness (the built renderer, `window.api` running
// the real main-process handlers on a real SQLite file from the real launch registration): the
// banner's links, the type page's tabs, the form as Prefect's create form, wide tables in a narrow
// window, and the connection form's API URL. Each change is photographed at 1280×800 and 800×600,
// light and dark (test-results/screenshots/polish-*.png).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { connectPage, refuseOtherOrigins, startApp, type AppUnderTest } from './harness';
import { screenshotsAtSizes, SCREENSHOTS_DIR } from './journeys';

const EVERY_WIDGET = readFileSync(join(process.cwd(), 'test', 'fixtures', 'every-widget.json'), 'utf8');
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 800, height: 600 };
let app: AppUnderTest;
let pageProblems: string[];

test.beforeEach(async ({ page }) => {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  app = await startApp();
  pageProblems = [];
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  await refuseOtherOrigins(page, app);
  await connectPage(page, app);
  await page.setViewportSize(WIDE);
});

test.afterEach(async () => {
  await app.close();
  // Refused logo requests log a network error; anything else is a problem.
  expect(pageProblems.filter((problem) => !problem.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

async function left(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} is not shown`);
  return Math.round(box.x);
}

test('the banner: the same links in the same places on every page, the current one marked, one link to the report', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Block types' })).toBeVisible();
  const banner = page.getByRole('banner');
  const pages = banner.getByRole('navigation', { name: 'Pages' });
  const servers = pages.getByRole('link', { name: 'Prefect servers' });
  const python = pages.getByRole('link', { name: 'Python', exact: true });
  const report = pages.getByRole('link', { name: /^Registration report/ });
  await expect(report).toHaveText(/^Registration report 54 block types, 54 schemas, registered in \d[\d,]* ms$/);
  await expect(banner.locator('a[href="#/report"]')).toHaveCount(1);
  await expect(banner.getByRole('link', { name: 'Block Registry' })).toHaveAttribute('aria-current', 'page');
  const places = async (): Promise<number[]> => [await left(report), await left(python), await left(servers)];
  const onCatalogue = await places();
  await screenshotsAtSizes(page, 'polish-banner-catalogue', { element: () => banner });

  for (const [hash, current] of [
    ['#/report', report],
    ['#/settings/python', python],
    ['#/servers', servers],
    ['#/types/s3-bucket', null],
  ] as const) {
    await page.goto(`${app.url}${hash}`);
    await expect(banner.getByRole('button', { name: 'Import…' })).toBeVisible();
    expect(await places(), hash).toEqual(onCatalogue);
    if (current === null) await expect(banner.locator('[aria-current]')).toHaveCount(0);
    else {
      await expect(current).toHaveAttribute('aria-current', 'page');
      await expect(banner.locator('[aria-current]')).toHaveCount(1);
    }
  }
  await page.goto(`${app.url}#/servers`);
  await screenshotsAtSizes(page, 'polish-banner-servers', { element: () => banner });
  // In a narrow window the report's link keeps its label, without the status.
  await page.setViewportSize(NARROW);
  await expect(report).toHaveText(/^Registration report/);
  await expect(report.locator('.header-report-status')).toBeHidden();
});

test("a type page's tabs: each an address, keyboard-driven; the newest schema's fields and form on their own tabs", async ({ page }) => {
  await page.goto(`${app.url}#/types/s3-bucket`);
  await expect(page.getByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeVisible();
  const tabs = page.getByRole('tablist', { name: 'Block type' });
  await expect(tabs.getByRole('tab')).toHaveText(['Overview', 'Fields', 'Form', 'Versions 1']);
  await expect(tabs.getByRole('tab', { selected: true })).toHaveText('Overview');
  await expect(tabs.getByRole('tab', { name: 'Versions 1', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Description' })).toBeVisible();
  await screenshotsAtSizes(page, 'polish-type-overview');

  await tabs.getByRole('tab', { name: 'Fields' }).click();
  await expect(page).toHaveURL(/#\/types\/s3-bucket\/fields$/);
  const fields = page.getByRole('table', { name: 'Fields' });
  await expect(fields.getByRole('rowheader', { name: /^bucket_name/ })).toBeVisible();
  await screenshotsAtSizes(page, 'polish-type-fields');

  // The keyboard: focus stays on the tabs, the arrows move between them and show each.
  await tabs.getByRole('tab', { name: 'Fields' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/#\/types\/s3-bucket\/form$/);
  await expect(tabs.getByRole('tab', { name: 'Form' })).toBeFocused();
  const form = page.getByRole('form', { name: 'Form of S3 Bucket' });
  await expect(form).toBeVisible();
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/#\/types\/s3-bucket\/versions$/);
  await expect(page.getByRole('table', { name: 'Schema versions' })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/#\/types\/s3-bucket$/);
  await expect(tabs.getByRole('tab', { name: 'Overview' })).toBeFocused();

  // A tab's address opens it, on a reload too.
  await page.goto(`${app.url}#/types/s3-bucket/fields`);
  await page.reload();
  await expect(tabs.getByRole('tab', { selected: true })).toHaveText('Fields');
  await expect(fields).toBeVisible();
});

test("the form is Prefect's create form: Block Name first, switches for booleans, 'an' before a vowel sound", async ({ page }) => {
  await page.goto(`${app.url}#/types/s3-bucket/form`);
  const s3 = page.getByRole('form', { name: 'Form of S3 Bucket' });
  await expect(s3.locator('.schema-form-label').first()).toHaveText('Block Name');
  await expect(s3.getByLabel('Block Name')).toHaveJSProperty('readOnly', true);
  await expect(page.locator('#type-tab-panel')).toContainText('creates an S3 Bucket block');
  await s3.getByRole('tab', { name: 'AwsCredentials' }).click();
  await expect(s3.getByRole('combobox', { name: 'Credentials: AwsCredentials' })).toHaveText('Select an aws-credentials block document');

  await page.goto(`${app.url}#/types/shell-operation/form`);
  const shell = page.getByRole('form', { name: 'Form of Shell Operation' });
  const stream = shell.getByRole('switch', { name: 'Stream Output (Optional)' });
  await expect(stream).toBeChecked();
  // A switch: a track with a knob, no checkbox box and no "On" beside it.
  expect(await stream.evaluate((element) => getComputedStyle(element).appearance)).toBe('none');
  expect(await stream.evaluate((element) => Math.round(element.getBoundingClientRect().width))).toBe(40);
  await expect(shell.locator('[data-field="stream_output"]')).not.toContainText(/\bOn\b/);
  await screenshotsAtSizes(page, 'polish-form-shell-operation', { element: () => shell });
});

test('a JSON field is a code editor: line numbers and colours under the text as typed', async ({ page }) => {
  // Every Widget's `extra` is a JSON field with a default of two keys' object over three lines.
  const preview = await app.handlers.previewImport({ files: [{ name: 'every-widget.json', bytes: new TextEncoder().encode(EVERY_WIDGET) }] });
  if (!('id' in preview)) throw new Error('a JSON file never asks to run anything');
  await app.handlers.applyImport({ preview_id: preview.id });
  await page.goto(`${app.url}#/types/every-widget/form`);
  const form = page.getByRole('form', { name: 'Form of Every Widget' });
  const extra = form.locator('[data-field="extra"] .code-editor');
  await expect(extra.locator('.code-editor-gutter span')).toHaveText(['1', '2', '3']);
  await expect(extra.locator('.json-key')).toHaveText(['"key"']);
  await expect(extra.locator('.json-string')).toHaveText(['"value"']);
  // The text lies over its coloured copy: the same characters, the textarea's own transparent.
  await expect(form.getByLabel('Extra (Optional)')).toHaveValue('{\n  "key": "value"\n}');
  expect(await extra.locator('textarea').evaluate((element) => getComputedStyle(element).color)).toBe('rgba(0, 0, 0, 0)');
  expect(await extra.locator('pre').textContent()).toBe('{\n  "key": "value"\n}\n');
  await screenshotsAtSizes(page, 'polish-form-json-editor', { element: () => form.locator('[data-field="extra"]') });
});

test('wide tables in an 800×600 window: the fields fit, Secret column included; the report scrolls with a cue', async ({ page }) => {
  await page.setViewportSize(NARROW);
  for (const slug of ['s3-bucket', 'aws-credentials', 'shell-operation', 'email-server-credentials']) {
    await page.goto(`${app.url}#/types/${slug}/fields`);
    const table = page.getByRole('table', { name: 'Fields' });
    await expect(table).toBeVisible();
    const secret = table.getByRole('columnheader', { name: 'Secret' });
    const box = await secret.boundingBox();
    expect(box, slug).not.toBeNull();
    expect(Math.round((box?.x ?? 0) + (box?.width ?? 0)), `${slug}: the Secret column's right edge`).toBeLessThanOrEqual(NARROW.width);
    // Fits: nothing to scroll, so no cue either.
    await expect(page.locator('.table-scroll-hint')).toHaveCount(0);
  }

  await page.goto(`${app.url}#/report`);
  const sources = page.getByRole('table', { name: 'Sources' });
  await expect(sources).toBeVisible();
  // Nine columns do not fit in 800 px: the table scrolls in a focusable region, with a visible cue.
  const region = page.getByRole('region', { name: 'Sources (scrolls sideways)' });
  await expect(region).toBeVisible();
  await expect(page.getByText('Scroll for more columns →')).toBeVisible();
  expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  await screenshotsAtSizes(page, 'polish-report-sources', { element: () => page.locator('.table-scroll-frame').first() });
  await page.setViewportSize(NARROW);
  // The keyboard scrolls it (it takes focus); scrolled to its end, the cue points back.
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  await region.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
  await expect(page.getByText('← Scroll for more columns')).toBeVisible();
  const duration = await sources.getByRole('columnheader', { name: 'Duration' }).boundingBox();
  expect(Math.round((duration?.x ?? Infinity) + (duration?.width ?? 0))).toBeLessThanOrEqual(NARROW.width);
  // Wide enough, it fits and says nothing.
  await page.setViewportSize(WIDE);
  await expect(page.locator('.table-scroll-hint')).toHaveCount(0);
});

test('the connection form: the scheme added, "Use …/api" offered, Save asks before keeping a URL without /api, no error codes', async ({ page }) => {
  await page.goto(`${app.url}#/servers`);
  await page.getByRole('button', { name: 'Add a connection' }).click();
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name').fill('Local');
  const url = form.getByLabel('API URL');
  await url.fill('127.0.0.1:4420');
  await url.blur();
  await expect(url).toHaveValue('http://127.0.0.1:4420');
  await expect(form.getByRole('status')).toContainText("Prefect's API is usually under /api, and http://127.0.0.1:4420 has none.");
  await expect(form.getByRole('button', { name: 'Use http://127.0.0.1:4420/api' })).toBeVisible();
  await screenshotsAtSizes(page, 'polish-connection-form-hint', { element: () => form });

  // Save does not keep it silently: it asks.
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('Not saved yet');
  await expect(form.getByRole('button', { name: 'Save as typed' })).toBeVisible();
  expect((await app.handlers.listConnections(undefined)).connections).toEqual([]);
  await screenshotsAtSizes(page, 'polish-connection-form-asked', { element: () => form });
  await form.getByRole('button', { name: 'Use http://127.0.0.1:4420/api' }).click();
  const saved = page.getByRole('listitem', { name: 'Local' });
  await expect(saved).toContainText('http://127.0.0.1:4420/api');
  expect((await app.handlers.listConnections(undefined)).connections.map((connection) => connection.api_url)).toEqual(['http://127.0.0.1:4420/api']);

  // "Save as typed" keeps a URL without /api when that is what is meant.
  await page.getByRole('button', { name: 'Add a connection' }).click();
  await form.getByLabel('Name').fill('Behind a proxy');
  await url.fill('https://prefect.example.test/prefect');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('button', { name: 'Save as typed' }).click();
  await expect(page.getByRole('listitem', { name: 'Behind a proxy' })).toContainText('https://prefect.example.test/prefect');

  // A message from main reads as a sentence: no error code beside it.
  await page.getByRole('button', { name: 'Add a connection' }).click();
  await form.getByLabel('Name').fill('Bad');
  await url.fill('ftp://example.test/api');
  await form.getByRole('button', { name: 'Save' }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText('must start with http:// or https://');
  await expect(alert).not.toContainText('prefect_config');
  await expect(alert.locator('code')).toHaveCount(0);
});
