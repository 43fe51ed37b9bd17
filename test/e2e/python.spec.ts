// A Python block file dropped on the built window in Chromium, read by real Prefect 3.9.1 (the
// pinned venv's python, chosen on the Python settings page): the window names the file and the
// interpreter and waits for the person's word before anything runs; then the preview says which
// Python and Prefect read it and lists its blocks; Register adds them to the catalogue.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ensurePrefectVenv } from '../../scripts/prefect-venv.mjs';
import { useAppOnCatalogue } from './app-per-test';
import { dropFiles, SCREENSHOTS_DIR } from './journeys';

const MANY_BLOCKS = join(process.cwd(), 'test', 'prefect', 'python', 'block_files', 'many_blocks.py');
const currentApp = useAppOnCatalogue();
let python: string;

test.beforeAll(() => {
  // npm test builds the venv before the end-to-end run; here it is only found (or built, slowly, once).
  python = ensurePrefectVenv();
});

/** A .py file dropped on the window, as a file manager gives it. */
function dropPython(page: Page, name: string, text: string): Promise<void> {
  return dropFiles(page, [{ name, text, type: 'text/x-python' }]);
}

test('choose the interpreter, drop a .py file, confirm, preview what Prefect reports, register', async ({ page }) => {
  const app = currentApp();
  test.setTimeout(5 * 60_000);
  // The settings page: the venv's python, found with Prefect 3.9.1, saved.
  await page.getByRole('link', { name: 'Python', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Python settings' })).toBeVisible();
  await page.getByLabel('Python interpreter').fill(python);
  await page.getByRole('button', { name: 'Find' }).click();
  const found = page.getByRole('status', { name: 'What Find found' });
  await expect(found).toContainText(`Found ${python}: Python 3.`, { timeout: 120_000 });
  await expect(found).toContainText('Prefect 3.9.1');
  await expect(page.getByLabel('Run .py files in the auto-register folder at launch')).not.toBeChecked();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS_DIR, 'python-settings.png'), fullPage: true });
  expect(await app.handlers.getPythonSettings(undefined)).toEqual({ interpreter_path: python, run_at_launch: false });

  // The drop: nothing runs before the person confirms, and the question names the file and the interpreter.
  await page.getByRole('link', { name: 'Block Registry' }).first().click();
  await dropPython(page, 'many_blocks.py', readFileSync(MANY_BLOCKS, 'utf8'));
  const confirm = page.getByRole('dialog', { name: 'Run this Python file?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(`This runs many_blocks.py with ${python} — it executes the file's code, as prefect block register -f does.`);
  await page.screenshot({ path: join(SCREENSHOTS_DIR, 'python-confirm.png') });
  expect(app.calls.filter((call) => call === 'previewImport')).toHaveLength(1);

  await confirm.getByRole('button', { name: 'Run and preview' }).click();
  const preview = page.getByRole('dialog', { name: 'Import preview' });
  await expect(preview).toBeVisible({ timeout: 180_000 });
  await expect(preview.getByRole('region', { name: 'Read by Prefect' })).toContainText(`many_blocks.py read with ${python}: Python 3.`);
  await expect(preview.getByRole('region', { name: 'Read by Prefect' })).toContainText('Prefect 3.9.1');
  await expect(preview).toContainText('3 new, 0 updated, 0 unchanged block types; 3 new schemas');
  for (const name of ['Block Holder', 'Leaf']) await expect(preview.getByText(name, { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS_DIR, 'python-preview.png') });
  expect((await app.handlers.listBlockTypes(undefined)).length).toBe(54);

  await preview.getByRole('button', { name: 'Register' }).click();
  await expect(preview).toBeHidden();
  await expect(page.getByText('Showing 57 of 57 block types')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search block types' }).fill('Block Holder');
  await expect(page.getByRole('article', { name: 'Block Holder' })).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS_DIR, 'python-registered.png') });
});

test('Cancel in the confirmation runs nothing and writes nothing', async ({ page }) => {
  const app = currentApp();
  await app.handlers.savePythonSettings({ interpreter_path: python, run_at_launch: false });
  const marker = join(app.exportsDir, 'ran');
  const before = readFileSync(app.launched.registry.path);
  await dropPython(page, 'marks.py', `import pathlib\npathlib.Path(${JSON.stringify(marker)}).parent.mkdir(parents=True, exist_ok=True)\npathlib.Path(${JSON.stringify(marker)}).touch()\n`);
  const confirm = page.getByRole('dialog', { name: 'Run this Python file?' });
  await expect(confirm).toContainText(`This runs marks.py with ${python}`);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('Showing 54 of 54 block types')).toBeVisible();
  expect(existsSync(marker)).toBe(false);
  expect(readFileSync(app.launched.registry.path).equals(before)).toBe(true);
  expect(app.calls.filter((call) => call === 'previewImport')).toHaveLength(1);
});
