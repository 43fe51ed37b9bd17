// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogueData, createFakeApi } from './fake-api';
import { renderApp } from './render-app';

describe('registration report view', () => {
  it('shows the total and a row per source', async () => {
    renderApp('#/report');
    const table = await screen.findByRole('table', { name: 'Sources' });
    expect(screen.getByText(/took 123 ms: 40 created, 0 updated, 0 unchanged, 0 failed\./)).toBeTruthy();
    const rows = within(table).getAllByRole('row');
    const text = (row: HTMLElement | undefined): string[] => (row === undefined ? [] : [...row.children].map((cell) => cell.textContent ?? ''));
    expect(text(rows[0])).toEqual(['Source', 'Status', 'Created', 'Updated', 'Unchanged', 'Failed', 'Schemas created', 'Schemas existing', 'Duration']);
    expect(text(rows[1])).toEqual(['system (system)', 'Skipped (unchanged)', '0', '0', '0', '0', '0', '0', '0 ms']);
    expect(text(rows[2])).toEqual(['catalogue (catalogue)', 'Registered', '40', '0', '0', '0', '40', '0', '120 ms']);
    expect(text(rows[3])).toEqual(['Total', '', '40', '0', '0', '0', '40', '0', '123 ms']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('lists the block types each source changed', async () => {
    renderApp('#/report');
    const catalogue = await screen.findByRole('region', { name: 'Changes from catalogue' });
    const items = within(catalogue).getAllByRole('listitem');
    expect(items).toHaveLength(40);
    expect(within(catalogue).getByRole('link', { name: 'AWS Credentials' }).getAttribute('href')).toBe('#/types/aws-credentials');
    expect(within(screen.getByRole('region', { name: 'Changes from system' })).getByText('Skipped: unchanged since it last registered.')).toBeTruthy();
  });

  it('leaves unchanged block types out and lists errors in an alert', async () => {
    const data = catalogueData();
    const source = data.report?.sources[1];
    if (source === undefined) throw new Error('source');
    source.status = 'failed';
    source.block_types = [
      { slug: 's3-bucket', name: 'S3 Bucket', outcome: 'unchanged', changed_fields: [], schemas_created: 0, schemas_existing: 1 },
      { slug: 'gcs-bucket', name: 'GCS Bucket', outcome: 'updated', changed_fields: ['description', 'logo_url'], schemas_created: 0, schemas_existing: 1 },
      { slug: 'bad-one', name: 'Bad One', outcome: 'failed', changed_fields: [], schemas_created: 0, schemas_existing: 0 },
    ];
    source.errors = [{ file: 'collection_blocks_data.json', path: 'collections.x.block_types.bad-one.slug', message: 'Block type slug must only contain lowercase letters.' }];
    renderApp('#/report', createFakeApi(data));
    const changes = await screen.findByRole('region', { name: 'Changes from catalogue' });
    const items = within(changes).getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      'updatedGCS Bucket gcs-bucket — changed description, logo_url; 1 schema already registered',
      'failedBad One bad-one',
    ]);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: '1 error' })).toBeTruthy();
    expect(within(alert).getByRole('listitem').textContent).toBe('collection_blocks_data.json: collections.x.block_types.bad-one.slug: Block type slug must only contain lowercase letters.');
    const table = screen.getByRole('table', { name: 'Sources' });
    expect(within(table).getByText('Failed', { selector: 'td > span' })).toBeTruthy();
  });

  it('says when no registration has run', async () => {
    const data = catalogueData();
    data.report = null;
    renderApp('#/report', createFakeApi(data));
    expect(await screen.findByText('No registration has run yet in this session.')).toBeTruthy();
  });

  it('shows the error when the report cannot be loaded', async () => {
    const api = createFakeApi();
    api.failNext('getRegistrationReport', { code: 'database_busy', message: 'The database is busy.' });
    renderApp('#/report', api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The database is busy.');
    expect(alert.textContent).toContain('database_busy');
  });
});
