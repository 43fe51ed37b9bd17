// The form preview and the fields table in Chromium, against the harness: the built renderer,
// `window.api` running the real main-process handlers on a real SQLite file from the real launch
// registration. Built-in S3 Bucket from the bundled catalogue, and a schema with every widget
// kind (test/fixtures/every-widget.json) dropped on the window, previewed, then registered.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { connectPage, refuseOtherOrigins, startApp, type AppUnderTest } from './harness';
import { dropFiles, SCREENSHOTS_DIR } from './journeys';

const EVERY_WIDGET = readFileSync(join(process.cwd(), 'test', 'fixtures', 'every-widget.json'), 'utf8');
let app: AppUnderTest;
let pageProblems: string[];

test.beforeEach(async ({ page }) => {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  app = await startApp();
  pageProblems = [];
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  await refuseOtherOrigins(page, app);
  await connectPage(page, app);
});

test.afterEach(async () => {
  await app.close();
  // Refused logo requests log a network error; anything else is a problem.
  expect(pageProblems.filter((problem) => !problem.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

async function shot(page: Page, name: string, locator?: ReturnType<Page['locator']>): Promise<void> {
  const path = join(SCREENSHOTS_DIR, `form-preview-${name}.png`);
  if (locator === undefined) await page.screenshot({ path, fullPage: true });
  else await locator.screenshot({ path });
}

test("S3 Bucket's type page shows its form: labels, help text, a type selector of two block pickers", async ({ page }) => {
  await page.goto(`${app.url}#/types/s3-bucket/form`);
  const form = page.getByRole('form', { name: 'Form of S3 Bucket' });
  await expect(form).toBeVisible();
  await expect(form.locator('.schema-form-label')).toHaveText(['Block Name', 'Bucket Name', 'Credentials (Optional)', 'Bucket Folder (Optional)']);
  await expect(form.getByText('Name of your bucket.')).toBeVisible();
  await expect(form.getByLabel('Bucket Name')).toHaveJSProperty('readOnly', true);
  const tabs = form.getByRole('tablist', { name: 'Type of Credentials' });
  await expect(tabs.getByRole('tab', { selected: true })).toHaveText('MinIOCredentials');
  const minio = form.getByRole('combobox', { name: 'Credentials: MinIOCredentials' });
  await expect(minio).toBeDisabled();
  await expect(minio).toHaveText('Select a minio-credentials block document');
  await form.scrollIntoViewIfNeeded();
  await shot(page, 's3-bucket-type-page', form);

  // The keyboard moves between the alternatives, as a tablist does.
  await tabs.getByRole('tab', { name: 'MinIOCredentials' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.getByRole('tab', { name: 'AwsCredentials' })).toBeFocused();
  await expect(form.getByRole('combobox', { name: 'Credentials: AwsCredentials' })).toHaveText('Select an aws-credentials block document');

  // The nested block's type is a link to its page.
  await form.getByRole('link', { name: 'aws-credentials' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'AWS Credentials' })).toBeVisible();
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByRole('form', { name: 'Form of AWS Credentials' }).getByLabel('AWS Access Key Secret (Optional)')).toHaveAttribute('type', 'password');
});

test("S3 Bucket's schema view: credentials contain secrets, linked types, the schema's description, the form", async ({ page }) => {
  const [s3] = (await app.handlers.getBlockType({ slug: 's3-bucket' })).schemas;
  if (s3 === undefined) throw new Error('no S3 Bucket schema');
  await page.goto(`${app.url}#/schemas/${s3.id}`);
  const table = page.getByRole('table', { name: 'Fields' });
  const credentials = table.getByRole('row').filter({ has: page.locator('th code', { hasText: /^credentials$/ }) });
  await expect(credentials.getByRole('cell').last()).toHaveText('Contains secrets');
  await expect(credentials.getByRole('link', { name: 'MinIOCredentials' })).toHaveAttribute('href', '#/types/minio-credentials');
  await expect(page.getByRole('region', { name: 'Description' })).toContainText('Block used to store data using AWS S3 or S3-compatible object storage like MinIO.');
  await shot(page, 's3-bucket-fields', table);

  // A definition renders as a nested table: MinIO's password is secret there.
  const definitions = page.getByRole('region', { name: 'Definitions' });
  await definitions.locator('summary', { hasText: 'MinIOCredentials' }).click();
  const minio = definitions.getByRole('table', { name: 'MinIOCredentials' });
  await expect(
    minio
      .getByRole('row')
      .filter({ has: page.locator('th code', { hasText: /^minio_root_password$/ }) })
      .getByRole('cell')
      .last(),
  ).toHaveText('Yes');
  // Its `aws_client_parameters` type leads to the AwsClientParameters table.
  await minio.getByRole('button', { name: 'AwsClientParameters' }).click();
  await expect(definitions.getByRole('table', { name: 'AwsClientParameters' })).toBeVisible();
  await expect(page.locator('summary:focus')).toHaveText('AwsClientParameters');

  const form = page.getByRole('form', { name: 'Form of S3 Bucket version 0.4.14' });
  await expect(form.getByLabel('Bucket Folder (Optional)')).toHaveValue('');
  await form.scrollIntoViewIfNeeded();
  await shot(page, 's3-bucket-schema-form', form);
});

test('a schema with every widget kind: its form in the import preview, then on its pages once registered', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('article').first()).toBeVisible();
  await dropFiles(page, [{ name: 'every-widget.json', text: EVERY_WIDGET }]);
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog.getByText('1 new, 0 updated, 0 unchanged block type; 1 new schema, 0 already registered')).toBeVisible();
  await dialog.getByText('Form preview').click();
  const previewForm = dialog.getByRole('form', { name: 'Form of Every Widget version 1.0.0' });
  await expect(previewForm.getByLabel('API Key')).toHaveAttribute('type', 'password');
  await shot(page, 'import-preview', dialog);
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog).toBeHidden();

  await page.goto(`${app.url}#/types/every-widget/form`);
  const form = page.getByRole('form', { name: 'Form of Every Widget' });
  await expect(form).toBeVisible();
  // Position order, not declaration order (the file declares `verbose` first).
  await expect(form.locator(':scope > .schema-form-fields > .schema-form-field > .schema-form-label-row .schema-form-label')).toHaveText([
    'Name',
    'API Key',
    'Region (Optional)',
    'Retries (Optional)',
    'Ratio (Optional)',
    'Verbose (Optional)',
    'Tags (Optional)',
    'Colors (Optional)',
    'Extra (Optional)',
    'Headers (Optional)',
    'Payload (Optional)',
    'Timeout (Optional)',
    'Credentials (Optional)',
    'Settings (Optional)',
    'Start Date (Optional)',
    'Started At (Optional)',
    'Interval (Optional)',
    'Nothing (Optional)',
  ]);
  // Every widget kind, with its default.
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');
  await expect(form.getByLabel('API Key')).toHaveAttribute('type', 'password');
  await expect(form.getByLabel('Region (Optional)')).toHaveValue('eu-west-1');
  await expect(form.getByLabel('Retries (Optional)')).toHaveValue('3');
  await expect(form.getByLabel('Retries (Optional)')).toHaveAttribute('type', 'number');
  await expect(form.getByLabel('Ratio (Optional)')).toHaveValue('0.5');
  await expect(form.getByRole('switch', { name: 'Verbose (Optional)' })).toBeChecked();
  await expect(form.getByLabel('Tags item 1')).toHaveValue('alpha');
  await expect(form.getByLabel('Colors (Optional)')).toHaveValues(['red']);
  await expect(form.getByLabel('Extra (Optional)')).toHaveValue('{\n  "key": "value"\n}');
  await expect(form.getByRole('tablist', { name: 'Type of Timeout' }).getByRole('tab', { selected: true })).toHaveText('None');
  await expect(form.getByRole('combobox', { name: 'Credentials (Optional)' })).toHaveText('Select an aws-credentials block document');
  await expect(form.getByRole('group', { name: 'Settings' }).getByLabel('Mode')).toHaveValue('fast');
  await expect(form.getByLabel('Start Date (Optional)')).toHaveAttribute('type', 'date');
  await expect(form.getByLabel('Started At (Optional)')).toHaveAttribute('type', 'datetime-local');
  await expect(form.getByLabel('Interval (Optional)')).toHaveAttribute('placeholder', 'Duration in seconds');
  await expect(form.locator('[data-field="nothing"]')).toContainText('Property is type "None"');
  // Help text is Markdown, never raw HTML.
  const help = form.locator('[data-field="name"] .schema-form-help');
  await expect(help.locator('em')).toHaveText('Markdown');
  await expect(help.locator('b')).toHaveCount(0);
  await expect(help).toContainText('<b>raw HTML</b>');
  // Nothing in the form can be changed: typing into it does nothing.
  const name = form.getByLabel('Name', { exact: true });
  await expect(name).not.toBeEditable();
  await name.focus();
  await page.keyboard.type('typed');
  await expect(name).toHaveValue('');
  await form.scrollIntoViewIfNeeded();
  await shot(page, 'every-widget-form', form);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'every-widget-form-dark', form);
});
