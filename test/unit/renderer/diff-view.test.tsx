// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createTestApi, UNKNOWN_SCHEMA_ID, unwrap } from './real-api';
import { renderApp } from './render-app';

/** A test's api with the ids and checksums of the two AWS Credentials schemas, 0.5.0 (newer) and 0.4.14 (older). */
async function awsVersions() {
  const api = createTestApi();
  const [newer, older] = unwrap(await api.main.getBlockType({ slug: 'aws-credentials' })).schemas;
  if (newer === undefined || older === undefined) throw new Error('expected two AWS Credentials schemas');
  return { api, newer, older };
}

describe('diff view', () => {
  it('puts the older schema on the left and counts the changed lines', async () => {
    // Named the wrong way round: the view still puts the older version on the left.
    const { api, newer, older } = await awsVersions();
    renderApp(`#/types/aws-credentials/diff?left=${newer.id}&right=${older.id}`, api);
    expect(await screen.findByText('7 lines added, 1 removed')).toBeTruthy();
    expect(screen.queryByText('Identical fields')).toBeNull();
    const table = screen.getByRole('table');
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((header) => header.textContent)).toEqual(['Older Version 0.4.14 sha256:17b73297ed60…', `Newer Version 0.5.0 ${newer.checksum.slice(0, 'sha256:'.length + 12)}…`]);
    const added = within(table).getAllByText('added:');
    const removed = within(table).getAllByText('removed:');
    expect(added).toHaveLength(7);
    expect(removed).toHaveLength(1);
    // The added property is on the right, its row's left side empty.
    const retries = within(table).getByText('"retries": {');
    const row = retries.closest('tr') as HTMLElement;
    const cells = within(row).getAllByRole('cell');
    expect(cells[0]?.textContent).toBe('');
    expect(cells[1]?.textContent).toBe('');
    expect(cells[3]?.textContent).toContain('added:');
    // A changed line: removed on the left, added on the right, in one row.
    const changed = within(table).getByText('"description": "A specific AWS access key ID.",').closest('tr') as HTMLElement;
    expect(
      within(changed)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['8', '−removed:       "description": "A specific AWS access key ID.",', '8', '+added:       "description": "The AWS access key ID.",']);
  });

  it('aligns unchanged lines on both sides', async () => {
    const { api, newer, older } = await awsVersions();
    renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${newer.id}`, api);
    await screen.findByText('7 lines added, 1 removed');
    const row = screen.getAllByText('"title": "AwsCredentials",')[0]?.closest('tr') as HTMLElement;
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual(['2', '  "title": "AwsCredentials",', '2', '  "title": "AwsCredentials",']);
  });

  it('says "Identical fields" when both sides are the same', async () => {
    const { api, older } = await awsVersions();
    renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${older.id}`, api);
    expect(await screen.findByText('Identical fields')).toBeTruthy();
    expect(screen.getByText('0 lines added, 0 removed')).toBeTruthy();
  });

  it('offers the version selects pre-set to the compared versions', async () => {
    const { api, newer, older } = await awsVersions();
    renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${newer.id}`, api);
    const left = (await screen.findByRole('combobox', { name: 'Left version' })) as HTMLSelectElement;
    expect(left.value).toBe(older.id);
    expect((screen.getByRole('combobox', { name: 'Right version' }) as HTMLSelectElement).value).toBe(newer.id);
  });

  it('shows an error when a schema cannot be loaded', async () => {
    const { api, older } = await awsVersions();
    // A well-formed id that is not stored (main refuses a malformed one before looking).
    renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${UNKNOWN_SCHEMA_ID}`, api);
    expect((await screen.findByRole('alert')).textContent).toContain('Block schema not found');
  });
});
