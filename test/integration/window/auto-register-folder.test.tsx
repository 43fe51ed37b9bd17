// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { autoRegisterFolder } from '../../../src/main/sources/folder';
import { stringifyJson } from '../../../src/shared/json';
import { newType } from './import-files';
import { createTestApi } from './real-api';
import { renderApp } from './render-app';

describe('auto-register folder', () => {
  it('shows the folder on the report page, what it does, and opens it', async () => {
    const { api, user } = renderApp('#/report');
    // Beside this test's database file, as the app's is beside its own.
    const folder = autoRegisterFolder(api.databasePath);
    const section = await screen.findByRole('region', { name: 'Auto-register folder' });
    expect(within(section).getByText(folder)).toBeTruthy();
    expect(section.textContent).toContain('Files placed here are registered at every launch, after the bundled sources.');
    await user.click(within(section).getByRole('button', { name: 'Open folder' }));
    expect((await within(section).findByText(/^Opened /)).textContent).toBe(`Opened ${folder} in the file manager.`);
    expect(api.openedFolders).toEqual([folder]);
  });

  it('shows why the folder could not be opened', async () => {
    const { api, user } = renderApp('#/report');
    const section = await screen.findByRole('region', { name: 'Auto-register folder' });
    api.failNext('openAutoRegisterFolder', { code: 'internal', message: 'No file manager.' });
    await user.click(within(section).getByRole('button', { name: 'Open folder' }));
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('Could not open the folder');
    expect(alert.textContent).toContain('No file manager.');
  });

  it('lists folder sources in the report, a failed one with its errors', async () => {
    // Two files in the folder, and the app launched again: main registers the good one and reports the bad one.
    renderApp('#/report', createTestApi({ autoRegister: { 'good.json': stringifyJson(newType(), 2), 'bad.json': '{"collections": ' } }));
    const table = await screen.findByRole('table', { name: 'Sources' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.children].slice(0, 3).map((cell) => cell.textContent));
    expect(rows).toContainEqual(['auto-register/good.json (folder)', 'Registered', '1']);
    expect(rows).toContainEqual(['auto-register/bad.json (folder)', 'Failed', '0']);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'auto-register/bad.json' })).toBeTruthy();
    expect(within(alert).getByRole('listitem').textContent).toBe(
      'auto-register/bad.json: collections: not JSON (Invalid JSON at line 1, column 17: JSON value expected, found end of input). Expected Prefect\'s block catalogue ({"collections": …}), a block type with its block_schema (or a list of them), a block schema from Prefect\'s API with its block_type (or a list of them), or `prefect block type inspect -o json` output.',
    );
    const changes = screen.getByRole('region', { name: 'Changes from auto-register/bad.json' });
    expect(changes.textContent).toContain('Nothing registered: see the errors above.');
  });
});
