// Every page of the window, and the states that add to a page (dialogs, toasts, alerts, the drop
// overlay), in light and dark at 1280×800: a full-page screenshot of each, and every element's
// computed style, under test-results/visual/$VISUAL_LABEL/. Run before and after a change of the
// stylesheets or of the markup (playwright.visual.config.ts), then compare the two folders with
// test/e2e/compare-screenshots.ts: what a person sees, and what the browser computed, must match.
// Not part of npm test. Text that changes from run to run (times, durations, temporary folders,
// the Prefect server's port) is held still, so that two runs of the same build match.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { ensurePrefectVenv } from '../../scripts/prefect-venv.mjs';
import type { RegistryApi } from '../../src/shared/contract';
import { startPrefectServer, type PrefectServer } from '../prefect/server';
import { connectPage, refuseOtherOrigins, startApp, type AppUnderTest } from './harness';
import { dropFiles, importThroughWindow } from './journeys';
import { wideBlock } from './wide-block';

const LABEL = process.env.VISUAL_LABEL ?? 'current';
const OUT = join(process.cwd(), 'test-results', 'visual', LABEL);
/** The port the Prefect server is reached on (a proxy in front of it): the same in every run, so are the URLs shown. */
const PREFECT_PROXY_PORT = Number(process.env.VISUAL_PREFECT_PORT ?? 47321);
const EVERY_WIDGET = readFileSync(join(process.cwd(), 'test', 'fixtures', 'every-widget.json'), 'utf8');
/** Text that differs between two runs of the same build (durations, dates and times, temporary folders), and what it is shown as instead: text of one length. */
const VOLATILE_TEXT: ReadonlyArray<[string, string]> = [
  [String.raw`\d[\d,]* ms\b`, '000 ms'],
  [String.raw`\d{4}-\d\d-\d\d`, '2000-01-01'],
  [String.raw`\b\d{1,2}:\d\d\b`, '00:00'],
  [String.raw`block-registry-e2e-[A-Za-z0-9]{6}`, 'block-registry-e2e-XXXXXX'],
];

let app: AppUnderTest;

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));
test.beforeEach(async ({ page }) => {
  app = await startApp();
  await refuseOtherOrigins(page, app);
  await connectPage(page, app);
});
test.afterEach(async () => {
  await app.close();
});

/** Holds the volatile text still: the same words, and so the same layout, in every run. */
async function holdTextStill(page: Page): Promise<void> {
  await page.evaluate((patterns) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const before = node.nodeValue ?? '';
      const after = patterns.reduce((text, [pattern, replacement]) => text.replace(new RegExp(pattern, 'g'), replacement), before);
      if (after !== before) node.nodeValue = after;
    }
  }, VOLATILE_TEXT);
}

/** Waits until nothing moves between two frames (the virtual grid places its rows once it has measured them). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    const layout = (): string =>
      [...document.body.querySelectorAll('*')]
        .map((element) => {
          const box = element.getBoundingClientRect();
          return `${box.x},${box.y},${box.width},${box.height}`;
        })
        .join(';');
    let before = layout();
    for (let tries = 0; tries < 50; tries += 1) {
      await frame();
      const now = layout();
      if (now === before) return;
      before = now;
    }
  });
}

/**
 * A full-page screenshot taken until two in a row are the same: taking one resizes the page for a
 * moment, and the virtual grid may render other rows in answer.
 */
async function steadyScreenshot(page: Page): Promise<Buffer> {
  let previous = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
  for (let tries = 0; tries < 5; tries += 1) {
    await settle(page);
    const next = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
    if (next.equals(previous)) return next;
    previous = next;
  }
  return previous;
}

/** Every element's (and its ::before and ::after's) computed style, as indexes into one table of values. */
function computedStyles(page: Page): Promise<{ properties: string[]; values: string[]; elements: Array<[string, number[]]> }> {
  return page.evaluate(() => {
    const properties = [...getComputedStyle(document.documentElement)].sort();
    const values: string[] = [];
    const indexOf = new Map<string, number>();
    const elements: Array<[string, number[]]> = [];
    const pathOf = (element: Element): string => {
      const steps: string[] = [];
      for (let node: Element | null = element; node !== null && node !== document.documentElement; node = node.parentElement) {
        const index = node.parentElement === null ? 0 : [...node.parentElement.children].indexOf(node) + 1;
        const classes = [...node.classList].map((name) => `.${name}`).join('');
        steps.unshift(`${node.tagName.toLowerCase()}${classes}:${index}`);
      }
      return steps.join(' > ');
    };
    for (const element of [document.documentElement, ...document.querySelectorAll('*')]) {
      if (element.closest('head') !== null) continue;
      for (const pseudo of ['', '::before', '::after']) {
        const style = getComputedStyle(element, pseudo === '' ? null : pseudo);
        if (pseudo !== '' && (style.content === 'none' || style.content === 'normal')) continue;
        const row = properties.map((property) => {
          const value = style.getPropertyValue(property);
          let index = indexOf.get(value);
          if (index === undefined) {
            index = values.length;
            values.push(value);
            indexOf.set(value, index);
          }
          return index;
        });
        elements.push([`${pathOf(element)}${pseudo}`, row]);
      }
    }
    return { properties, values, elements };
  });
}

/** The page as it is now, light then dark: screenshot and computed styles. */
async function capture(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await holdTextStill(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    await writeFile(join(OUT, `${name}-${scheme}.png`), await steadyScreenshot(page));
    writeFileSync(join(OUT, `${name}-${scheme}.styles.json.gz`), gzipSync(JSON.stringify(await computedStyles(page))));
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function open(page: Page, hash: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${app.url}${hash}`);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

const WIDE_EXTRA = { documentation_url: 'https://example.com/wide', capabilities: ['read'] };

function changedWideBlock(properties: Record<string, Record<string, unknown>>): void {
  (properties.field_3 as Record<string, unknown>).default = 'changed';
  (properties.field_26 as Record<string, unknown>).type = 'integer';
  delete (properties.field_26 as Record<string, unknown>).default;
}

async function schemaIds(page: Page, slug: string): Promise<string[]> {
  return page.evaluate(async (wanted) => {
    const answer = await (window as unknown as { api: RegistryApi }).api.getBlockType({ slug: wanted });
    return answer.ok ? answer.value.schemas.map((schema) => schema.id) : [];
  }, slug);
}

test('the catalogue', async ({ page }) => {
  await open(page, '#/', 'Block types');
  await expect(page.getByText('Showing 54 of 54 block types')).toBeVisible();
  await capture(page, 'catalogue-cards');
  await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'List' }).click();
  await capture(page, 'catalogue-list');
  await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'Cards' }).click();
  await page.getByRole('searchbox', { name: 'Search block types' }).fill('webhook');
  await page.getByRole('group', { name: 'Capabilities' }).getByRole('button', { name: 'notify', exact: true }).click();
  await expect(page.getByRole('button', { name: /^Export \d+ shown$/ })).toBeVisible();
  await capture(page, 'catalogue-filtered');
  await page.getByRole('button', { name: /^Export \d+ shown$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /Exported|Saved/ })).toBeVisible();
  await capture(page, 'catalogue-exported');
  await page.getByRole('searchbox', { name: 'Search block types' }).fill('nothing matches this');
  await expect(page.getByRole('heading', { level: 2, name: 'No block types match' })).toBeVisible();
  await page.getByRole('button', { name: /^Filters/ }).click();
  await capture(page, 'catalogue-no-match');
});

test('block type, schema, not found, report, Python settings', async ({ page }) => {
  await open(page, '#/types/s3-bucket', 'S3 Bucket');
  await expect(page.getByRole('form', { name: 'Form of S3 Bucket' })).toBeVisible();
  await capture(page, 'block-type');

  const [s3] = await schemaIds(page, 's3-bucket');
  await open(page, `#/schemas/${s3 ?? ''}`, /^S3 Bucket/);
  await page.getByRole('region', { name: 'Definitions' }).locator('summary').first().click();
  await capture(page, 'schema');

  await open(page, '#/no/such/page', /./);
  await capture(page, 'not-found');
  await open(page, '#/types/no-such-type', /./);
  await capture(page, 'block-type-not-found');

  await open(page, '#/report', /Registration report/);
  await capture(page, 'report');
  await open(page, '#/settings/python', 'Python settings');
  await page.getByLabel('Python interpreter').fill('/no/such/python');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByRole('status', { name: 'What Find found' })).toBeVisible({ timeout: 60_000 });
  await capture(page, 'python-settings');
});

test('the report of a launch with a file that failed, and its errors', async ({ context }) => {
  const failed = await startApp({ autoRegister: { 'broken.json': '{"name": "Broken", ', 'also-broken.json': '[1, 2' } });
  try {
    const other = await context.newPage();
    await refuseOtherOrigins(other, failed);
    await connectPage(other, failed);
    await other.goto(`${failed.url}#/report`);
    await expect(other.getByRole('heading', { level: 1, name: /Registration report/ })).toBeVisible();
    await expect(other.getByRole('alert').first()).toBeVisible();
    await capture(other, 'report-with-errors');
  } finally {
    await failed.close();
  }
});

test('import: the drop overlay, the preview dialog, the toasts, the new pages, the diff', async ({ page }) => {
  await open(page, '#/', 'Block types');
  const files = [
    { name: 'every-widget.json', text: EVERY_WIDGET },
    { name: 'wide-1.json', text: wideBlock('1.0.0', () => undefined, WIDE_EXTRA) },
  ];
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([file.text], file.name, { type: 'application/json' }));
    return transfer;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await capture(page, 'drop-overlay');
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toBeVisible();
  await capture(page, 'import-preview-new');
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import registered' })).toBeVisible();
  await capture(page, 'import-done-toast');

  // An update with changes, and a file that cannot be read: errors and changes in one preview.
  await dropFiles(page, [
    { name: 'wide-2.json', text: wideBlock('2.0.0', changedWideBlock, WIDE_EXTRA) },
    { name: 'broken.json', text: '{"name": "Broken", ' },
  ]);
  await expect(dialog).toBeVisible();
  await capture(page, 'import-preview-changes-and-errors');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  app.failNext('previewImport', 'The preview failed.');
  await dropFiles(page, [{ name: 'wide-2.json', text: wideBlock('2.0.0', changedWideBlock, WIDE_EXTRA) }]);
  await expect(page.getByText('The preview failed.')).toBeVisible();
  await capture(page, 'import-error-toast');
  await importThroughWindow(page, [{ name: 'wide-2.json', text: wideBlock('2.0.0', changedWideBlock, WIDE_EXTRA) }]);

  await open(page, '#/types/every-widget', 'Every Widget');
  await capture(page, 'block-type-every-widget');
  await open(page, '#/types/wide-block', 'Wide Block');
  await capture(page, 'block-type-two-versions');
  app.failNext('openExternal', 'The browser could not be opened.');
  await page.getByRole('button', { name: 'Open documentation' }).click();
  await expect(page.getByText('Could not open the link')).toBeVisible();
  await capture(page, 'block-type-link-failed');
  await page.getByRole('main').getByRole('button', { name: 'Dismiss' }).click();
  const ids = await schemaIds(page, 'wide-block');
  await open(page, `#/schemas/${ids[0] ?? ''}`, /^Wide Block/);
  await capture(page, 'schema-newer');
  await page.goto(`${app.url}#/types/wide-block/diff?left=${ids[1] ?? ''}&right=${ids[0] ?? ''}`);
  await expect(page.getByRole('region', { name: /^What changed/ })).toBeVisible();
  await capture(page, 'diff');
  await page.getByRole('button', { name: /^Next change/ }).click();
  await page
    .getByRole('button', { name: /^Show \d+ unchanged lines$/ })
    .first()
    .click();
  await capture(page, 'diff-expanded');
  await open(page, '#/report', /Registration report/);
  await capture(page, 'report-after-import');

  await open(page, '#/', 'Block types');
  await dropFiles(page, [{ name: 'blocks.py', text: 'print("never run")\n', type: 'text/x-python' }]);
  await expect(page.getByRole('dialog').or(page.getByRole('alert')).first()).toBeVisible({ timeout: 60_000 });
  await capture(page, 'python-confirm');
});

test('narrow windows and reduced motion', async ({ page }) => {
  // 800×600: the one-line banner and tighter page (max-width 900px, max-height 640px).
  await page.setViewportSize({ width: 800, height: 600 });
  await open(page, '#/', 'Block types');
  await capture(page, 'narrow-800-catalogue-cards');
  await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'List' }).click();
  await capture(page, 'narrow-800-catalogue-list');
  await open(page, '#/types/s3-bucket', 'S3 Bucket');
  await capture(page, 'narrow-800-block-type');
  await open(page, '#/report', /Registration report/);
  await capture(page, 'narrow-800-report');
  await open(page, '#/servers', 'Prefect servers');
  await capture(page, 'narrow-800-servers');
  // 600×800: one column of filters, a list row without its description, the type header stacked (max-width 640px, 720px).
  await page.setViewportSize({ width: 600, height: 800 });
  await open(page, '#/', 'Block types');
  await page.getByRole('button', { name: /^Filters/ }).click();
  await capture(page, 'narrow-600-catalogue-list-filters');
  await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'Cards' }).click();
  await capture(page, 'narrow-600-catalogue-cards');
  await open(page, '#/types/s3-bucket', 'S3 Bucket');
  await capture(page, 'narrow-600-block-type');
  const [s3] = await schemaIds(page, 's3-bucket');
  await open(page, `#/schemas/${s3 ?? ''}`, /^S3 Bucket/);
  await capture(page, 'narrow-600-schema');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, '#/', 'Block types');
  await capture(page, 'reduced-motion-catalogue');
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['{}'], 'a.json', { type: 'application/json' }));
    return transfer;
  });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await capture(page, 'reduced-motion-drop-overlay');
});

/** A TCP proxy on a fixed port in front of the server: the connection's URL is the same in every run. */
function proxyTo(server: PrefectServer): Promise<Server> {
  const target = new URL(server.api);
  const proxy = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(PREFECT_PROXY_PORT, '127.0.0.1', () => resolve(proxy));
  });
}

test('the Prefect servers page, against a real Prefect server', async ({ page }) => {
  test.skip(process.env.BLOCK_REGISTRY_NO_PREFECT_VENV === '1', 'the pinned Prefect venv could not be built');
  const server = await startPrefectServer({ PREFECT_SERVER_REGISTER_BLOCKS_ON_START: 'false' }, 240_000, ensurePrefectVenv());
  const proxy = await proxyTo(server);
  const api = `http://127.0.0.1:${PREFECT_PROXY_PORT}/api`;
  const wait = { timeout: 60_000 };
  try {
    await open(page, '#/servers', 'Prefect servers');
    await expect(page.getByText('No connections yet.')).toBeVisible();
    await capture(page, 'servers-empty');
    await page.getByRole('button', { name: 'Add a connection' }).click();
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('Name').fill('Local server');
    await form.getByLabel('API URL').fill(api);
    await capture(page, 'servers-form');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Add a connection' }).click();
    await form.getByLabel('Name').fill('Nowhere');
    await form.getByLabel('API URL').fill('http://127.0.0.1:9/api');
    await form.getByLabel('Authentication').selectOption('api-key');
    await capture(page, 'servers-form-secret');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByText('Could not save the connection')).toBeVisible();
    await capture(page, 'servers-form-refused');
    await form.getByRole('textbox', { name: 'API key' }).fill('not-a-real-key');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('listitem', { name: 'Nowhere' })).toBeVisible();
    const connection = page.getByRole('listitem', { name: 'Local server' });
    await connection.getByRole('button', { name: 'Test connection' }).click();
    await expect(connection.getByRole('status')).toHaveText(/^Connected: Prefect 3\.9\.1/, wait);
    const nowhere = page.getByRole('listitem', { name: 'Nowhere' });
    await nowhere.getByRole('button', { name: 'Test connection' }).click();
    await expect(nowhere.getByText('Not reachable:')).toBeVisible(wait);
    await capture(page, 'servers-tested');

    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(page.getByText('54 only left, 0 only right, 0 differing, 0 the same')).toBeVisible(wait);
    await page.getByRole('checkbox', { name: 'Select slack-webhook' }).check();
    await page.getByRole('checkbox', { name: 'Select discord-webhook' }).check();
    await capture(page, 'servers-compared');
    await page.getByRole('button', { name: 'Push to server' }).click();
    const panel = page.getByRole('region', { name: 'Push preview' });
    await expect(panel.getByText('2 new, 0 updated, 0 unchanged; 2 new schemas')).toBeVisible(wait);
    await capture(page, 'servers-push-preview');
    await panel.getByRole('button', { name: 'Push now' }).click();
    await expect(page.getByText('52 only left, 0 only right, 0 differing, 2 the same')).toBeVisible(wait);
    await page.getByRole('radio', { name: 'Only left' }).check();
    await page.getByRole('searchbox', { name: 'Search the comparison' }).fill('aws');
    await capture(page, 'servers-pushed');

    await page.getByRole('combobox', { name: 'Right' }).selectOption({ label: `Nowhere (http://127.0.0.1:9/api)` });
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(page.getByText('Could not compare')).toBeVisible(wait);
    await capture(page, 'servers-compare-failed');
  } finally {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await server.stop();
  }
});
