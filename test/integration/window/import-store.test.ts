// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ApiResponse, ImportFile } from '../../../src/shared/contract';
import type { ImportPreview } from '../../../src/shared/import-preview';
import type { PythonConfirmationRequest } from '../../../src/shared/python';
import { LARGE_FILE_BYTES, readFiles, refuseBeforeReading, type ReadProgress } from '../../../src/renderer/bridge/read-files';
import type { ImportPhase } from '../../../src/renderer/store/import-slice';
import { createRegistryStore } from '../../../src/renderer/store/registry-store';
import { createTestApi } from './real-api';
import { jsonFile, newType, oversizeFile, textFile } from './import-files';

function setup() {
  const api = createTestApi();
  const store = createRegistryStore(() => api);
  const phases: ImportPhase['name'][] = [];
  store.subscribe((state, previous) => {
    if (state.importPhase !== previous.importPhase && phases[phases.length - 1] !== state.importPhase.name) phases.push(state.importPhase.name);
  });
  return { api, store, phases };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('import state machine', () => {
  it('goes idle → reading → previewing → preview → applying → done', async () => {
    const { store, phases } = setup();
    await store.getState().load();
    await store.getState().importFiles([jsonFile('new.json', newType())]);
    expect(store.getState().importPhase.name).toBe('preview');
    await store.getState().applyImport();
    expect(phases).toEqual(['reading', 'previewing', 'preview', 'applying', 'done']);
    const phase = store.getState().importPhase;
    expect(phase.name === 'done' && phase.report.totals.created).toBe(1);
    expect(store.getState().lastImport).not.toBeNull();
    expect(store.getState().entries.some((entry) => entry.block_type.slug === 'my-block')).toBe(true);
    store.getState().dismissImport();
    expect(store.getState().importPhase.name).toBe('idle');
  });

  it('refuses to apply a preview with errors', async () => {
    const { api, store } = setup();
    await store.getState().importFiles([textFile('broken.json', 'nope')]);
    const phase = store.getState().importPhase;
    expect(phase.name === 'preview' && phase.preview.errors.length).toBe(1);
    await store.getState().applyImport();
    expect(store.getState().importPhase.name).toBe('preview');
    expect(api.calls.filter((call) => call.channel === 'applyImport')).toEqual([]);
  });

  it('cancelled while previewing: the late preview is ignored and forgotten in main', async () => {
    const { api, store } = setup();
    const answer = deferred<ApiResponse<ImportPreview | PythonConfirmationRequest>>();
    const preview = api.previewImport;
    api.previewImport = async (args) => {
      const response = await preview(args);
      answer.resolve(response);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return response;
    };
    const running = store.getState().importFiles([jsonFile('new.json', newType())]);
    await answer.promise;
    expect(store.getState().importPhase.name).toBe('previewing');
    await store.getState().cancelImport();
    expect(store.getState().importPhase.name).toBe('idle');
    await running;
    expect(store.getState().importPhase.name).toBe('idle');
    const response = await answer.promise;
    expect(api.calls.filter((call) => call.channel === 'cancelImport').map((call) => call.args)).toEqual([{ preview_id: response.ok && !('kind' in response.value) ? response.value.id : '' }]);
  });

  it('cancelled while reading: stops before the next file and never previews', async () => {
    const { api, store } = setup();
    const first = jsonFile('a.json', newType());
    const gate = deferred<ArrayBuffer>();
    first.arrayBuffer = () => gate.promise;
    const running = store.getState().importFiles([first, jsonFile('b.json', newType())]);
    expect(store.getState().importPhase).toMatchObject({ name: 'reading', progress: { index: 1, count: 2, name: 'a.json' } });
    await store.getState().cancelImport();
    gate.resolve(new ArrayBuffer(2));
    await running;
    expect(store.getState().importPhase.name).toBe('idle');
    expect(api.calls.filter((call) => call.channel === 'previewImport')).toEqual([]);
  });

  it('takes no new files while busy', async () => {
    const { api, store } = setup();
    const running = store.getState().importFiles([jsonFile('a.json', newType())]);
    await store.getState().importFiles([jsonFile('b.json', newType())]);
    await running;
    const calls = api.calls.filter((call) => call.channel === 'previewImport').map((call) => (call.args as { files: ImportFile[] }).files.map((file) => file.name));
    expect(calls).toEqual([['a.json']]);
  });

  it('turns an unreadable file into an error naming it', async () => {
    const { api, store } = setup();
    const folder = jsonFile('folder', newType());
    folder.arrayBuffer = () => Promise.reject(new DOMException('A requested file or directory could not be found.', 'NotFoundError'));
    await store.getState().importFiles([folder]);
    const phase = store.getState().importPhase;
    expect(phase.name).toBe('error');
    if (phase.name !== 'error') return;
    expect(phase.error.issues).toEqual([{ file: 'folder', message: 'the file cannot be read (A requested file or directory could not be found.).' }]);
    expect(api.calls.filter((call) => call.channel === 'previewImport')).toEqual([]);
  });
});

describe('reading files', () => {
  it('refuses files over the limit, and too many files, before reading', () => {
    expect(refuseBeforeReading([jsonFile('ok.json', newType()), oversizeFile('big.json')])).toEqual([{ file: 'big.json', message: 'the file is 52428801 bytes, over the 50 MB limit.' }]);
    const many = Array.from({ length: 101 }, (_, index) => textFile(`${index}.json`, '{}'));
    expect(refuseBeforeReading(many)).toEqual([{ message: '101 files: at most 100 files at once.' }]);
    expect(refuseBeforeReading([textFile('a.json', '{}')])).toEqual([]);
  });

  it('reads each file in order, reporting each start and a large file’s progress to the end', async () => {
    const large = new Uint8Array(LARGE_FILE_BYTES + 10).fill(65);
    const files = [textFile('small.json', '{"a": 1}'), new File([large], 'large.json')];
    const progress: ReadProgress[] = [];
    const read = await readFiles(files, (step) => progress.push(step));
    expect(read?.map((file) => [file.name, file.bytes.length])).toEqual([
      ['small.json', 8],
      ['large.json', LARGE_FILE_BYTES + 10],
    ]);
    expect(read?.[1]?.bytes.every((byte) => byte === 65)).toBe(true);
    expect(progress[0]).toEqual({ index: 1, count: 2, name: 'small.json', size: 8, loaded: 0 });
    expect(progress[1]).toEqual({ index: 2, count: 2, name: 'large.json', size: LARGE_FILE_BYTES + 10, loaded: 0 });
    expect(progress[progress.length - 1]).toEqual({ index: 2, count: 2, name: 'large.json', size: LARGE_FILE_BYTES + 10, loaded: LARGE_FILE_BYTES + 10 });
  });

  it('stops when no longer wanted', async () => {
    let wanted = true;
    const read = await readFiles(
      [textFile('a.json', '{}'), textFile('b.json', '{}')],
      () => {
        wanted = false;
      },
      () => wanted,
    );
    expect(read).toBeNull();
  });
});
