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
    const table = screen.getByRole('table', { name: /^Fields of/ });
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
    const { user } = renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${newer.id}`, api);
    await screen.findByText('7 lines added, 1 removed');
    // Line 2 is folded away (the first change is on line 8): unfold the stretch before it.
    expect(screen.queryByText('"title": "AwsCredentials",')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show 4 unchanged lines' }));
    expect(screen.queryByRole('button', { name: 'Show 4 unchanged lines' })).toBeNull();
    // Where they can be folded again.
    expect(screen.getByRole('button', { name: 'Hide 4 unchanged lines' }).getAttribute('aria-expanded')).toBe('true');
    const row = screen.getAllByText('"title": "AwsCredentials",')[0]?.closest('tr') as HTMLElement;
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual(['2', '  "title": "AwsCredentials",', '2', '  "title": "AwsCredentials",']);
  });

  it('says "Identical fields" when both sides are the same, every line folded', async () => {
    const { api, older } = await awsVersions();
    renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${older.id}`, api);
    expect(await screen.findByText('Identical fields')).toBeTruthy();
    expect(screen.getByText('0 lines added, 0 removed')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: /What changed/ })).getByText('The two versions have the same fields.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show 98 unchanged lines' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Changes' })).toBeNull();
  });

  it('puts a field-level summary above the lines: the added field, the changed one, the version', async () => {
    const { api, newer, older } = await awsVersions();
    renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${newer.id}`, api);
    const summary = await screen.findByRole('region', { name: 'What changed 1 added, 1 changed' });
    expect(within(summary).getByRole('list', { name: 'Schema changes' }).textContent).toBe('version 0.4.14 → 0.5.0');
    const rows = within(within(summary).getByRole('table', { name: 'Field changes' }))
      .getAllByRole('row')
      .map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Field', 'Change', 'Details'],
      ['retries', 'Added', 'number; default 1.0'],
      ['aws_access_key_id', 'Changed', 'description changed'],
    ]);
    // The summary comes before the line diff in the page.
    const lines = screen.getByRole('table', { name: /^Fields of/ });
    expect(summary.compareDocumentPosition(lines) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('folds unchanged lines to three of context and unfolds them on request', async () => {
    const { api, newer, older } = await awsVersions();
    const { user } = renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${newer.id}`, api);
    await screen.findByText('7 lines added, 1 removed');
    const table = screen.getByRole('table', { name: /^Fields of/ });
    const lineRows = (): HTMLElement[] =>
      within(table)
        .getAllByRole('row')
        .filter((row) => row.hasAttribute('data-row'));
    const expanders = within(table).getAllByRole('button', { name: /^Show \d+ unchanged lines$/ });
    const folded = expanders.reduce((sum, button) => sum + Number(/\d+/.exec(button.textContent ?? '')?.[0]), 0);
    // Every row of the whole diff is either shown or counted in an expander.
    expect(lineRows().length + folded).toBe(104);
    expect(lineRows().length).toBeLessThan(30);
    // Three unchanged lines, no more, right before the first change.
    const firstChanged = lineRows().findIndex((row) => row.textContent?.includes('removed:'));
    expect(firstChanged).toBe(3);
    await user.click(expanders[expanders.length - 1] as HTMLElement);
    expect(lineRows().length + folded).toBe(104 + Number(/\d+/.exec(expanders[expanders.length - 1]?.textContent ?? '')?.[0]));
  });

  it('steps through the changes with the buttons and the n and p keys', async () => {
    const { api, newer, older } = await awsVersions();
    const { user } = renderApp(`#/types/aws-credentials/diff?left=${older.id}&right=${newer.id}`, api);
    const nav = await screen.findByRole('group', { name: 'Changes' });
    const starts = within(nav).getByText(/^\d+ changes?$/).textContent ?? '';
    const total = Number(/\d+/.exec(starts)?.[0]);
    expect(total).toBeGreaterThanOrEqual(2);
    const previous = within(nav).getByRole('button', { name: 'Previous change' });
    const next = within(nav).getByRole('button', { name: 'Next change' });
    await user.click(next);
    expect(within(nav).getByText(`Change 1 of ${total}`)).toBeTruthy();
    // The current change is marked and focused: its first row holds the first changed line.
    const focused = document.activeElement as HTMLElement;
    expect(focused.tagName).toBe('TR');
    expect(focused.className).toBe('diff-current');
    expect(focused.textContent).toContain('removed:');
    await user.keyboard('n');
    expect(within(nav).getByText(`Change 2 of ${total}`)).toBeTruthy();
    expect(document.activeElement).not.toBe(focused);
    expect((document.activeElement as HTMLElement).className).toBe('diff-current');
    await user.keyboard('p');
    expect(within(nav).getByText(`Change 1 of ${total}`)).toBeTruthy();
    expect(document.activeElement).toBe(focused);
    // Previous from the first wraps to the last, and next from there back to the first.
    await user.click(previous);
    expect(within(nav).getByText(`Change ${total} of ${total}`)).toBeTruthy();
    await user.click(next);
    expect(within(nav).getByText(`Change 1 of ${total}`)).toBeTruthy();
    expect(document.activeElement).toBe(focused);
    // Typed into a field, `n` is a letter, not a command.
    const select = screen.getByRole('combobox', { name: 'Left version' });
    select.focus();
    await user.keyboard('n');
    expect(within(nav).getByText(`Change 1 of ${total}`)).toBeTruthy();
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
