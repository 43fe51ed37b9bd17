// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatMs } from '../../../src/renderer/model/format';
import type { SourceReport } from '../../../src/shared/report';
import { generateCatalogue } from '../../helpers/generated-catalogue';
import { createTestApi, reportOf } from './real-api';
import { renderApp } from './render-app';

/** The summary's figures as [label, value] pairs. */
function stats(summary: HTMLElement): string[][] {
  return [...summary.querySelectorAll('dl > div')].map((stat) => [stat.querySelector('dt')?.textContent ?? '', stat.querySelector('dd')?.textContent ?? '']);
}

function text(row: HTMLElement | undefined): string[] {
  return row === undefined ? [] : [...row.children].map((cell) => cell.textContent ?? '');
}

/** The source as if one of its types had failed, one been updated and one left unchanged. */
function failPartWay(source: SourceReport): void {
  source.status = 'failed';
  source.block_types = [
    { slug: 's3-bucket', name: 'S3 Bucket', outcome: 'unchanged', changed_fields: [], schemas_created: 0, schemas_existing: 1 },
    { slug: 'gcs-bucket', name: 'GCS Bucket', outcome: 'updated', changed_fields: ['description', 'logo_url'], schemas_created: 0, schemas_existing: 1 },
    { slug: 'bad-one', name: 'Bad One', outcome: 'failed', changed_fields: [], schemas_created: 0, schemas_existing: 0 },
  ];
  source.errors = [{ file: 'collection_blocks_data.json', path: 'collections.x.block_types.bad-one.slug', message: 'Block type slug must only contain lowercase letters.' }];
}

describe('registration report view', () => {
  it('shows the total and a row per source', async () => {
    const { api } = renderApp('#/report');
    // The durations are the launch's own, measured.
    const report = await reportOf(api);
    const took = (name: string): string => formatMs(report.sources.find((source) => source.name === name)?.duration_ms ?? Number.NaN);
    const table = await screen.findByRole('table', { name: 'Sources' });
    const summary = screen.getByRole('region', { name: 'Summary' });
    expect(stats(summary)).toEqual([
      ['Block types', '54'],
      ['Created', '54'],
      ['Updated', '0'],
      ['New versions', '0'],
      ['Unchanged', '0'],
      ['Failed', '0'],
      ['Schemas created', '54'],
      ['Sources', '3'],
    ]);
    expect(within(summary).getByText(`took ${formatMs(report.duration_ms)}.`, { exact: false })).toBeTruthy();
    // The summary comes first, before the sources table.
    expect(summary.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const rows = within(table).getAllByRole('row');
    expect(text(rows[0])).toEqual(['Source', 'Status', 'Created', 'Updated', 'New versions', 'Unchanged', 'Failed', 'Schemas created', 'Schemas existing', 'Duration']);
    // Each source named once: its kind is not repeated when the name already says it.
    expect(text(rows[1])).toEqual(['system', 'Registered', '3', '0', '0', '0', '0', '3', '0', took('system')]);
    expect(text(rows[2])).toEqual(['built-in', 'Registered', '11', '0', '0', '0', '0', '11', '0', took('built-in')]);
    expect(text(rows[3])).toEqual(['catalogue', 'Registered', '40', '0', '0', '0', '0', '40', '0', took('catalogue')]);
    expect(text(rows[4])).toEqual(['Total', '', '54', '0', '0', '0', '0', '54', '0', formatMs(report.duration_ms)]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('lists the block types each source changed', async () => {
    const { user } = renderApp('#/report');
    const catalogue = await screen.findByRole('region', { name: 'Changes from catalogue' });
    // The first 20, then all 40 on request.
    expect(within(catalogue).getAllByRole('listitem')).toHaveLength(20);
    expect(within(catalogue).getByText('20 more not shown.')).toBeTruthy();
    await user.click(within(catalogue).getByRole('button', { name: 'Show all 40' }));
    expect(within(catalogue).getAllByRole('listitem')).toHaveLength(40);
    expect(within(catalogue).getByRole('link', { name: 'AWS Credentials' }).getAttribute('href')).toBe('#/types/aws-credentials');
    await user.click(within(catalogue).getByRole('button', { name: 'Show the first 20' }));
    expect(within(catalogue).getAllByRole('listitem')).toHaveLength(20);
    cleanup();

    // Launched again: every bundled source is skipped, its content unchanged since it registered.
    const again = createTestApi({ autoRegister: {} });
    renderApp('#/report', again);
    const table = await screen.findByRole('table', { name: 'Sources' });
    const system = (await reportOf(again)).sources[0];
    expect(text(within(table).getAllByRole('row')[1])).toEqual(['system', 'Skipped (unchanged)', '0', '0', '0', '0', '0', '0', '0', formatMs(system?.duration_ms ?? Number.NaN)]);
    expect(within(screen.getByRole('region', { name: 'Changes from system' })).getByText('Skipped: unchanged since it last registered.')).toBeTruthy();
  });

  it('leaves unchanged block types out and lists errors in an alert', async () => {
    // A catalogue source that failed part-way cannot be made from the bundled file: main's own
    // report is stubbed with such a catalogue source.
    const api = createTestApi();
    const getRegistrationReport = api.getRegistrationReport;
    api.getRegistrationReport = async () => {
      const response = await getRegistrationReport();
      const source = response.ok ? response.value?.sources.find((candidate) => candidate.name === 'catalogue') : undefined;
      if (source === undefined) throw new Error('expected a catalogue source');
      failPartWay(source);
      return response;
    };
    renderApp('#/report', api);
    const changes = await screen.findByRole('region', { name: 'Changes from catalogue' });
    const items = within(changes)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(items).toEqual(['updatedGCS Bucket gcs-bucket — changed description, logo_url; 1 schema already registered', 'failedBad One bad-one']);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: '1 error' })).toBeTruthy();
    expect(within(alert).getByRole('listitem').textContent).toBe('collection_blocks_data.json: collections.x.block_types.bad-one.slug: Block type slug must only contain lowercase letters.');
    const table = screen.getByRole('table', { name: 'Sources' });
    expect(within(table).getByText('Failed', { selector: 'td > span' })).toBeTruthy();
  });

  it('keeps a small page for a launch that registered 5,000 block types, summary first', async () => {
    const api = createTestApi({ autoRegister: { 'generated.json': generateCatalogue(5000) } });
    const { user, container } = renderApp('#/report', api);
    const summary = await screen.findByRole('region', { name: 'Summary' }, { timeout: 100_000 });
    expect(stats(summary)).toEqual([
      ['Block types', '5,000'],
      ['Created', '5,000'],
      ['Updated', '0'],
      ['New versions', '0'],
      ['Unchanged', '0'],
      ['Failed', '0'],
      ['Schemas created', '5,000'],
      ['Sources', '4'],
    ]);
    const table = screen.getByRole('table', { name: 'Sources' });
    expect(text(within(table).getAllByRole('row')[4]).slice(0, 4)).toEqual(['auto-register/generated.json (folder)', 'Registered', '5,000', '0']);
    const generated = screen.getByRole('region', { name: 'Changes from auto-register/generated.json' });
    expect(within(generated).getAllByRole('listitem')).toHaveLength(20);
    expect(within(generated).getByText('4,980 more not shown.')).toBeTruthy();
    const nodes = (): number => container.querySelectorAll('*').length;
    expect(nodes()).toBeLessThan(2000);

    // All 5,000 on request: a scrolling box holding only the items in view.
    await user.click(within(generated).getByRole('button', { name: 'Show all 5,000' }));
    const list = within(generated).getByRole('list', { name: 'Block types changed by auto-register/generated.json' });
    const items = within(list).getAllByRole('listitem');
    expect(items.length).toBeGreaterThan(10);
    expect(items.length).toBeLessThan(60);
    expect(items[0]?.getAttribute('aria-setsize')).toBe('5000');
    expect(items[0]?.textContent).toContain('Generated Block 0');
    expect(nodes()).toBeLessThan(2000);
  }, 120_000);

  it('says when no registration has run', async () => {
    renderApp('#/report', createTestApi({ unregistered: true }));
    expect(await screen.findByText('No registration has run yet in this session.')).toBeTruthy();
  });

  it('shows the error when the report cannot be loaded', async () => {
    const api = createTestApi();
    api.failNext('getRegistrationReport', { code: 'database_busy', message: 'The database is busy.' });
    renderApp('#/report', api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The database is busy.');
    // The code is for programs, not the reader: kept on the element, not in its text.
    expect(alert.textContent).not.toContain('database_busy');
    expect(alert.getAttribute('data-code')).toBe('database_busy');
  });
});
