import { expect, test } from '@playwright/test';
import { connectPage, startApp, type AppUnderTest } from './harness';

let app: AppUnderTest;
test.beforeEach(async () => {
  app = await startApp();
});
test.afterEach(async () => {
  await app.close();
});

test('the page gets the real handlers as window.api', async ({ page }) => {
  await connectPage(page, app);
  await page.goto(app.url);
  const count = await page.evaluate(async () => {
    const api = (window as unknown as { api: { getOverview: () => Promise<{ ok: boolean; value: { block_type_count: number } }> } }).api;
    const response = await api.getOverview();
    return response.value.block_type_count;
  });
  expect(count).toBe(54);
});
