// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../src/shared/report';
import { AUTO_REGISTER_FOLDER, catalogueData, createFakeApi } from './fake-api';
import { renderApp } from './render-app';

describe('auto-register folder', () => {
  it('shows the folder on the report page, what it does, and opens it', async () => {
    const { api, user } = renderApp('#/report');
    const section = await screen.findByRole('region', { name: 'Auto-register folder' });
    expect(within(section).getByText(AUTO_REGISTER_FOLDER)).toBeTruthy();
    expect(section.textContent).toContain('Files placed here are registered at every launch, after the bundled sources.');
    await user.click(within(section).getByRole('button', { name: 'Open folder' }));
    expect((await within(section).findByText(/^Opened /)).textContent).toBe(`Opened ${AUTO_REGISTER_FOLDER} in the file manager.`);
    expect(api.openedFolders).toEqual([AUTO_REGISTER_FOLDER]);
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
    const data = catalogueData();
    data.report?.sources.push(
      { name: 'auto-register/good.json', kind: 'folder', status: 'registered', content_hash: 'x', duration_ms: 3, counts: { ...emptyCounts(), created: 1, schemas_created: 1 }, block_types: [{ slug: 'my-block', name: 'My Block', outcome: 'created', changed_fields: [], schemas_created: 1, schemas_existing: 0 }], errors: [] },
      { name: 'auto-register/bad.json', kind: 'folder', status: 'failed', content_hash: null, duration_ms: 1, counts: emptyCounts(), block_types: [], errors: [{ file: 'auto-register/bad.json', path: '$', message: 'not JSON (unexpected end).' }] },
    );
    renderApp('#/report', createFakeApi(data));
    const table = await screen.findByRole('table', { name: 'Sources' });
    const rows = within(table).getAllByRole('row').map((row) => [...row.children].slice(0, 3).map((cell) => cell.textContent));
    expect(rows).toContainEqual(['auto-register/good.json (folder)', 'Registered', '1']);
    expect(rows).toContainEqual(['auto-register/bad.json (folder)', 'Failed', '0']);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'auto-register/bad.json' })).toBeTruthy();
    expect(within(alert).getByRole('listitem').textContent).toBe('auto-register/bad.json: $: not JSON (unexpected end).');
    const changes = screen.getByRole('region', { name: 'Changes from auto-register/bad.json' });
    expect(changes.textContent).toContain('Nothing registered: see the errors above.');
  });
});
