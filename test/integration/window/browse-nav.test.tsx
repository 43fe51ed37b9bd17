// @vitest-environment happy-dom
// Browsing on main's real answers: ranked results in the DOM's order, filter choices with their
// counts (dimmed at none), Clear filters, capability chips on cards as filters, Enter and the arrow
// keys in the results (one Tab stop), the list view remembered, the catalogue's Import…, and the
// last import's report on the report page of a window opened afresh.
import { needsConfirmation } from '../../../src/shared/python';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { historyButtonDirection, historyKeyDirection } from '../../../src/renderer/dom/history-keys';
import { unwrap, type TestApi } from './real-api';
import { stringifyJson } from '../../../src/shared/json';
import { newType } from './import-files';
import { renderApp } from './render-app';

afterEach(() => {
  window.localStorage.clear();
});

async function results(): Promise<HTMLElement> {
  await screen.findByText(/^Showing /);
  return screen.getByRole('region', { name: 'Block types' });
}

const names = (region: HTMLElement): string[] =>
  within(region)
    .queryAllByRole('article')
    .map((article) => article.getAttribute('aria-label') ?? '');

function capabilityToggle(name: string): HTMLElement {
  return within(screen.getByRole('group', { name: 'Capabilities' })).getByRole('button', { name });
}

describe('search, order and filters', () => {
  it('lists by name case-insensitively, and ranks a search: "s3" puts S3 Bucket first', async () => {
    const { user } = renderApp();
    const region = await results();
    const all = names(region);
    expect(all).toEqual([...all].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })));
    await user.type(screen.getByRole('searchbox', { name: 'Search block types' }), 's3');
    expect(names(region)[0]).toBe('S3 Bucket');
    expect(names(region)).toContain('Remote File System');
    await user.clear(screen.getByRole('searchbox', { name: 'Search block types' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search block types' }), 'kubernetes creds');
    expect(names(region)).toEqual(['Kubernetes Credentials']);
  });

  it('counts each choice given the other filters, dims the empty ones, and clears', async () => {
    const { user } = renderApp();
    await results();
    // The panel folds: open it when a narrow default closed it.
    const toggle = screen.getByRole('button', { name: /^Filters/ });
    if (toggle.getAttribute('aria-expanded') === 'false') await user.click(toggle);
    expect(capabilityToggle('notify').textContent).toMatch(/notify\d+$/);
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Collection' }), 'prefect-aws');
    expect(screen.getByText('Showing 5 of 54 block types')).toBeTruthy();
    // In prefect-aws, nothing notifies: dimmed, its count 0; write-path gives S3 Bucket only.
    expect(capabilityToggle('notify').className).toContain('toggle-chip-empty');
    expect(capabilityToggle('notify').textContent).toBe('+notify0');
    expect(capabilityToggle('write-path').textContent).toBe('+write-path1');
    // The collections are counted with the search: "bucket" is in 3 collections.
    await user.type(screen.getByRole('searchbox', { name: 'Search block types' }), 'bucket');
    const option = (name: string) => within(screen.getByRole('combobox', { name: 'Collection' })).getByRole('option', { name: new RegExp(`^${name} \\(`) });
    expect(option('prefect-gcp').textContent).toBe('prefect-gcp (1)');
    expect(option('prefect-slack').textContent).toBe('prefect-slack (0)');
    expect(screen.getByRole('button', { name: 'Filters (1)' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getByText('Showing 54 of 54 block types')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('filters by a capability chip on a card, and back', async () => {
    const { user } = renderApp();
    const region = await results();
    const s3 = within(region).getByRole('article', { name: 'S3 Bucket' });
    const chip = within(s3).getByRole('button', { name: 'write-path' });
    expect(chip.getAttribute('tabindex')).toBe('-1');
    await user.click(chip);
    expect(screen.getByText(/^Showing 6 of 54/)).toBeTruthy();
    expect(
      within(within(region).getByRole('article', { name: 'S3 Bucket' }))
        .getByRole('button', { name: 'write-path' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await user.click(within(within(region).getByRole('article', { name: 'S3 Bucket' })).getByRole('button', { name: 'write-path' }));
    expect(screen.getByText('Showing 54 of 54 block types')).toBeTruthy();
  });
});

describe('keyboard', () => {
  it('Enter in the search opens the first result', async () => {
    const { user } = renderApp();
    await results();
    await user.type(screen.getByRole('searchbox', { name: 'Search block types' }), 's3{Enter}');
    await waitFor(() => expect(window.location.hash).toBe('#/types/s3-bucket'));
    expect(await screen.findByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeTruthy();
  });

  it('makes the results one Tab stop; ↓ from the search and the arrow keys move through them', async () => {
    const { user } = renderApp();
    const region = await results();
    const links = within(region).getAllByRole('link');
    expect(links.filter((link) => link.getAttribute('tabindex') === '0')).toHaveLength(1);
    const order = names(region);
    const search = screen.getByRole('searchbox', { name: 'Search block types' });
    search.focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe(order[0]);
    // Without layout (this DOM) there is one column: ↓ and → both move by one.
    await user.keyboard('{ArrowDown}{ArrowRight}');
    expect(document.activeElement?.textContent).toBe(order[2]);
    await user.keyboard('{End}');
    expect(document.activeElement?.textContent).toBe(order[order.length - 1]);
    expect(
      within(region)
        .getAllByRole('link')
        .filter((link) => link.getAttribute('tabindex') === '0'),
    ).toHaveLength(1);
    await user.keyboard('{Home}{ArrowUp}');
    expect(document.activeElement).toBe(search);
  });

  it('knows the history shortcuts and mouse buttons', () => {
    const press = { key: 'ArrowLeft', altKey: true, ctrlKey: false, metaKey: false, shiftKey: false };
    expect(historyKeyDirection(press, false, false)).toBe('back');
    expect(historyKeyDirection({ ...press, key: 'ArrowRight' }, false, true)).toBe('forward');
    // Option+← edits text on macOS.
    expect(historyKeyDirection(press, true, true)).toBeNull();
    expect(historyKeyDirection({ ...press, altKey: false, metaKey: true, key: '[' }, true, true)).toBe('back');
    expect(historyKeyDirection({ ...press, altKey: false, metaKey: true, key: ']' }, true, false)).toBe('forward');
    expect(historyKeyDirection({ ...press, shiftKey: true }, false, false)).toBeNull();
    expect(historyButtonDirection(3)).toBe('back');
    expect(historyButtonDirection(4)).toBe('forward');
    expect(historyButtonDirection(0)).toBeNull();
  });
});

describe('list view, import and the last import', () => {
  it('switches to a compact list and remembers it', async () => {
    const first = renderApp();
    await results();
    await first.user.click(screen.getByRole('button', { name: 'List' }));
    expect(screen.getByRole('button', { name: 'List' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('region', { name: 'Block types' }).className).toContain('list-rows');
    first.unmount();
    renderApp();
    await results();
    expect(screen.getByRole('button', { name: 'List' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('region', { name: 'Block types' }).className).toContain('list-rows');
  });

  it('puts Import… on the catalogue as its main action, and in the banner elsewhere', async () => {
    renderApp();
    await results();
    const actions = screen.getByRole('group', { name: 'Import and export' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Import…', 'Export all']);
    expect(within(screen.getByRole('banner')).queryByRole('button', { name: 'Import…' })).toBeNull();
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Registration report' }).getAttribute('href')).toBe('#/report');
    window.location.hash = '#/report';
    expect(await within(screen.getByRole('banner')).findByRole('button', { name: 'Import…' })).toBeTruthy();
  });

  it('shows the last import on the report page of a window opened after it', async () => {
    const first = renderApp();
    await results();
    const api: TestApi = first.api;
    const preview = unwrap(await api.main.previewImport({ files: [{ name: 'new.json', bytes: new TextEncoder().encode(stringifyJson(newType())) }] }));
    if (needsConfirmation(preview)) throw new Error('a JSON file never asks to run anything');
    unwrap(await api.main.applyImport({ preview_id: preview.id }));
    first.unmount();
    // A new window (new store) on the same main: the report comes from main, not from memory.
    renderApp('#/report', api);
    const lastImport = await screen.findByRole('region', { name: 'Last import' });
    expect(within(lastImport).getByRole('link', { name: 'My Block' }).getAttribute('href')).toBe('#/types/my-block');
    expect(lastImport.textContent).toContain('new.json');
    expect(api.calls.map((call) => call.channel)).toContain('getLastImport');
  });
});
