// Hostile block definitions, imported through the real previewImport + applyImport handlers:
// through the window's own file input ("Import block definition files") and its preview dialog
// when the renderer has them, else by calling the handlers directly. Then shown in the
// catalogue, the block type pages, the schema views and a diff, with every link and button
// clicked. Nothing in them may run, navigate, open a dialog, or reach the system browser unless
// it is an http(s) URL; the text must be shown as text.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { dispatch } from '../../src/main/ipc/handlers';
import type { ImportPreview } from '../../src/shared/import-preview';
import type { RegistrationReport } from '../../src/shared/report';
import { recordFigures } from '../reliability/record';
import { connectPage, startApp, type AppUnderTest } from './harness';
import { screenshot, type JourneyContext } from './journeys';

// ---------------------------------------------------------------------------------------------
// The payloads. Each is one hostile string in one place; `__pwned` is set by any that runs.

const IMG_ONERROR = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const MD_JAVASCRIPT_LINK = '[click](javascript:window.__pwned=3)';
const HTML_JAVASCRIPT_ANCHOR = '<a href="javascript:window.__pwned=10">html anchor</a>';
const CODE_BREAKOUT = '</code><script>window.__pwned=11</script>';
const IFRAME = '<iframe src="javascript:window.__pwned=14"></iframe>';
const SVG_ONLOAD = '<svg onload="window.__pwned=15"><circle r="1"/></svg>';
const ATTRIBUTE_BREAKING_NAME = '" onmouseover="window.__pwned=12" data-x="';
const VERSION_SCRIPT = '<script>window.__pwned=25</script>';
const PROPERTY_NAME = '<img src=x onerror=window.__pwned=19>';
const CAPABILITY = '<img src=y onerror=window.__pwned=24>';

interface Payload {
  where: string;
  text: string;
}

const PAYLOADS: Payload[] = [
  { where: 'description', text: IMG_ONERROR },
  { where: 'description', text: SCRIPT },
  { where: 'description', text: MD_JAVASCRIPT_LINK },
  { where: 'description', text: '[upper](JAVASCRIPT:window.__pwned=16)' },
  { where: 'description', text: '[entity](jav&#x61;script:window.__pwned=17)' },
  { where: 'description', text: '[data](data:text/html,<script>window.__pwned=7</script>)' },
  { where: 'description', text: '![image](javascript:window.__pwned=8)' },
  { where: 'description', text: '[mail](mailto:someone@example.com)' },
  { where: 'description', text: HTML_JAVASCRIPT_ANCHOR },
  { where: 'description', text: IFRAME },
  { where: 'description', text: SVG_ONLOAD },
  { where: 'description', text: '<object data="javascript:window.__pwned=26"></object><embed src="javascript:window.__pwned=27">' },
  { where: 'description', text: '<form action="javascript:window.__pwned=28"><button>submit</button></form>' },
  { where: 'description', text: '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=29">' },
  { where: 'code_example', text: `\`\`\`python\n${CODE_BREAKOUT}\n\`\`\`` },
  { where: 'code_example', text: `${SCRIPT} [code link](javascript:window.__pwned=30)` },
  { where: 'name', text: ATTRIBUTE_BREAKING_NAME },
  { where: 'name', text: 'javascript:window.__pwned=31' },
  { where: 'logo_url', text: 'javascript:window.__pwned=4' },
  { where: 'logo_url', text: 'data:text/html,<script>window.__pwned=13</script>' },
  { where: 'documentation_url', text: 'javascript:alert(1)' },
  { where: 'documentation_url', text: 'data:text/html,<script>alert(2)</script>' },
  { where: 'schema version', text: VERSION_SCRIPT },
  { where: 'schema capability', text: CAPABILITY },
  { where: 'schema property name', text: PROPERTY_NAME },
  { where: 'schema property title', text: '<svg onload=window.__pwned=20>' },
  { where: 'schema property description', text: SCRIPT },
  { where: 'schema property default', text: CODE_BREAKOUT },
  { where: 'schema definition name', text: '<iframe src=javascript:window.__pwned=23>' },
];
/** Refused at import (a name may not contain / % & > <): counted, and checked refused. */
const HTML_NAME = '<b onmouseover="window.__pwned=5">bold</b>';
/** Typed into the address (hash routes): shown as text on the not-found and error pages. */
const ROUTE_PAYLOADS = ['#/types/<img src=x onerror=window.__pwned=18>', '#/<svg onload=window.__pwned=32>', '#/schemas/javascript:window.__pwned=33'];

const SAFE_LINK = 'https://example.com/safe-link';

function hostileFields(slug: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Hostile',
    description: SCRIPT,
    type: 'object',
    properties: {
      [PROPERTY_NAME]: { title: '<svg onload=window.__pwned=20>', description: SCRIPT, type: 'string', default: CODE_BREAKOUT },
      plain: { title: 'Plain', type: 'string', allOf: [{ $ref: '#/definitions/<iframe src=javascript:window.__pwned=23>' }] },
      ...extra,
    },
    required: [PROPERTY_NAME],
    block_type_slug: slug,
    secret_fields: [],
    definitions: { '<iframe src=javascript:window.__pwned=23>': { title: IFRAME, type: 'string', enum: [SCRIPT] } },
  };
}

const DESCRIPTION = [
  `# ${SCRIPT}`,
  '',
  `Images: ${IMG_ONERROR}`,
  '',
  `Script: ${SCRIPT}`,
  '',
  `Links: ${MD_JAVASCRIPT_LINK} [upper](JAVASCRIPT:window.__pwned=16) [entity](jav&#x61;script:window.__pwned=17) [data](data:text/html,<script>window.__pwned=7</script>) ![image](javascript:window.__pwned=8) [mail](mailto:someone@example.com) [safe](${SAFE_LINK})`,
  '',
  `Anchor: ${HTML_JAVASCRIPT_ANCHOR}`,
  '',
  IFRAME,
  '',
  SVG_ONLOAD,
  '',
  '<object data="javascript:window.__pwned=26"></object><embed src="javascript:window.__pwned=27">',
  '',
  '<form action="javascript:window.__pwned=28"><button>submit</button></form>',
  '',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=29">',
].join('\n');

const HOSTILE_TYPES = [
  {
    name: 'Hostile Markup',
    slug: 'hostile-markup',
    logo_url: 'javascript:window.__pwned=4',
    documentation_url: 'javascript:alert(1)',
    description: DESCRIPTION,
    code_example: `Use it:\n\n${SCRIPT} [code link](javascript:window.__pwned=30)\n\n\`\`\`python\n${CODE_BREAKOUT}\n\`\`\``,
    block_schemas: [
      { fields: hostileFields('hostile-markup'), capabilities: [CAPABILITY], version: '1.0.0' },
      { fields: hostileFields('hostile-markup', { added: { title: SVG_ONLOAD, type: 'string', description: IMG_ONERROR } }), capabilities: [CAPABILITY], version: VERSION_SCRIPT },
    ],
  },
  {
    name: ATTRIBUTE_BREAKING_NAME,
    slug: 'hostile-name',
    logo_url: 'data:text/html,<script>window.__pwned=13</script>',
    documentation_url: 'data:text/html,<script>alert(2)</script>',
    description: `${IMG_ONERROR} and a safe [documentation link](${SAFE_LINK})`,
    code_example: CODE_BREAKOUT,
    block_schema: { fields: hostileFields('hostile-name'), capabilities: [], version: '1' },
  },
  {
    name: 'javascript:window.__pwned=31',
    slug: 'hostile-javascript-name',
    logo_url: null,
    documentation_url: ' javascript:window.__pwned=34',
    description: `${SVG_ONLOAD}\n\n${IFRAME}`,
    code_example: null,
    block_schema: { fields: hostileFields('hostile-javascript-name'), capabilities: [], version: '1' },
  },
];

// ---------------------------------------------------------------------------------------------

let app: AppUnderTest;
test.beforeEach(async () => {
  app = await startApp();
});
test.afterEach(async () => {
  await app.close();
});

async function callHandler<T>(channel: string, args: unknown): Promise<T> {
  const response = await dispatch(app.handlers, channel, args);
  if (!response.ok) throw new Error(`${channel}: ${response.error.message}`);
  return response.value as T;
}

function fileOf(name: string, value: unknown): { name: string; bytes: Uint8Array } {
  return { name, bytes: new TextEncoder().encode(JSON.stringify(value, null, 2)) };
}

interface Watch {
  dialogs: string[];
  navigations: string[];
  pageErrors: string[];
  external: string[];
}

function watch(page: Page): Watch {
  const watched: Watch = { dialogs: [], navigations: [], pageErrors: [], external: [] };
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('framenavigated', (frame) => watched.navigations.push(frame.url()));
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('popup', (popup) => watched.navigations.push(`popup: ${popup.url()}`));
  return watched;
}

/** Every check that nothing hostile happened, at any moment of the visit. */
async function expectNothingRan(page: Page, watched: Watch): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(watched.dialogs).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
  const appPage = new URL(app.url);
  const now = new URL(page.url());
  expect({ host: now.host, path: now.pathname, protocol: now.protocol }).toEqual({ host: appPage.host, path: appPage.pathname, protocol: appPage.protocol });
  for (const url of watched.navigations) expect(url.split('#')[0]).toBe(app.url);
  expect(page.frames()).toHaveLength(1);
  expect(page.context().pages()).toHaveLength(1);
  for (const url of app.openedExternally) expect(url).toMatch(/^https?:\/\//);
  for (const url of watched.external) expect(url).toMatch(/^https?:\/\//);
  await expect(page.locator('main script, main iframe, main [onerror], main [onload]')).toHaveCount(0);
  const dangerous = await page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      const tag = element.tagName.toLowerCase();
      if (['iframe', 'object', 'embed', 'form', 'meta', 'base', 'svg', 'frame'].includes(tag) && element.closest('head') === null) found.push(`<${tag}>`);
      if (tag === 'script' && element.closest('head') === null) found.push('<script> in body');
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name)) found.push(`<${tag} ${attribute.name}>`);
        if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href'].includes(attribute.name.toLowerCase()) && !/^(https?:|#|\.\/|\/|assets\/)/i.test(attribute.value.trim())) {
          found.push(`<${tag} ${attribute.name}="${attribute.value}">`);
        }
      }
    }
    return found;
  });
  expect(dangerous).toEqual([]);
}

/** Lets anything a click might have started (a call, a navigation, a late script) happen. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
  await page.waitForTimeout(150);
}

function clickables(page: Page): Locator {
  const main = page.getByRole('main');
  return main.getByRole('link').or(main.getByRole('button'));
}

/** Opens a hash route and waits for its h1 (the page loaded, or its error). */
async function open(page: Page, hash: string, heading: string | RegExp): Promise<void> {
  const target = `${app.url}${hash}`;
  if (page.url() !== target) await page.goto(target);
  await expect(page.getByRole('main').getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** Clicks each link and button of the page in turn, from a fresh view of the page each time. */
async function clickEverything(page: Page, watched: Watch, hash: string, heading: string | RegExp): Promise<number> {
  await open(page, hash, heading);
  const count = await clickables(page).count();
  for (let index = 0; index < count; index += 1) {
    await open(page, hash, heading);
    await expect(clickables(page)).toHaveCount(count);
    const target = clickables(page).nth(index);
    await target.scrollIntoViewIfNeeded();
    await target.click();
    await settle(page);
    await expectNothingRan(page, watched);
  }
  // The <details> of the definitions, opened.
  const summaries = page.getByRole('main').locator('details > summary');
  for (let index = 0; index < (await summaries.count()); index += 1) await summaries.nth(index).click();
  return count;
}

test('hostile block definitions are shown as text and never run', async ({ page }) => {
  // Every link and button of five pages, each clicked from a fresh view: a few dozen clicks.
  test.setTimeout(240_000);
  const watched = watch(page);
  const origin = new URL(app.url).origin;
  await page.route(
    (url) => url.origin !== origin,
    (route) => {
      watched.external.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  await connectPage(page, app);
  const context: JourneyContext = { page, runner: 'chromium', open: async () => undefined, failNext: null, openedExternally: null, readClipboard: null };

  await page.goto(`${app.url}#/`);
  await expect(page.getByText('Showing 54 of 54 block types', { exact: true })).toBeVisible();
  const htmlNameFile = fileOf('html-name.json', { name: HTML_NAME, slug: 'hostile-html-name', block_schema: { fields: hostileFields('hostile-html-name') } });
  const hostileFile = fileOf('hostile.json', HOSTILE_TYPES);
  const fileInput = page.getByLabel('Import block definition files');
  const throughWindow = (await fileInput.count()) > 0;
  test.info().annotations.push({
    type: 'import',
    description: throughWindow ? "through the window's file input and preview dialog" : 'through the previewImport and applyImport handlers (the window has no import input)',
  });
  if (throughWindow) {
    const dialog = page.getByRole('dialog', { name: 'Import preview' });
    // A name with HTML is refused by the import, with the rule; nothing can be registered.
    await fileInput.setInputFiles({ name: htmlNameFile.name, mimeType: 'application/json', buffer: Buffer.from(htmlNameFile.bytes) });
    await expect(dialog).toContainText('Block type name must not be empty nor contain any of / % & > <');
    await expect(dialog.getByRole('button', { name: 'Register' })).toBeDisabled();
    await settle(page);
    await expectNothingRan(page, watched);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);

    // The hostile file: its preview shows the hostile names as text.
    await fileInput.setInputFiles({ name: hostileFile.name, mimeType: 'application/json', buffer: Buffer.from(hostileFile.bytes) });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(ATTRIBUTE_BREAKING_NAME, { exact: true }).first()).toBeVisible();
    await expect(dialog.getByText('javascript:window.__pwned=31', { exact: true }).first()).toBeVisible();
    await settle(page);
    await expectNothingRan(page, watched);
    await screenshot(context, 'hostile-import-preview');
    // Every button and link of the preview but its two actions, clicked (disclosures and the like).
    const inDialog = dialog.getByRole('link').or(dialog.getByRole('button'));
    for (let index = 0; index < (await inDialog.count()); index += 1) {
      const target = inDialog.nth(index);
      const name = (await target.textContent())?.trim() ?? '';
      if (name === 'Register' || name === 'Cancel') continue;
      await target.click();
      await settle(page);
      await expectNothingRan(page, watched);
    }
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Import registered' })).toBeVisible();
  } else {
    // A name with HTML is refused by the import, with the rule.
    const refused = await callHandler<ImportPreview>('previewImport', { files: [htmlNameFile] });
    expect(refused.errors.map((issue) => issue.message)).toContain('Block type name must not be empty nor contain any of / % & > <');
    const preview = await callHandler<ImportPreview>('previewImport', { files: [hostileFile] });
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toMatchObject({ new: 3, schemas_new: 4 });
    const report = await callHandler<RegistrationReport>('applyImport', { preview_id: preview.id });
    expect(report.totals).toMatchObject({ created: 3, failed: 0 });
    await page.reload();
  }
  // Registered, whichever way: the three types and their four schemas.
  const registered = await callHandler<Array<{ block_type: { slug: string }; schema_count: number }>>('listBlockTypes', undefined);
  expect(
    registered
      .filter((entry) => entry.block_type.slug.startsWith('hostile-'))
      .map((entry) => [entry.block_type.slug, entry.schema_count])
      .sort(),
  ).toEqual([
    ['hostile-javascript-name', 1],
    ['hostile-markup', 2],
    ['hostile-name', 1],
  ]);

  // The catalogue, all hostile cards, and the hostile capability toggled.
  await expect(page.getByText('Showing 57 of 57 block types', { exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search block types' }).fill('hostile');
  // The search finds the three by slug; the attribute-breaking name is shown as the card's name.
  await expect(page.getByText('Showing 3 of 57 block types', { exact: true })).toBeVisible();
  const grid = page.getByRole('region', { name: 'Block types' });
  await expect(grid.getByRole('link', { name: ATTRIBUTE_BREAKING_NAME, exact: true })).toBeVisible();
  await expect(grid.getByRole('link', { name: 'javascript:window.__pwned=31', exact: true })).toBeVisible();
  await expect(grid.getByRole('link', { name: 'Hostile Markup', exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search block types' }).fill('');
  const hostileCapability = page.getByRole('group', { name: 'Capabilities' }).getByRole('button', { name: CAPABILITY, exact: true });
  await hostileCapability.click();
  await expect(page.getByText('Showing 1 of 57 block types', { exact: true })).toBeVisible();
  await settle(page);
  await expectNothingRan(page, watched);
  await screenshot(context, 'hostile-catalogue');
  await hostileCapability.click();
  // Each hostile card's link, clicked.
  for (const type of HOSTILE_TYPES) {
    await page.goto(`${app.url}#/`);
    await page.getByRole('searchbox', { name: 'Search block types' }).fill(type.slug);
    await grid.getByRole('link', { name: type.name, exact: true }).click();
    await expect(page.getByRole('main').getByRole('heading', { level: 1, name: type.name, exact: true })).toBeVisible();
    await settle(page);
    await expectNothingRan(page, watched);
  }

  // The type pages: every link and button clicked.
  let clicked = 0;
  for (const type of HOSTILE_TYPES) clicked += await clickEverything(page, watched, `#/types/${type.slug}`, type.name);

  // The hostile text is there, as text.
  await open(page, '#/types/hostile-markup', 'Hostile Markup');
  const main = page.getByRole('main');
  const description = page.getByRole('region', { name: 'Description' });
  await expect(description.getByText(SCRIPT).first()).toBeVisible();
  await expect(description.getByText(IMG_ONERROR)).toBeVisible();
  await expect(description.getByText(HTML_JAVASCRIPT_ANCHOR)).toBeVisible();
  await expect(description.getByText(IFRAME)).toBeVisible();
  await expect(description.getByText(SVG_ONLOAD)).toBeVisible();
  // The markdown links with unsafe URLs are plain text: no button, no link.
  for (const label of ['click', 'upper', 'entity', 'data', 'mail']) {
    await expect(description.getByText(label, { exact: true })).toBeVisible();
    await expect(description.getByRole('button', { name: label, exact: true })).toHaveCount(0);
    await expect(description.getByRole('link', { name: label, exact: true })).toHaveCount(0);
  }
  // No documentation button for a javascript: documentation URL; no logo image for a javascript: logo.
  await expect(main.getByRole('button', { name: 'Open documentation' })).toHaveCount(0);
  await expect(main.locator('img')).toHaveCount(0);
  const example = page.getByRole('region', { name: 'Code example' });
  await expect(example.locator('pre code')).toHaveText(CODE_BREAKOUT);
  await expect(example.getByText(SCRIPT)).toBeVisible();
  await page.getByRole('tab', { name: /^Versions/ }).click();
  await expect(page.getByRole('table', { name: 'Schema versions' }).getByRole('link', { name: VERSION_SCRIPT, exact: true })).toBeVisible();
  await expect(main.getByText(CAPABILITY, { exact: true }).first()).toBeVisible();
  await screenshot(context, 'hostile-type-page');
  await expectNothingRan(page, watched);

  // The safe link in a description reached the browser, and nothing else did.
  expect(app.openedExternally).toContain(SAFE_LINK);
  expect(app.openedExternally.every((url) => url === SAFE_LINK)).toBe(true);

  // The schema views and the diff: every link and button clicked.
  const detail = await callHandler<{ schemas: Array<{ id: string; version: string }> }>('getBlockType', { slug: 'hostile-markup' });
  for (const schema of detail.schemas) clicked += await clickEverything(page, watched, `#/schemas/${schema.id}`, `Hostile Markup version ${schema.version}`);
  const newest = detail.schemas.find((schema) => schema.version === VERSION_SCRIPT);
  expect(newest).toBeDefined();
  await open(page, `#/schemas/${newest?.id ?? ''}`, `Hostile Markup version ${VERSION_SCRIPT}`);
  const fields = page.getByRole('table', { name: 'Fields' });
  await expect(fields.getByRole('rowheader', { name: new RegExp(`^${PROPERTY_NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })).toBeVisible();
  await expect(fields.getByText(CODE_BREAKOUT)).toBeVisible();
  await expect(fields.getByText(SCRIPT).first()).toBeVisible();
  const definitions = page.getByRole('region', { name: 'Definitions' });
  const definition = definitions.locator('details').first();
  if (!(await definition.evaluate((element) => (element as HTMLDetailsElement).open))) await definition.locator('summary').click();
  await expect(definitions.getByText('<iframe src=javascript:window.__pwned=23>', { exact: true })).toBeVisible();
  // The definition (an enum) lists its values as text, not as HTML.
  await expect(definition.getByText(SCRIPT, { exact: true })).toBeVisible();
  // The property's type names the definition and leads to it.
  await expect(fields.getByRole('button', { name: '<iframe src=javascript:window.__pwned=23>', exact: true })).toBeVisible();
  // The form shows the enum as a select whose option is the text.
  await expect(page.getByRole('form', { name: new RegExp('^Form of Hostile Markup') }).getByRole('option', { name: SCRIPT, exact: true })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Raw JSON' })).toContainText(PROPERTY_NAME);
  await screenshot(context, 'hostile-schema-view');
  await expectNothingRan(page, watched);

  const older = detail.schemas.find((schema) => schema.version === '1.0.0');
  const diffHash = `#/types/hostile-markup/diff?left=${older?.id ?? ''}&right=${newest?.id ?? ''}`;
  clicked += await clickEverything(page, watched, diffHash, 'Compare Hostile Markup versions');
  await open(page, diffHash, 'Compare Hostile Markup versions');
  const diffTable = page.getByRole('table', { name: /^Fields of Version/ });
  await expect(diffTable.getByRole('cell', { name: `added: "description": ${JSON.stringify(IMG_ONERROR)}` })).toBeVisible();
  await expect(diffTable.getByRole('cell', { name: `added: "title": ${JSON.stringify(SVG_ONLOAD)},` })).toBeVisible();
  await expect(diffTable.getByRole('columnheader', { name: new RegExp(`^Newer Version ${VERSION_SCRIPT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })).toBeVisible();
  await screenshot(context, 'hostile-diff');
  await expectNothingRan(page, watched);

  // Hostile addresses: shown as text.
  await open(page, ROUTE_PAYLOADS[0] ?? '', 'Block type not found');
  await expect(page.getByRole('main')).toContainText("No block type with slug '<img src=x onerror=window.__pwned=18>'.");
  await open(page, ROUTE_PAYLOADS[1] ?? '', 'Page not found');
  // The address decoded for reading, shown as text (not markup).
  await expect(page.getByRole('main').getByText('#/<svg onload=window.__pwned=32>', { exact: true })).toBeVisible();
  await open(page, ROUTE_PAYLOADS[2] ?? '', 'Block schema');
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
  await settle(page);
  await expectNothingRan(page, watched);

  expect(clicked).toBeGreaterThan(10);
  recordFigures('hostile-content', { payloads: PAYLOADS.length + 1 + ROUTE_PAYLOADS.length, executed: 0 });
});
