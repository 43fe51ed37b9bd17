// What changes, seen before it happens: a new version of a known block type in the import
// preview (field by field, breaking changes flagged) and in the report after Register, and the
// export that names the nested types it took along. The built window in Chromium, the real
// handlers, a real database file. Screenshots: test-results/screenshots/change-*.png, at
// 1280×800 and 800×600, light and dark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useAppOnCatalogue } from './app-per-test';
import { dropFiles, screenshotsAtSizes } from './journeys';

const currentApp = useAppOnCatalogue();

interface CatalogueFile {
  collections: Record<string, { block_types: Record<string, { block_schema: { version: string; checksum?: string; fields: { properties: Record<string, unknown>; required?: string[] } } }> }>;
}

/** The catalogue's S3 Bucket with a new version: bucket_folder removed, a required region added. */
function s3NewVersion(): { text: string; storedVersion: string } {
  const catalogue = JSON.parse(readFileSync('resources/prefect/collection_blocks_data.json', 'utf8')) as CatalogueFile;
  const s3 = catalogue.collections['prefect-aws']?.block_types['s3-bucket'];
  if (s3 === undefined) throw new Error('s3-bucket missing from the catalogue');
  const storedVersion = s3.block_schema.version;
  const { fields } = s3.block_schema;
  delete fields.properties.bucket_folder;
  fields.properties.region = { title: 'Region', type: 'string' };
  fields.required = [...(fields.required ?? []), 'region'];
  s3.block_schema.version = '0.8.0';
  delete s3.block_schema.checksum;
  return { text: JSON.stringify(s3), storedVersion };
}

test('a new version of S3 Bucket: the preview names it a new version, lists its field changes and flags the breaking ones; the report says new version', async ({ page }) => {
  const app = currentApp();
  const { text, storedVersion } = s3NewVersion();
  await dropFiles(page, [{ name: 's3-0.8.0.json', text }]);
  const dialog = page.getByRole('dialog', { name: 'Import preview' });
  await expect(dialog.getByRole('heading', { name: 'New versions (1)' })).toBeVisible();
  const type = dialog.getByRole('listitem', { name: 'S3 Bucket' });
  await expect(type.getByText('New version', { exact: true })).toBeVisible();
  await expect(type.getByText('Breaking', { exact: true }).first()).toBeVisible();
  const change = type.getByRole('group', { name: 'What changed in S3 Bucket 0.8.0' });
  await expect(change).toContainText(`Since ${storedVersion}`);
  await expect(change).toContainText('1 added, 1 removed');
  const table = change.getByRole('table', { name: 'Field changes in S3 Bucket 0.8.0' });
  await expect(table.getByRole('row', { name: /region Added Breaking string, required/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /bucket_folder Removed Breaking/ })).toBeVisible();
  const breaking = change.getByRole('note', { name: '2 breaking changes' });
  await expect(breaking).toContainText("field 'bucket_folder' removed");
  await expect(breaking).toContainText("new field 'region' required without a default");
  await screenshotsAtSizes(page, 'change-import-new-version', { shown: change });

  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Registered: 0 created, 0 updated, 1 new version, 0 unchanged; 1 schema created, 0 already registered.')).toBeVisible();
  const schemas = await app.handlers.getBlockType({ slug: 's3-bucket' });
  expect(schemas.schemas.map((schema) => schema.version)).toContain('0.8.0');
  await page.goto(`${app.url}#/report`);
  await expect(page.getByRole('region', { name: 'Last import' })).toContainText('0 created, 0 updated, 1 new version, 0 unchanged; 1 schema created, 0 already registered.');
  const lastImport = page.getByRole('list', { name: 'Block types changed by the last import' });
  await expect(lastImport.getByRole('listitem').filter({ hasText: 'S3 Bucket' })).toContainText('new version');
  await screenshotsAtSizes(page, 'change-report-new-version', { shown: lastImport });

  // The diff page of the two versions flags the same breaking changes.
  const [newest, previous] = (await app.handlers.getBlockType({ slug: 's3-bucket' })).schemas;
  await page.goto(`${app.url}#/types/s3-bucket/diff?left=${previous?.id ?? ''}&right=${newest?.id ?? ''}`);
  const diffBreaking = page.getByRole('note', { name: '2 breaking changes' });
  await expect(diffBreaking).toContainText("field 'bucket_folder' removed");
  await expect(page.getByRole('table', { name: 'Field changes' }).getByRole('row', { name: /bucket_folder Removed Breaking/ })).toBeVisible();
  await screenshotsAtSizes(page, 'change-diff-breaking', { shown: diffBreaking });
});

test('Export this block type on S3 Bucket names the two nested types it took along', async ({ page }) => {
  const app = currentApp();
  await page.goto(`${app.url}#/types/s3-bucket`);
  await page.getByRole('button', { name: 'Export this block type' }).click();
  const status = page.getByRole('status').filter({ hasText: /^Exported/ });
  await expect(status).toHaveText(`Exported 3 block types (3 schemas) to ${join(app.exportsDir, 's3-bucket.json')}, with the 2 block types it nests: AWS Credentials, MinIO Credentials`);
  await screenshotsAtSizes(page, 'change-export-nested', { shown: status });
});
