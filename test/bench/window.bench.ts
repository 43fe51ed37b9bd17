// The window's figures for `npm run bench` (test/bench/run.ts runs this file with
// playwright.bench.config.ts): Chromium against the end-to-end harness (the built renderer,
// `window.api` running the real handlers on a real SQLite file) with 5,054 block types, the
// launch's 54 plus 5,000 generated in the auto-register folder. Figures, not assertions: every
// run's time is written to $BENCH_WINDOW_OUT as JSON for run.ts to print.
import { writeFileSync } from 'node:fs';
import { test, type Browser, type Page } from '@playwright/test';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { connectPage, startApp, type AppUnderTest } from '../e2e/harness';

export interface WindowFigures {
  /** The last key of a search typed into the catalogue, to the grid showing its one result (DOM updated). */
  keystrokeToResult: number[];
  /** The same, to the next frame after it (painted). */
  keystrokeToPaint: number[];
  /** From the catalogue, the report opened (hash change) to its summary and sources painted: its
   * first open, fetched through the harness's bridge (Playwright's exposeFunction, slower than IPC). */
  reportFirstOpen: number[];
  /** The same with the report already in the store: the renderer's own work, render to paint. */
  reportRender: number[];
  /** Elements under `main` on the report page. */
  reportElements: number;
}

const TARGET_SLUG = 'generated-block-4321';
const TYPED_BEFORE = 'generated-block-432';
const LAST_KEY = '1';
const VIEWPORT = { width: 1280, height: 860 };

/** A fresh load of the catalogue (never a same-document hash change: the store starts empty). */
async function showCatalogue(page: Page, app: AppUnderTest): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${app.url}#/`);
  await page.getByText('Showing 5,054 of 5,054 block types').waitFor({ timeout: 120_000 });
}

/** Resolves, in the page, when `ready()` first holds after the next key press: DOM time and painted time. */
async function timeLastKey(page: Page): Promise<{ dom: number; painted: number }> {
  await page.evaluate(
    ({ slug }) => {
      const target = `#/types/${slug}`;
      const ready = (): boolean => {
        const cards = document.querySelectorAll('a.card-link');
        return cards.length === 1 && cards[0]?.getAttribute('href') === target;
      };
      (window as unknown as { __keyTiming: Promise<{ dom: number; painted: number }> }).__keyTiming = new Promise((resolve) => {
        let keyAt: number | null = null;
        document.addEventListener('keydown', (event) => (keyAt = event.timeStamp), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (keyAt === null || !ready()) return;
          observer.disconnect();
          const start = keyAt;
          const dom = performance.now() - start;
          requestAnimationFrame(() => setTimeout(() => resolve({ dom, painted: performance.now() - start })));
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    },
    { slug: TARGET_SLUG },
  );
  await page.keyboard.press(LAST_KEY);
  return page.evaluate(() => (window as unknown as { __keyTiming: Promise<{ dom: number; painted: number }> }).__keyTiming);
}

/** In the page: when the report's summary and sources table are both shown, the next frame's time. */
function reportPainted(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const ready = (): boolean => document.querySelector('section[aria-label="Summary"] dd') !== null && document.querySelector('table.report-table tbody tr') !== null;
        const finish = (): void => {
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
        };
        if (ready()) {
          finish();
          return;
        }
        const observer = new MutationObserver(() => {
          if (!ready()) return;
          observer.disconnect();
          finish();
        });
        observer.observe(document.body, { subtree: true, childList: true });
      }),
  );
}

/** From the catalogue: the hash set to `#/report` to the report's summary and sources painted. */
async function openReport(page: Page): Promise<number> {
  const start = await page.evaluate(() => {
    const now = performance.now();
    window.location.hash = '#/report';
    return now;
  });
  return (await reportPainted(page)) - start;
}

async function measureWindow(browser: Browser, runs: number): Promise<WindowFigures> {
  const app = await startApp({ autoRegister: { 'generated.json': generateCatalogue(5000) } });
  const figures: WindowFigures = { keystrokeToResult: [], keystrokeToPaint: [], reportFirstOpen: [], reportRender: [], reportElements: 0 };
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await connectPage(page, app);
    await showCatalogue(page, app);
    const search = page.getByRole('searchbox', { name: 'Search block types' });
    // One run to warm up (JIT, first layout of the grid), not counted.
    for (let run = 0; run <= runs; run++) {
      await search.fill('');
      await page.getByText('Showing 5,054 of 5,054 block types').waitFor();
      await search.fill(TYPED_BEFORE);
      await page.getByText('Showing 11 of 5,054 block types').waitFor();
      const timing = await timeLastKey(page);
      if (run === 0) continue;
      figures.keystrokeToResult.push(timing.dom);
      figures.keystrokeToPaint.push(timing.painted);
    }
    for (let run = 0; run <= runs; run++) {
      await showCatalogue(page, app);
      const first = await openReport(page);
      // Back to the catalogue and to the report again: the report is in the store now.
      await page.evaluate(() => (window.location.hash = '#/'));
      await page.getByText('Showing 5,054 of 5,054 block types').waitFor();
      const again = await openReport(page);
      if (run === 0) continue;
      figures.reportFirstOpen.push(first);
      figures.reportRender.push(again);
    }
    figures.reportElements = await page.evaluate(() => document.querySelectorAll('main *').length);
    await page.close();
  } finally {
    await app.close();
  }
  return figures;
}

test('window figures with 5,054 block types', async ({ browser }) => {
  test.setTimeout(600_000);
  const figures = await measureWindow(browser, Number(process.env.BENCH_WINDOW_RUNS ?? 5));
  const out = process.env.BENCH_WINDOW_OUT;
  if (out !== undefined && out !== '') writeFileSync(out, JSON.stringify(figures));
  else console.log(JSON.stringify(figures));
});
