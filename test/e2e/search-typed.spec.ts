// The catalogue's search as Prefect users type it, in Chromium against the real handlers: the class
// name from a code example, its snake_case, a package name, a typo, an alias; and a search that
// finds nothing, which offers "Did you mean …?" and a button that clears it (also in an 800×600
// window, where the filter bar and its "Clear filters" are folded away).
// Screenshots: test-results/screenshots/search-typed-<view>-<1280x800|800x600>-<light|dark>.png.
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { connectPage, refuseOtherOrigins, startApp, type AppUnderTest } from './harness';
import { countText, expectCatalogue, PREFECT_AWS_BLOCKS, screenshotsAtSizes, SCREENSHOTS_DIR } from './journeys';

let app: AppUnderTest;

test.beforeEach(async ({ page }) => {
  app = await startApp();
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await refuseOtherOrigins(page, app);
  await connectPage(page, app);
});
test.afterEach(async () => {
  await app.close();
});

function search(page: Page): Locator {
  return page.getByRole('searchbox', { name: 'Search block types' });
}

/** The names of the results in the order shown. */
async function shownNames(page: Page): Promise<string[]> {
  return page
    .getByRole('main')
    .getByRole('region', { name: 'Block types' })
    .getByRole('article')
    .evaluateAll((articles) =>
      articles
        .map((article) => ({ name: article.getAttribute('aria-label') ?? '', box: article.getBoundingClientRect() }))
        .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)
        .map((result) => result.name),
    );
}

test('class names, snake_case, package names, a typo and k8s find what Prefect users mean', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await expectCatalogue(page);

  for (const query of ['AwsCredentials', 'aws_credentials']) {
    await search(page).fill(query);
    await expect.poll(async () => (await shownNames(page))[0], { message: query }).toBe('AWS Credentials');
  }
  await screenshotsAtSizes(page, 'search-typed-class-name');

  await search(page).fill('prefect_aws');
  await expect(page.getByText(countText(PREFECT_AWS_BLOCKS.length), { exact: true })).toBeVisible();
  expect([...(await shownNames(page))].sort()).toEqual(PREFECT_AWS_BLOCKS);

  await search(page).fill('s3 bukcet');
  await expect(page.getByText(countText(1), { exact: true })).toBeVisible();
  expect(await shownNames(page)).toEqual(['S3 Bucket']);

  await search(page).fill('credentails');
  await expect.poll(async () => (await shownNames(page)).length).toBeGreaterThan(10);
  expect(await shownNames(page)).toContain('AWS Credentials');

  await search(page).fill('k8s');
  await expect(page.getByText(countText(2), { exact: true })).toBeVisible();
  expect(await shownNames(page)).toEqual(['Kubernetes Cluster Config', 'Kubernetes Credentials']);
  await screenshotsAtSizes(page, 'search-typed-alias');

  // Enter opens the best result, as for any search.
  await search(page).fill('CustomWebhookNotificationBlock');
  await search(page).press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Custom Webhook' })).toBeVisible();
});

test('a search that finds nothing offers "Did you mean …?" and a Clear button, at 1280×800 and 800×600', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await expectCatalogue(page);

  // Two typos in one word: too far for the search, near enough for a suggestion.
  await search(page).fill('kubrnetis');
  await expectCatalogue(page, 0);
  const empty = page.getByRole('main');
  await expect(empty.getByRole('heading', { level: 2, name: 'No block types match' })).toBeVisible();
  await expect(empty.getByText('Did you mean')).toBeVisible();
  await screenshotsAtSizes(page, 'search-typed-did-you-mean');
  await empty.getByRole('button', { name: 'kubernetes', exact: true }).click();
  await expect(search(page)).toHaveValue('kubernetes');
  await expect(search(page)).toBeFocused();
  await expectCatalogue(page, 2);

  // No suggestion for what the catalogue has no word near; the Clear button is there all the same.
  await search(page).fill('zz no such block');
  await expectCatalogue(page, 0);
  await expect(empty.getByText('Did you mean')).toHaveCount(0);
  await page.setViewportSize({ width: 800, height: 600 });
  // The empty state has its own button: in a narrow window the filter bar and its "Clear filters" may be folded away.
  const clear = empty.getByRole('button', { name: 'Clear search', exact: true });
  await expect(clear).toBeVisible();
  await screenshotsAtSizes(page, 'search-typed-nothing-found');
  await page.setViewportSize({ width: 800, height: 600 });
  await clear.click();
  await expect(search(page)).toHaveValue('');
  await expect(search(page)).toBeFocused();
  await expectCatalogue(page);

  // With a collection chosen, the suggestion is one that shows something in that collection, and
  // the button clears both.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('combobox', { name: 'Collection' }).selectOption('prefect-aws');
  await search(page).fill('crdentails');
  await expectCatalogue(page, 0);
  await empty.getByRole('button', { name: 'credentials', exact: true }).click();
  await expectCatalogue(page, 2);
  await search(page).fill('zz');
  await empty.getByRole('button', { name: 'Clear search and filters', exact: true }).click();
  await expectCatalogue(page);
  await expect(page.getByRole('combobox', { name: 'Collection' })).toHaveValue('');
});
