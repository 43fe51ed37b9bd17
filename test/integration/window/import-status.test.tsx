// @vitest-environment happy-dom
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LARGE_FILE_BYTES } from '../../../src/renderer/bridge/read-files';
import { renderApp } from './render-app';

describe('import progress outside the dialog', () => {
  it('says which file of how many is being read, with a bar of the bytes for a large file', async () => {
    const { store, user } = renderApp();
    await screen.findAllByRole('article');
    act(() => store.setState({ importPhase: { name: 'reading', progress: { index: 2, count: 5, name: 'small.json', size: 100, loaded: 0 } } }));
    const status = screen.getByText('Reading 2 of 5 files…').closest('[role="status"]') as HTMLElement;
    expect(status).not.toBeNull();
    expect(within(status).queryByRole('progressbar')).toBeNull();
    act(() => store.setState({ importPhase: { name: 'reading', progress: { index: 3, count: 5, name: 'big.json', size: LARGE_FILE_BYTES * 4, loaded: LARGE_FILE_BYTES } } }));
    const bar = screen.getByRole('progressbar', { name: 'Reading big.json' }) as HTMLProgressElement;
    expect(bar.max).toBe(LARGE_FILE_BYTES * 4);
    expect(bar.value).toBe(LARGE_FILE_BYTES);
    expect(screen.getByText('big.json: 1.0 MB of 4.0 MB')).toBeTruthy();
    expect(screen.getByText('Reading 3 of 5 files…')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.getState().importPhase.name).toBe('idle');
    expect(screen.queryByText(/Reading/)).toBeNull();
  });

  it('names a single file being read, then says the files are being checked', async () => {
    const { store } = renderApp();
    await screen.findAllByRole('article');
    act(() => store.setState({ importPhase: { name: 'reading', progress: { index: 1, count: 1, name: 'catalogue.json', size: 10, loaded: 0 } } }));
    expect(screen.getByText('Reading catalogue.json…')).toBeTruthy();
    act(() => store.setState({ importPhase: { name: 'previewing', count: 3 } }));
    expect(screen.getByText('Checking 3 files…').closest('[role="status"]')).not.toBeNull();
  });
});
