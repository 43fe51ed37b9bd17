// One bad entry among good ones: dropped on the built window in Chromium, the
// preview shows every valid entry, the error names the entry, the refused value and a suggested
// slug, and Register stays disabled; nothing is written. Real handlers, a real database file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useAppOnCatalogue } from './app-per-test';
import { dropFiles } from './journeys';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const currentApp = useAppOnCatalogue();

type Entry = Record<string, unknown> & { description?: string };

function catalogueEntry(collection: string, slug: string): Entry {
  const catalogue = JSON.parse(readFileSync('resources/prefect/collection_blocks_data.json', 'utf8')) as { collections: Record<string, { block_types: Record<string, Entry> }> };
  const entry = catalogue.collections[collection]?.block_types[slug];
  if (entry === undefined) throw new Error(`${slug} missing from the catalogue`);
  return entry;
}

function newEntry(name: string, slug: string): Entry {
  const fields = {
    title: name.replace(/\W/g, ''),
    type: 'object',
    properties: { greeting: { title: 'Greeting', type: 'string' } },
    block_type_slug: slug,
    secret_fields: [],
    block_schema_references: {},
  };
  return { name, slug, logo_url: null, documentation_url: null, description: `The ${name} block.`, code_example: null, block_schema: { fields, capabilities: [], version: '1.0.0' } };
}

test('a file with new, updated, unchanged and one bad entry: every valid entry previewed, the error named, Register disabled', async ({ page }) => {
  const app = currentApp();
  const before = readFileSync(app.launched.registry.path);
  const s3 = catalogueEntry('prefect-aws', 's3-bucket');
  s3.description = 'A bucket, described anew.';
  const bad = { ...newEntry('My Block!', 'my-block'), slug: 'My Block!' };
  const file = [newEntry('Fresh Block', 'fresh-block'), s3, catalogueEntry('prefect-gcp', 'gcs-bucket'), bad];
  await dropFiles(page, [{ name: 'mixed.json', text: JSON.stringify(file, null, 2) }]);

  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog.getByText('1 new, 1 updated, 1 unchanged block types; 1 new schema, 2 already registered')).toBeVisible();
  // The valid entries are all there.
  await expect(dialog.getByRole('listitem', { name: 'Fresh Block' })).toBeVisible();
  await expect(dialog.getByRole('listitem', { name: 'S3 Bucket' })).toBeVisible();
  await expect(dialog.getByText('Unchanged (1)')).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'File' })).toContainText('mixed.jsona list of block types with their schemas (3 block types), and 1 error');
  // The error names the entry, the value and what would be valid.
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('mixed.json: [3].slug: Block type slug must only contain lowercase letters, numbers, and dashes.');
  const error = alert.getByRole('listitem');
  await expect(error.locator('.preview-error-detail')).toHaveText(['Entry[3] "My Block!"', 'Value"My Block!"', 'Validsuggested slug: "my-block"']);
  await expect(dialog.getByRole('button', { name: 'Register' })).toBeDisabled();
  await expect(dialog.getByText('Nothing will be written: this import has 1 error.')).toBeVisible();
  await dialog.screenshot({ path: join(SHOTS, 'import-bad-entry.png') });

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(app.calls).not.toContain('applyImport');
  expect(readFileSync(app.launched.registry.path).equals(before)).toBe(true);
  expect((await app.handlers.listBlockTypes(undefined)).length).toBe(54);
});

test('a hostile refused value is quoted and cut, never laid out as it came', async ({ page }) => {
  const bidi = `evil\u202Egnp.exe${'x'.repeat(200)}`;
  const bad = { ...newEntry('Hostile', 'hostile'), slug: bidi };
  await dropFiles(page, [{ name: 'hostile.json', text: JSON.stringify([bad]) }]);
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  const value = dialog.getByRole('alert').locator('.preview-error-detail', { hasText: 'Value' }).locator('dd');
  await expect(value).toHaveText(`"evil\\u202egnp.exe${'x'.repeat(47)}…"`);
  await expect(dialog.getByRole('button', { name: 'Register' })).toBeDisabled();
  await dialog.screenshot({ path: join(SHOTS, 'import-bad-entry-hostile.png') });
});
