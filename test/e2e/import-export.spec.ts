// Drag-and-drop import, preview, register and export, in the built window in Chromium, against
// the real main-process handlers and a real database file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateCatalogue } from '../helpers/generated-catalogue';
import { useAppOnCatalogue } from './app-per-test';
import { connectPage, startApp } from './harness';
import { dropFiles } from './journeys';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const currentApp = useAppOnCatalogue();

test('dropping a catalogue file previews it, Register adds the new types to the catalogue', async ({ page }) => {
  const app = currentApp();
  await dropFiles(page, [{ name: 'generated.json', text: generateCatalogue(12) }]);
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('12 new, 0 updated, 0 unchanged block types; 12 new schemas, 0 already registered')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'import-preview.png') });
  // Nothing is written before Register.
  expect((await app.handlers.listBlockTypes(undefined)).length).toBe(54);

  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^Registered: 12 created/)).toBeVisible();
  await expect(page.getByText('Showing 66 of 66 block types')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search block types' }).fill('Generated Block 11');
  await expect(page.getByRole('article', { name: 'Generated Block 11' })).toBeVisible();
  expect((await app.handlers.listBlockTypes(undefined)).length).toBe(66);
});

test('an updated description shows a field-by-field diff; Cancel writes nothing', async ({ page }) => {
  const app = currentApp();
  const catalogue = JSON.parse(readFileSync('resources/prefect/collection_blocks_data.json', 'utf8')) as { collections: Record<string, { block_types: Record<string, { description: string }> }> };
  const s3 = catalogue.collections['prefect-aws']?.block_types['s3-bucket'];
  if (s3 === undefined) throw new Error('s3-bucket missing from the catalogue');
  s3.description = 'A bucket, described anew.';
  const before = readFileSync(app.launched.registry.path);
  await dropFiles(page, [{ name: 's3.json', text: JSON.stringify(s3) }]);
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog.getByText('0 new, 1 updated, 0 unchanged block type; 0 new schemas, 1 already registered')).toBeVisible();
  await expect(dialog.getByText('A bucket, described anew.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(app.calls).toContain('cancelImport');
  expect(app.calls).not.toContain('applyImport');
  expect(readFileSync(app.launched.registry.path).equals(before)).toBe(true);
});

test('a malformed file shows the error with its JSON path; Register is disabled and the database unchanged', async ({ page }) => {
  const app = currentApp();
  const before = readFileSync(app.launched.registry.path);
  const bad = { collections: { 'my-blocks': { block_types: { 'bad-block': { name: 'Bad Block', slug: 'bad-block', block_schema: { fields: 'not an object', version: '1.0.0' } } } } } };
  await dropFiles(page, [{ name: 'bad.json', text: JSON.stringify(bad) }]);
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog.getByRole('alert')).toContainText('bad.json: collections.my-blocks.block_types.bad-block.block_schema.fields: must be a JSON object');
  await expect(dialog.getByRole('button', { name: 'Register' })).toBeDisabled();
  await page.screenshot({ path: join(SHOTS, 'import-error.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(readFileSync(app.launched.registry.path).equals(before)).toBe(true);
});

test('the Import… button and the file dialog work the same way', async ({ page }) => {
  await page.getByLabel('Import block definition files').setInputFiles({ name: 'one.json', mimeType: 'application/json', buffer: Buffer.from(generateCatalogue(1)) });
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog.getByText('1 new, 0 updated, 0 unchanged block type; 1 new schema, 0 already registered')).toBeVisible();
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('Showing 55 of 55 block types')).toBeVisible();
});

test('export all, then import the export into a fresh app: the same catalogue', async ({ page, browser }) => {
  const app = currentApp();
  await page.getByRole('button', { name: 'Export all' }).click();
  await expect(page.getByText(/^Exported 54 block types \(54 schemas\) to /)).toBeVisible();
  const [exported] = readdirSync(app.exportsDir);
  if (exported === undefined) throw new Error('no export file written');
  const text = readFileSync(join(app.exportsDir, exported), 'utf8');

  // A second app, with a fresh database: importing the export registers nothing new.
  const other = await startApp();
  const otherPage = await browser.newPage();
  try {
    await connectPage(otherPage, other);
    await otherPage.goto(other.url);
    await expect(otherPage.getByText('Showing 54 of 54 block types')).toBeVisible();
    await dropFiles(otherPage, [{ name: exported, text }]);
    const dialog = otherPage.getByRole('dialog', { name: 'Import preview' });
    await expect(dialog.getByText('0 new, 0 updated, 54 unchanged block types; 0 new schemas, 54 already registered')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await otherPage.close();
    await other.close();
  }
});
