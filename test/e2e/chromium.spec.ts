// Every user journey in Chromium, against the harness: the built renderer, `window.api` running
// the real main-process handlers on a real SQLite file from the real launch registration. A
// fresh app (database, server) per test.
import { expect, test } from '@playwright/test';
import { connectPage, startApp, type AppUnderTest } from './harness';
import { JOURNEYS, type JourneyContext } from './journeys';

let app: AppUnderTest;
/** Uncaught exceptions and Content Security Policy violations in the page: none expected. */
let pageProblems: string[];
/** Requests that would leave the app: none expected (main fetches the logos); refused all the same. */
let externalRequests: string[];

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeEach(async ({ page }) => {
  app = await startApp();
  pageProblems = [];
  externalRequests = [];
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageProblems.push(`csp: ${message.text()}`);
  });
  const origin = new URL(app.url).origin;
  await page.route(
    (url) => url.origin !== origin,
    (route) => {
      externalRequests.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  await connectPage(page, app);
});

test.afterEach(async () => {
  await app.close();
  expect(pageProblems).toEqual([]);
  // The window stays off the network: logos come from main as data: URLs.
  expect(externalRequests).toEqual([]);
});

function chromiumContext(page: JourneyContext['page']): JourneyContext {
  return {
    page,
    runner: 'chromium',
    open: async (hash = '#/') => {
      await page.goto(`${app.url}${hash}`);
    },
    failNext: (channel, message) => app.failNext(channel, message),
    openedExternally: () => Promise.resolve([...app.openedExternally]),
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
  };
}

for (const journey of JOURNEYS) {
  test(journey.name, async ({ page }) => {
    await journey.run(chromiumContext(page));
  });
}
