// The window stays off the network while it shows remote logos: in Chromium, against the harness
// (the real handlers, main's real logo store), with block types whose logos are on a real https
// server on loopback (PNG, and SVG with a script in it), over http, on a host that does not
// resolve, and Prefect's own catalogue logos. Every request the page makes is to the app's own
// origin; main fetched the logos and handed them over as data: URLs.
import { expect, test, type Page } from '@playwright/test';
import { PNG_BYTES, startLogoServer, SVG_TEXT, type LogoServer } from '../helpers/logos';
import { connectPage, startApp, type AppUnderTest } from './harness';

let server: LogoServer;
let app: AppUnderTest;

function entry(name: string, slug: string, logoUrl: string | null, description = `The ${name} block.`): Record<string, unknown> {
  return {
    name,
    slug,
    logo_url: logoUrl,
    documentation_url: null,
    description,
    code_example: null,
    block_schema: { fields: { title: name, type: 'object', properties: {}, block_type_slug: slug, secret_fields: [], block_schema_references: {} }, capabilities: [], version: '1.0.0' },
  };
}

test.beforeAll(async () => {
  server = await startLogoServer({
    '/remote.png': { headers: { 'content-type': 'image/png' }, body: PNG_BYTES },
    '/remote.svg': { headers: { 'content-type': 'image/svg+xml' }, body: SVG_TEXT },
  });
});
test.afterAll(async () => {
  await server.close();
});

test.beforeEach(async () => {
  const types = [
    entry('Remote Png', 'remote-png', `${server.origin}/remote.png`, 'A diagram: ![the diagram](https://example.com/diagram.png)'),
    entry('Remote Svg', 'remote-svg', `${server.origin}/remote.svg`),
    entry('Plain Http', 'plain-http', `http://localhost:1/plain.png`),
    entry('Unreachable Host', 'unreachable-host', 'https://logos.example.com/unreachable.png'),
  ];
  app = await startApp({ logoCertificates: [server.certificate], autoRegister: { 'remote-logos.json': JSON.stringify(types) } });
});
test.afterEach(async () => {
  await app.close();
});

/** The card's logo once it has been shown: its image's source, decoded (natural width above 0). */
async function shownLogo(page: Page, name: string): Promise<string> {
  const image = page.getByRole('article', { name }).locator('.logo-loaded img');
  await expect(image).toHaveCount(1);
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeGreaterThan(0);
  return (await image.getAttribute('src')) ?? '';
}

test('browsing a catalogue with remote logos: no request leaves the app; main fetched the logos; the rest show their initials', async ({ page }) => {
  const origin = new URL(app.url).origin;
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const failedResponses: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
  });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser's own favicon request to the app's origin, which the harness does not serve.
    if (message.type() === 'error' && message.location().url !== `${origin}/favicon.ico`) problems.push(`console: ${message.text()} ${message.location().url}`);
  });
  await connectPage(page, app);

  await page.goto(`${app.url}#/`);
  await expect(page.getByText('Showing 58 of 58 block types')).toBeVisible();
  // Prefect's own catalogue logos (raw.githubusercontent.com): main is off the internet here, so initials.
  const aws = page.getByRole('article', { name: 'AWS Credentials' });
  await expect(aws.locator('.logo-initials')).toHaveText('AC');
  await expect.poll(() => app.calls.filter((channel) => channel === 'getLogo').length).toBeGreaterThan(2);
  await expect(aws.locator('img')).toHaveCount(0);

  // The grid shows only the cards in view: the search brings each of this test's cards up.
  const search = page.getByRole('searchbox', { name: 'Search block types' });
  await search.fill('remote');
  expect(await shownLogo(page, 'Remote Png')).toBe(`data:image/png;base64,${PNG_BYTES.toString('base64')}`);
  // The SVG is an image: its script does not run.
  expect(await shownLogo(page, 'Remote Svg')).toMatch(/^data:image\/svg\+xml;base64,/);
  for (const [name, initials] of [
    ['Plain Http', 'PH'],
    ['Unreachable Host', 'UH'],
  ] as const) {
    await search.fill(name);
    const card = page.getByRole('article', { name });
    await expect(card.locator('.logo-initials')).toHaveText(initials);
    await expect.poll(() => app.calls.filter((channel) => channel === 'getLogo').length).toBeGreaterThan(0);
    await expect(card.locator('img')).toHaveCount(0);
  }
  await search.fill('remote');

  // The type page: the large logo, and the Markdown image as a link, not loaded.
  await page.getByRole('link', { name: 'Remote Png' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Remote Png' })).toBeVisible();
  await expect(page.locator('.logo-large.logo-loaded img')).toHaveAttribute('src', /^data:image\/png;base64,/);
  const description = page.getByRole('region', { name: 'Description' });
  await expect(description.getByRole('button', { name: /^Image: the diagram/ })).toBeVisible();
  await expect(description.locator('img')).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
  // Main asked the logo server, once per logo (then from its memory and its cache).
  expect([...server.requests].sort()).toEqual(['/remote.png', '/remote.svg']);
  expect(failedResponses).toEqual([]);
  expect(problems).toEqual([]);
});
