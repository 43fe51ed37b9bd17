// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImportFile } from '../../../src/shared/contract';
import type { ImportPreview } from '../../../src/shared/import-preview';
import { formatMs } from '../../../src/renderer/model/format';
import { reportOf, type TestApi } from './real-api';
import { bytesOf, catalogueType, dropFiles, fileDrag, jsonFile, newType, oversizeFile, textFile } from './import-files';
import { renderApp } from './render-app';

const DROP_TEXT = 'Drop block definition files to preview the import';

function updatedS3Bucket() {
  const s3 = catalogueType('s3-bucket');
  s3.description = 'Buckets, now described anew.';
  return s3;
}

function callsOf(api: TestApi, channel: string): unknown[] {
  return api.calls.filter((call) => call.channel === channel).map((call) => call.args);
}

/** The ids of the previews main answered with, in order. */
function previewIds(api: TestApi): string[] {
  return api.answers.flatMap(({ channel, response }) => (channel === 'previewImport' && response.ok ? [(response.value as ImportPreview).id] : []));
}

describe('dropping files on the window', () => {
  it('shows the overlay while files are dragged over it, counting nested enters and leaves', async () => {
    renderApp();
    await screen.findAllByRole('article');
    const files = [jsonFile('new.json', newType())];
    expect(screen.queryByText(DROP_TEXT)).toBeNull();
    fireEvent.dragEnter(document.body, fileDrag(files));
    expect(screen.getByText(DROP_TEXT)).toBeTruthy();
    fireEvent.dragEnter(screen.getByRole('main'), fileDrag(files));
    fireEvent.dragLeave(document.body, fileDrag(files));
    expect(screen.getByText(DROP_TEXT)).toBeTruthy();
    fireEvent.dragLeave(screen.getByRole('main'), fileDrag(files));
    expect(screen.queryByText(DROP_TEXT)).toBeNull();
  });

  it('hides the overlay on Escape, and ignores drags that carry no files', async () => {
    renderApp();
    await screen.findAllByRole('article');
    fireEvent.dragEnter(document.body, { dataTransfer: { files: [], types: ['text/plain'] } });
    expect(screen.queryByText(DROP_TEXT)).toBeNull();
    fireEvent.dragEnter(document.body, fileDrag([jsonFile('new.json', newType())]));
    expect(screen.getByText(DROP_TEXT)).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByText(DROP_TEXT)).toBeNull();
  });

  it('prevents the default of a file drag over the window, so the drop lands in the app', async () => {
    renderApp();
    await screen.findAllByRole('article');
    const over = fireEvent.dragOver(document.body, fileDrag([jsonFile('new.json', newType())]));
    expect(over).toBe(false); // fireEvent returns false when the default was prevented
    const drop = fireEvent.drop(screen.getByRole('main'), fileDrag([jsonFile('new.json', newType())]));
    expect(drop).toBe(false);
    await screen.findByRole('dialog', { name: 'Import preview' });
  });

  it('reads every dropped file, sends its bytes to previewImport, hides the overlay and opens the preview', async () => {
    const { api } = renderApp();
    await screen.findAllByRole('article');
    const files = [jsonFile('update.json', updatedS3Bucket()), jsonFile('new.json', newType())];
    fireEvent.dragEnter(document.body, fileDrag(files));
    fireEvent.drop(document.body, fileDrag(files));
    expect(screen.queryByText(DROP_TEXT)).toBeNull();
    const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const [args] = callsOf(api, 'previewImport') as Array<{ files: ImportFile[] }>;
    expect(args?.files.map((file) => file.name)).toEqual(['update.json', 'new.json']);
    expect(args?.files.every((file) => file.bytes instanceof Uint8Array)).toBe(true);
    expect(args?.files.map((file) => [...file.bytes])).toEqual([await bytesOf(files[0] as File), await bytesOf(files[1] as File)]);
    expect(callsOf(api, 'applyImport')).toEqual([]);
  });

  it('refuses a file over the size limit before reading anything, in main’s words', async () => {
    const { api } = renderApp();
    await screen.findAllByRole('article');
    const big = oversizeFile('huge.json');
    const read = vi.spyOn(big, 'arrayBuffer');
    dropFiles([jsonFile('new.json', newType()), big]);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not import the files')).toBeTruthy();
    expect(within(alert).getByRole('listitem').textContent).toBe('huge.json: the file is 52428801 bytes, over the 50 MB limit.');
    expect(callsOf(api, 'previewImport')).toEqual([]);
    expect(read).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    await userDismiss(alert);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('imports through the Import… button and its file input, the same way', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    const input = screen.getByLabelText('Import block definition files') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.multiple).toBe(true);
    const click = vi.spyOn(input, 'click');
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    expect(click).toHaveBeenCalledOnce();
    const file = jsonFile('new.json', newType());
    await user.upload(input, file);
    await screen.findByRole('dialog', { name: 'Import preview' });
    const [args] = callsOf(api, 'previewImport') as Array<{ files: ImportFile[] }>;
    expect(args?.files.map((entry) => [entry.name, [...entry.bytes]])).toEqual([['new.json', await bytesOf(file)]]);
  });

  it('shows what went wrong when previewImport fails', async () => {
    const { api } = renderApp();
    await screen.findAllByRole('article');
    api.failNext('previewImport', { code: 'invalid_input', message: 'at most 100 files at once', issues: [] });
    dropFiles([jsonFile('new.json', newType())]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('at most 100 files at once');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

async function userDismiss(alert: HTMLElement): Promise<void> {
  await act(async () => {
    within(alert).getByRole('button', { name: 'Dismiss' }).click();
  });
}

describe('registering or cancelling a preview', () => {
  it('Register applies the import, closes the dialog, refreshes the catalogue and reports', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    expect(screen.queryByRole('link', { name: 'My Block' })).toBeNull();
    dropFiles([jsonFile('update.json', updatedS3Bucket()), jsonFile('new.json', newType())]);
    const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
    const [preview] = previewIds(api);
    await user.click(within(dialog).getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsOf(api, 'applyImport')).toEqual([{ preview_id: preview }]);
    expect(callsOf(api, 'listBlockTypes')).toHaveLength(2);
    expect(callsOf(api, 'getOverview')).toHaveLength(2);
    expect(await within(screen.getByRole('region', { name: 'Block types' })).findByRole('link', { name: 'My Block' })).toBeTruthy();
    // One type and one schema more than the launch's 54 and the 55 of every test's registry.
    const { duration_ms } = await reportOf(api);
    expect(screen.getByRole('link', { name: `55 block types, 56 schemas, registered in ${formatMs(duration_ms)}` })).toBeTruthy();
    const result = screen.getByText('Import registered').closest('[role="status"]');
    expect(result?.textContent).toContain('Registered: 1 created, 1 updated, 0 unchanged; 1 schema created, 1 already registered.');
    // The toast links to what changed.
    const changed = within(screen.getByRole('list', { name: 'What changed' }));
    expect(changed.getByRole('link', { name: 'My Block' }).getAttribute('href')).toBe('#/types/my-block');
    expect(changed.getByRole('link', { name: 'S3 Bucket' }).getAttribute('href')).toBe('#/types/s3-bucket');
    await user.click(screen.getByRole('link', { name: 'Show details' }));
    const lastImport = await screen.findByRole('region', { name: 'Last import' });
    expect(within(lastImport).getByRole('link', { name: 'My Block' }).getAttribute('href')).toBe('#/types/my-block');
    expect(lastImport.textContent).toContain('update.json, new.json');
  });

  it('shows "Registering…" while applying, and keeps the dialog open with the error when applying fails', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    dropFiles([jsonFile('new.json', newType())]);
    const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
    api.failNext('applyImport', { code: 'database_busy', message: 'Another process is writing the registry.', issues: [{ file: 'new.json', message: 'try again' }] });
    await user.click(within(dialog).getByRole('button', { name: 'Register' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Could not register the import; nothing was written');
    expect(alert.textContent).toContain('Another process is writing the registry.');
    expect(within(alert).getByRole('listitem').textContent).toBe('new.json: try again');
    expect(screen.getByRole('dialog', { name: 'Import preview' })).toBeTruthy();
    expect(callsOf(api, 'listBlockTypes')).toHaveLength(1);
    expect(screen.queryByRole('link', { name: 'My Block' })).toBeNull();
  });

  it('shows progress while registering', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    let release = (): void => undefined;
    const apply = api.applyImport;
    api.applyImport = async (args) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return apply(args);
    };
    dropFiles([jsonFile('new.json', newType())]);
    const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
    await user.click(within(dialog).getByRole('button', { name: 'Register' }));
    expect(within(dialog).getByRole('status').textContent).toBe('Registering…');
    expect((within(dialog).getByRole('button', { name: 'Register' }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(dialog).getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => release());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('Cancel forgets the preview and writes nothing', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    dropFiles([jsonFile('new.json', newType())]);
    const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
    const [id = ''] = previewIds(api);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(callsOf(api, 'cancelImport')).toEqual([{ preview_id: id }]));
    expect(callsOf(api, 'applyImport')).toEqual([]);
    // Main forgot it: it can no longer be applied.
    const late = await api.main.applyImport({ preview_id: id });
    expect(late.ok ? null : late.error.code).toBe('not_found');
    expect(screen.queryByRole('link', { name: 'My Block' })).toBeNull();
  });

  it('Escape cancels too', async () => {
    const { api, user } = renderApp();
    await screen.findAllByRole('article');
    dropFiles([jsonFile('new.json', newType())]);
    await screen.findByRole('dialog', { name: 'Import preview' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(callsOf(api, 'cancelImport')).toHaveLength(1));
    expect(callsOf(api, 'applyImport')).toEqual([]);
  });

  it('traps focus in the dialog and gives it back on close', async () => {
    const { user } = renderApp();
    await screen.findAllByRole('article');
    const importButton = screen.getByRole('button', { name: 'Import…' });
    importButton.focus();
    dropFiles([jsonFile('new.json', newType())]);
    const dialog = await screen.findByRole('dialog', { name: 'Import preview' });
    expect(document.activeElement).toBe(dialog);
    expect(screen.getByRole('main').hasAttribute('inert')).toBe(true);
    expect(screen.getByRole('banner', { hidden: true }).hasAttribute('inert')).toBe(true);
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const register = within(dialog).getByRole('button', { name: 'Register' });
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    register.focus();
    await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(register);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(register);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(cancel);
    await user.click(cancel);
    expect(screen.getByRole('main').hasAttribute('inert')).toBe(false);
    expect(document.activeElement).toBe(importButton);
  });

  it('a second drop replaces the preview shown, forgetting the first', async () => {
    const { api } = renderApp();
    await screen.findAllByRole('article');
    dropFiles([jsonFile('new.json', newType())]);
    await screen.findByRole('dialog', { name: 'Import preview' });
    const [first] = previewIds(api);
    dropFiles([textFile('broken.json', '{"collections": ')]);
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Import preview' }).textContent).toContain('broken.json'));
    await waitFor(() => expect(callsOf(api, 'cancelImport')).toEqual([{ preview_id: first }]));
  });
});
