// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app';

describe('diff view', () => {
  it('puts the older schema on the left and counts the changed lines', async () => {
    // Named the wrong way round: the view still puts the older version on the left.
    renderApp('#/types/aws-credentials/diff?left=bs-aws-credentials-2&right=bs-aws-credentials');
    expect(await screen.findByText('7 lines added, 1 removed')).toBeTruthy();
    expect(screen.queryByText('Identical fields')).toBeNull();
    const table = screen.getByRole('table');
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((header) => header.textContent)).toEqual(['Older Version 0.4.14 sha256:17b73297ed60…', 'Newer Version 0.5.0 sha256:222222222222…']);
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
    expect(within(changed).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['8', '−removed:       "description": "A specific AWS access key ID.",', '8', '+added:       "description": "The AWS access key ID.",']);
  });

  it('aligns unchanged lines on both sides', async () => {
    renderApp('#/types/aws-credentials/diff?left=bs-aws-credentials&right=bs-aws-credentials-2');
    await screen.findByText('7 lines added, 1 removed');
    const row = screen.getAllByText('"title": "AwsCredentials",')[0]?.closest('tr') as HTMLElement;
    const cells = within(row).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells).toEqual(['2', '  "title": "AwsCredentials",', '2', '  "title": "AwsCredentials",']);
  });

  it('says "Identical fields" when both sides are the same', async () => {
    renderApp('#/types/aws-credentials/diff?left=bs-aws-credentials&right=bs-aws-credentials');
    expect(await screen.findByText('Identical fields')).toBeTruthy();
    expect(screen.getByText('0 lines added, 0 removed')).toBeTruthy();
  });

  it('offers the version selects pre-set to the compared versions', async () => {
    renderApp('#/types/aws-credentials/diff?left=bs-aws-credentials&right=bs-aws-credentials-2');
    const left = (await screen.findByRole('combobox', { name: 'Left version' })) as HTMLSelectElement;
    expect(left.value).toBe('bs-aws-credentials');
    expect((screen.getByRole('combobox', { name: 'Right version' }) as HTMLSelectElement).value).toBe('bs-aws-credentials-2');
  });

  it('shows an error when a schema cannot be loaded', async () => {
    renderApp('#/types/aws-credentials/diff?left=bs-aws-credentials&right=missing');
    expect((await screen.findByRole('alert')).textContent).toContain('Block schema not found');
  });
});
