// A new app (real handlers, a freshly launched database file) for each test of a spec, its
// window open on the catalogue of the 54 launched block types; closed after the test.
import { expect, test } from '@playwright/test';
import { connectPage, startApp, type AppUnderTest } from './harness';

/** Call at a spec's top level; the returned function gives the current test's app. */
export function useAppOnCatalogue(): () => AppUnderTest {
  let app: AppUnderTest | undefined;
  test.beforeEach(async ({ page }) => {
    app = await startApp();
    await connectPage(page, app);
    await page.goto(app.url);
    await expect(page.getByText('Showing 54 of 54 block types')).toBeVisible();
  });
  test.afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  return () => {
    if (app === undefined) throw new Error('no app: call inside a test');
    return app;
  };
}
