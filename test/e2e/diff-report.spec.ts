// Readable diffs and a report that scales, in Chromium against the
// harness: the built renderer, `window.api` running the real handlers on a real SQLite file.
// Page heights and DOM sizes are measured in the page; screenshots go to test-results/.
import { expect, test, type Page } from '@playwright/test';
import type { RegistryApi } from '../../src/shared/contract';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { connectPage, startApp, type AppUnderTest } from './harness';
import { importThroughWindow, screenshot, type JourneyContext } from './journeys';
import { wideBlock } from './wide-block';

let app: AppUnderTest | undefined;

test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

function context(page: Page, runningApp: AppUnderTest): JourneyContext {
  return {
    page,
    runner: 'chromium',
    open: async (hash = '#/') => void (await page.goto(`${runningApp.url}${hash}`)),
    failNext: (channel, message) => runningApp.failNext(channel, message),
    openedExternally: () => Promise.resolve([...runningApp.openedExternally]),
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
  };
}

/** The document's height and the number of elements under `main`, measured in the page. */
function pageSize(page: Page): Promise<{ height: number; nodes: number }> {
  return page.evaluate(() => ({ height: document.documentElement.scrollHeight, nodes: document.querySelectorAll('main *').length }));
}

test('a diff of two schemas differing in two fields: summary on top, a short page, previous/next change', async ({ page }) => {
  const running = (app = await startApp());
  await connectPage(page, running);
  const journey = context(page, running);
  await journey.open('#/');
  await expect(page.getByRole('heading', { level: 1, name: 'Block types' })).toBeVisible();
  await importThroughWindow(page, [{ name: 'wide-1.json', text: wideBlock('1.0.0', () => undefined) }]);
  await importThroughWindow(page, [
    {
      name: 'wide-2.json',
      text: wideBlock('2.0.0', (properties) => {
        (properties.field_3 as Record<string, unknown>).default = 'changed';
        (properties.field_26 as Record<string, unknown>).type = 'integer';
        delete (properties.field_26 as Record<string, unknown>).default;
      }),
    },
  ]);
  const ids = await page.evaluate(async () => {
    const answer = await (window as unknown as { api: RegistryApi }).api.getBlockType({ slug: 'wide-block' });
    return answer.ok ? answer.value.schemas.map((schema) => schema.id) : [];
  });
  expect(ids).toHaveLength(2);
  await journey.open(`#/types/wide-block/diff?left=${ids[1] ?? ''}&right=${ids[0] ?? ''}`);

  // The summary first: the version and the two fields, each with what changed.
  const summary = page.getByRole('region', { name: 'What changed 2 changed' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('list', { name: 'Schema changes' })).toHaveText('version 1.0.0 → 2.0.0');
  await expect(summary.getByRole('table', { name: 'Field changes' }).getByRole('row')).toHaveText([
    /^Field\s*Change\s*Details$/,
    /^field_3\s*Changed\s*default "value 3" → "changed"$/,
    /^field_26\s*Changed\s*Breaking\s*type string → integer; default "value 26" → none$/,
  ]);
  // A string field that became an integer breaks documents saved on the older version.
  await expect(summary.getByRole('note', { name: 'Breaking change' })).toContainText("field 'field_26' type string → integer");
  const lines = page.getByRole('table', { name: /^Fields of Version/ });
  const summaryBox = await summary.boundingBox();
  const linesBox = await lines.boundingBox();
  expect(summaryBox !== null && linesBox !== null && summaryBox.y + summaryBox.height <= linesBox.y).toBe(true);

  // A short page: each change with three lines of context, the rest folded.
  const shownRows = lines.locator('tbody tr[data-row]');
  const shown = await shownRows.count();
  expect(shown).toBeLessThan(25);
  const expanders = lines.getByRole('button', { name: /^Show \d+ unchanged lines$/ });
  const folded = (await expanders.allTextContents()).reduce((sum, label) => sum + Number(/\d+/.exec(label)?.[0]), 0);
  expect(shown + folded).toBeGreaterThan(180);
  const size = await pageSize(page);
  // 1280×860: the whole page fits in under two screens (the full diff was over 3,800 px).
  expect(size.height).toBeLessThan(1600);
  test.info().annotations.push({ type: 'figure', description: `diff page: ${size.height} px high, ${shown} of ${shown + folded} rows shown, ${size.nodes} elements` });
  await screenshot(journey, 'diff-summary');

  // Previous/next change: the counter, the highlighted rows, the keys n and p.
  const nav = page.getByRole('group', { name: 'Changes' });
  await expect(nav.getByText(/^\d+ changes$/)).toHaveText('2 changes');
  await nav.getByRole('button', { name: 'Next change' }).click();
  await expect(nav.getByText(/^Change \d+ of \d+$/)).toHaveText('Change 1 of 2');
  const current = lines.locator('tr.diff-current');
  await expect(current.first()).toContainText('"default": "value 3"');
  await expect(current.first()).toBeFocused();
  const firstRow = Number(await current.first().getAttribute('data-row'));
  await page.keyboard.press('n');
  await expect(nav.getByText(/^Change \d+ of \d+$/)).toHaveText('Change 2 of 2');
  await expect(current.first()).toContainText('"type": "string"');
  await expect(current.first()).toBeInViewport();
  // The second change is far below the first (130 folded lines between them).
  expect(Number(await current.first().getAttribute('data-row'))).toBeGreaterThan(firstRow + 100);
  await screenshot(journey, 'diff-second-change');
  await page.keyboard.press('p');
  await expect(nav.getByText(/^Change \d+ of \d+$/)).toHaveText('Change 1 of 2');
  await expect(current.first()).toContainText('"default": "value 3"');
  await expect(current.first()).toBeInViewport();
  // At either end it wraps around.
  await page.keyboard.press('p');
  await expect(nav.getByText(/^Change \d+ of \d+$/)).toHaveText('Change 2 of 2');
  await nav.getByRole('button', { name: 'Next change' }).click();
  await expect(nav.getByText(/^Change \d+ of \d+$/)).toHaveText('Change 1 of 2');
  await expect(current.first()).toBeInViewport();

  // A folded stretch opens on request.
  const first = expanders.first();
  const count = Number(/\d+/.exec((await first.textContent()) ?? '')?.[0]);
  await first.click();
  await expect(shownRows).toHaveCount(shown + count);
});

test('the report of a launch with 5,054 block types: summary first and a small DOM', async ({ page }) => {
  test.setTimeout(240_000);
  const running = (app = await startApp({ autoRegister: { 'generated.json': generateCatalogue(5000) } }));
  await connectPage(page, running);
  const journey = context(page, running);
  await journey.open('#/report');
  const summary = page.getByRole('region', { name: 'Summary' });
  await expect(summary.locator('dd')).toHaveText(['5,054', '5,054', '0', '0', '0', '0', '5,054', '4'], { timeout: 60_000 });
  const sources = page.getByRole('table', { name: 'Sources' });
  await expect(sources.getByRole('row').filter({ hasText: 'auto-register/generated.json (folder)' }).getByRole('cell')).toHaveText(['Registered', '5,000', '0', '0', '0', '0', '5,000', '0', /ms$/]);
  // Summary first: above the sources table and the lists, in view without scrolling.
  await expect(summary).toBeInViewport();
  const summaryBox = await summary.boundingBox();
  const sourcesBox = await sources.boundingBox();
  expect(summaryBox !== null && sourcesBox !== null && summaryBox.y < sourcesBox.y).toBe(true);

  const generated = page.getByRole('region', { name: 'Changes from auto-register/generated.json' });
  await expect(generated.getByRole('listitem')).toHaveCount(20);
  const collapsed = await pageSize(page);
  expect(collapsed.nodes).toBeLessThan(2000);
  await screenshot(journey, 'report-5054');

  // All 5,000 on request: a scrolling box that keeps only the items in view.
  await generated.getByRole('button', { name: 'Show all 5,000' }).click();
  const list = generated.getByRole('list', { name: 'Block types changed by auto-register/generated.json' });
  await expect(list.getByRole('listitem').first()).toContainText('Generated Block 0');
  await list.evaluate((element) => {
    const box = element.parentElement;
    if (box !== null) box.scrollTop = box.scrollHeight;
  });
  await expect(list.getByRole('listitem').filter({ hasText: 'Generated Block 4999' })).toBeVisible();
  const expanded = await pageSize(page);
  expect(expanded.nodes).toBeLessThan(2000);
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);
  test.info().annotations.push({ type: 'figure', description: `report with 5,054 types: ${collapsed.nodes} elements collapsed, ${expanded.nodes} with all shown` });
  await screenshot(journey, 'report-5054-all');
});
