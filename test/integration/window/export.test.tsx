// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApi, type TestApi } from './real-api';
import { renderApp } from './render-app';

function exportCalls(api: TestApi): unknown[] {
  return api.calls.filter((call) => call.channel === 'exportBlockTypes').map((call) => call.args);
}

describe('export', () => {
  it('exports every block type from the catalogue and says where', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    expect(screen.queryByRole('button', { name: /shown/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Export all' }));
    // The save dialog answers with a file in the test's folder, where main writes the export.
    const path = join(api.dir, 'block-registry-export.json');
    expect(await screen.findByText(`Exported 54 block types (55 schemas) to ${path}`)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(`Exported 54 block types (55 schemas) to ${path}`);
    expect(existsSync(path)).toBe(true);
    expect(exportCalls(api)).toEqual([{ slugs: [] }]);
  });

  it('exports the block types the filters show', async () => {
    const { api, user } = renderApp();
    await user.type(await screen.findByRole('searchbox', { name: 'Search block types' }), 'snowflake');
    await user.click(await screen.findByRole('button', { name: 'Export 3 shown' }));
    expect((await screen.findByText(/^Exported/)).textContent).toBe(`Exported 3 block types (3 schemas) to ${join(api.dir, 'block-registry-export.json')}`);
    const [args] = exportCalls(api) as Array<{ slugs: string[] }>;
    expect([...(args?.slugs ?? [])].sort()).toEqual(['dbt-cli-snowflake-target-configs', 'snowflake-connector', 'snowflake-credentials']);
  });

  it('says nothing was written when the save dialog is cancelled', async () => {
    const api = createTestApi();
    api.saveDialog = () => null;
    const { user } = renderApp('#/', api);
    await screen.findAllByRole('article');
    await user.click(screen.getByRole('button', { name: 'Export all' }));
    expect((await screen.findByRole('status')).textContent).toBe('Export cancelled: nothing was written.');
  });

  it('shows why an export failed', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    api.failNext('exportBlockTypes', { code: 'save_failed', message: 'Could not write /readonly/x.json: EACCES' });
    await user.click(screen.getByRole('button', { name: 'Export all' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not export')).toBeTruthy();
    expect(within(alert).getByText('Could not write /readonly/x.json: EACCES')).toBeTruthy();
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('exports one block type from its page', async () => {
    // GitHub Credentials nests no other block: the export is that one type.
    const { api, user } = renderApp('#/types/github-credentials');
    await user.click(await screen.findByRole('button', { name: 'Export this block type' }));
    await waitFor(() => expect(exportCalls(api)).toEqual([{ slugs: ['github-credentials'] }]));
    expect((await screen.findByText(/^Exported/)).textContent).toBe(`Exported 1 block type (1 schema) to ${join(api.dir, 'github-credentials.json')}`);
  });

  it('says how many types an export carries with the ones nested in it', async () => {
    // S3 Bucket nests MinIO and AWS Credentials (the latter with two schemas): main exports all three.
    const { api, user } = renderApp('#/types/s3-bucket');
    await user.click(await screen.findByRole('button', { name: 'Export this block type' }));
    await waitFor(() => expect(exportCalls(api)).toEqual([{ slugs: ['s3-bucket'] }]));
    expect((await screen.findByText(/^Exported/)).textContent).toBe(`Exported 3 block types (4 schemas) to ${join(api.dir, 's3-bucket.json')}`);
  });
});
