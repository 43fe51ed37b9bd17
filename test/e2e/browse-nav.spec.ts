// Browsing in Chromium against the real handlers: search ranking among 5,000 generated block
// types, the catalogue in an 800×600 window, and a keyboard-only journey from launch to a schema's
// page and form, with Back and Forward by keys, by the banner's buttons and by the mouse's back
// button; filters with counts, chips on cards, the import toast's links and the way back from a
// missing page.
// Screenshots go to test-results/screenshots/browse-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parseBlockFiles } from '../helpers/block-files';
import { importEntries } from '../../src/main/operations/import';
import { searchCatalogue } from '../helpers/search-catalogue';
import { connectPage, refuseOtherOrigins, startApp, type AppUnderTest } from './harness';
import { dropFiles, NOTIFY_BLOCKS } from './journeys';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
let app: AppUnderTest;

test.beforeEach(async ({ page }) => {
  app = await startApp();
  mkdirSync(SHOTS, { recursive: true });
  await refuseOtherOrigins(page, app);
  await connectPage(page, app);
});
test.afterEach(async () => {
  await app.close();
});

function results(page: Page): Locator {
  return page.getByRole('main').getByRole('region', { name: 'Block types' });
}

function search(page: Page): Locator {
  return page.getByRole('searchbox', { name: 'Search block types' });
}

/** The names of the results in the order shown (the rendered ones: the first screens). */
async function shownNames(page: Page): Promise<string[]> {
  return results(page)
    .getByRole('article')
    .evaluateAll((articles) =>
      articles
        .map((article) => ({ name: article.getAttribute('aria-label') ?? '', box: article.getBoundingClientRect() }))
        .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)
        .map((result) => result.name),
    );
}

test('5,000 generated block types: "s3" puts S3 Bucket first, "kubernetes creds" finds Kubernetes Credentials', async ({ page }) => {
  // Registering 5,000 types first takes a while on a busy machine (no time is asserted).
  test.setTimeout(300_000);
  const entries = await parseBlockFiles([{ name: 'generated.json', bytes: new TextEncoder().encode(searchCatalogue(5000)) }]);
  await importEntries(app.launched.registry, entries, 'generated.json');
  await page.goto(app.url);
  await expect(page.getByText('Showing 5,054 of 5,054 block types')).toBeVisible({ timeout: 30_000 });

  await search(page).fill('s3');
  await expect(page.getByText(/^Showing [\d,]+ of 5,054 block types$/)).not.toHaveText('Showing 5,054 of 5,054 block types');
  await expect.poll(async () => (await shownNames(page))[0]).toBe('S3 Bucket');
  // Next come names with "S3" as a word of their own (generated "Bucket S3 Sync n"), numbers by value.
  const afterS3 = (await shownNames(page)).slice(1, 4);
  expect(afterS3).toEqual(['Bucket S3 Sync 0', 'Bucket S3 Sync 7', 'Bucket S3 Sync 14']);
  await page.screenshot({ path: join(SHOTS, 'browse-search-s3.png') });

  await search(page).fill('kubernetes creds');
  await expect.poll(async () => (await shownNames(page))[0]).toBe('Kubernetes Credentials');
  expect((await shownNames(page))[1]).toBe('Kubernetes Credentials Mirror 2');
  await page.screenshot({ path: join(SHOTS, 'browse-search-kubernetes-creds.png') });

  // Enter opens the best result.
  await search(page).press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Kubernetes Credentials' })).toBeVisible();
});

/** Words of the visible names that the layout broke inside: each word must sit on one line. */
async function brokenWords(names: Locator): Promise<string[]> {
  return names.evaluateAll((elements) => {
    const broken: string[] = [];
    for (const element of elements) {
      const text = element.firstChild;
      if (text === null || text.nodeType !== Node.TEXT_NODE) continue;
      const content = text.textContent ?? '';
      const words = content.matchAll(/\S+/gu);
      for (const word of words) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
    return broken;
  });
}

/** The results whose box is wholly inside the viewport. */
async function fullyVisible(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluateAll(
    (elements) =>
      elements.filter((element) => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
      }).length,
  );
}

test('800×600: the filters fold away, cards and list rows fill the window, no name broken inside a word', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(app.url);
  await expect(page.getByText('Showing 54 of 54 block types')).toBeVisible();
  const filters = page.getByRole('button', { name: /^Filters/ });
  await expect(filters).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('group', { name: 'Capabilities' })).toBeHidden();
  await page.screenshot({ path: join(SHOTS, 'browse-800x600-cards.png') });
  // Two columns, and at least two whole rows of cards under the banner.
  expect(await fullyVisible(page, 'article.card')).toBeGreaterThanOrEqual(4);
  expect(await brokenWords(results(page).locator('.card-title a'))).toEqual([]);

  // The compact list: many more block types at once, each on one line.
  await page.getByRole('button', { name: 'List' }).click();
  await expect(page.getByRole('button', { name: 'List' })).toHaveAttribute('aria-pressed', 'true');
  expect(await fullyVisible(page, 'article.list-row')).toBeGreaterThanOrEqual(8);
  expect(await brokenWords(results(page).locator('.list-row-name a'))).toEqual([]);
  await page.screenshot({ path: join(SHOTS, 'browse-800x600-list.png') });

  // Remembered: a reload keeps the list.
  await page.reload();
  await expect(page.getByRole('button', { name: 'List' })).toHaveAttribute('aria-pressed', 'true');

  // The panel opens on demand, with counts.
  await filters.click();
  await expect(filters).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('group', { name: 'Capabilities' }).getByRole('button', { name: 'write-path' })).toContainText(/write-path\d+/);
  await page.screenshot({ path: join(SHOTS, 'browse-800x600-filters-open.png') });

  // A long name in a narrow column wraps between its words.
  await page.getByRole('button', { name: 'Cards' }).click();
  await page.setViewportSize({ width: 720, height: 600 });
  expect(await brokenWords(results(page).locator('.card-title a'))).toEqual([]);
});

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `limit`. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** On the schema page, Tab alone reaches the schema's form (its first field, read-only). */
async function keyboardToSchemaForm(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: /^S3 Bucket version / })).toBeVisible();
  const form = page.getByRole('form', { name: /^Form of S3 Bucket version / });
  const inForm = (): Promise<boolean> => form.evaluate((element) => element.contains(document.activeElement));
  let tabs = 0;
  while (!(await inForm())) {
    tabs += 1;
    expect(tabs, 'Tab presses to reach the form').toBeLessThan(80);
    await page.keyboard.press('Tab');
  }
  // The block's own name comes first, as in Prefect's create form.
  await expect(form.getByLabel('Block Name')).toBeFocused();
  await expect(form.getByLabel('Block Name')).toHaveJSProperty('readOnly', true);
}

test('keyboard only: launch, search, the results, a type, a schema and its form, and back and forward', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByText('Showing 54 of 54 block types')).toBeVisible();
  const back = page.getByRole('banner').getByRole('button', { name: 'Back' });
  const forward = page.getByRole('banner').getByRole('button', { name: 'Forward' });
  await expect(back).toHaveAttribute('aria-disabled', 'true');

  // The results are one Tab stop: from the search box, Tab passes the filter bar's buttons, then one result, then out.
  await page.keyboard.press('/');
  await expect(search(page)).toBeFocused();
  await page.keyboard.type('bucket');
  await page.keyboard.press('ArrowDown');
  const focusedName = (): Promise<string | null> => page.evaluate(() => document.activeElement?.textContent ?? null);
  const order = await shownNames(page);
  expect(await focusedName()).toBe(order[0]);
  await page.keyboard.press('ArrowRight');
  expect(await focusedName()).toBe(order[1]);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  await expect(search(page)).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  const stops: string[] = [];
  await search(page).focus();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const inResults = await results(page).evaluate((region) => region.contains(document.activeElement));
    stops.push(inResults ? 'result' : 'other');
  }
  expect(stops.filter((stop) => stop === 'result')).toHaveLength(1);
  await page.screenshot({ path: join(SHOTS, 'browse-keyboard-results.png') });

  // Enter on "s3" opens S3 Bucket.
  await search(page).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('s3');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeVisible();
  await expect(back).toHaveAttribute('aria-disabled', 'false');

  // Tab to the page's tabs, End to the Versions tab, then Tab to the newest schema version and open it.
  await tabTo(page, page.getByRole('tab', { name: 'Overview' }));
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/#\/types\/s3-bucket\/versions$/);
  await expect(page.getByRole('tab', { name: /^Versions/ })).toBeFocused();
  const version = page.getByRole('table', { name: 'Schema versions' }).getByRole('link').first();
  await tabTo(page, version);
  await page.keyboard.press('Enter');
  await keyboardToSchemaForm(page);
  await page.screenshot({ path: join(SHOTS, 'browse-keyboard-schema.png') });

  // Alt+← twice: the type, then the catalogue; Alt+→ forward again.
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeVisible();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByRole('heading', { level: 1, name: 'Block types' })).toBeVisible();
  await expect(back).toHaveAttribute('aria-disabled', 'true');
  await expect(forward).toHaveAttribute('aria-disabled', 'false');
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeVisible();

  // The banner's buttons, by keyboard, and the mouse's back and forward buttons.
  await forward.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^S3 Bucket version / })).toBeVisible();
  await expect(forward).toHaveAttribute('aria-disabled', 'true');
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 3, bubbles: true })));
  await expect(page.getByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 4, bubbles: true })));
  await expect(page.getByRole('heading', { level: 1, name: /^S3 Bucket version / })).toBeVisible();
  await back.click();
  await expect(page.getByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeVisible();
});

test('filters never dead-end, card chips filter, an import links to what changed, a missing page leads back', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByText('Showing 54 of 54 block types')).toBeVisible();
  const clear = page.getByRole('button', { name: 'Clear filters' });
  await expect(clear).toBeHidden();

  // A capability chip on a card is a filter: only the notify block types remain.
  const webhook = results(page).getByRole('article', { name: 'Custom Webhook' });
  await webhook.getByRole('button', { name: 'notify' }).click();
  await expect(page.getByText(`Showing ${NOTIFY_BLOCKS.length} of 54 block types`)).toBeVisible();
  await expect(clear).toBeVisible();

  // In the panel, each choice says how many it would give with the other filters; none is a dead end unmarked.
  const filters = page.getByRole('button', { name: /^Filters/ });
  if ((await filters.getAttribute('aria-expanded')) === 'false') await filters.click();
  const capabilities = page.getByRole('group', { name: 'Capabilities' });
  await expect(capabilities.getByRole('button', { name: 'notify' })).toHaveAttribute('aria-pressed', 'true');
  await expect(capabilities.getByRole('button', { name: 'notify' })).toContainText(String(NOTIFY_BLOCKS.length));
  // Nothing notifies and writes paths: that choice is dimmed, with its zero shown.
  const writePath = capabilities.getByRole('button', { name: 'write-path' });
  await expect(writePath).toHaveClass(/toggle-chip-empty/);
  await expect(writePath).toContainText('0');
  await page.screenshot({ path: join(SHOTS, 'browse-filters-counts.png') });
  await clear.click();
  await expect(page.getByText('Showing 54 of 54 block types')).toBeVisible();
  await expect(clear).toBeHidden();

  // An import's toast links to the block type it created; the same file again has nothing to register.
  const file = { name: 'tiny.json', text: JSON.stringify(tinyEntry()) };
  await dropFiles(page, [file]);
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Register' }).click();
  const changed = page.getByRole('list', { name: 'What changed' });
  await changed.getByRole('link', { name: 'Tiny Block' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tiny Block' })).toBeVisible();
  await dropFiles(page, [file]);
  await expect(dialog.getByRole('button', { name: 'Register' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // A block type that does not exist: the way back, no error code, no "Try again".
  await page.goto(`${app.url}#/types/no-such-block`);
  await expect(page.getByRole('link', { name: 'Back to the catalogue' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(page.getByRole('main')).not.toContainText('not_found');
  await page.getByRole('link', { name: 'Back to the catalogue' }).click();
  await expect(page.getByText('Showing 55 of 55 block types')).toBeVisible();
});

/** A one-field block type no launch registers. */
function tinyEntry(): Record<string, unknown> {
  const fields = { title: 'TinyBlock', type: 'object', properties: { x: { title: 'X', type: 'string' } }, block_type_slug: 'tiny-block', secret_fields: [], block_schema_references: {} };
  return {
    name: 'Tiny Block',
    slug: 'tiny-block',
    logo_url: null,
    documentation_url: null,
    description: 'A tiny block.',
    code_example: null,
    block_schema: { fields, capabilities: [], version: '1.0.0' },
  };
}
