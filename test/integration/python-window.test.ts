// The window's half of issue 12 with stand-in interpreters (shell scripts), so that what is ours
// is tested without Python: a dropped `.py` file runs only once the person confirmed it with the
// interpreter they were shown, Cancel kills the run with everything it started, the Python
// settings are kept in the user-data folder, the probe says what it found, and `.py` files in the
// auto-register folder run at launch only when the setting is on. The same with real Prefect:
// test/prefect/python-window.test.ts.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/ipc/handlers';
import { PREVIEW_CANCELLED } from '../../src/main/ipc/handlers/import';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { PYTHON_SETTINGS_FILE } from '../../src/main/python/preferences';
import { AUTO_REGISTER_PYTHON_REFUSAL } from '../../src/main/sources/folder';
import type { ApiResponse } from '../../src/shared/contract';
import type { ImportPreview } from '../../src/shared/import-preview';
import type { PythonConfirmationRequest, PythonPreferences, PythonProbe } from '../../src/shared/python';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { processesWith } from '../helpers/processes';
import { blockEntry } from '../helpers/registry';

// Folders shared by the tests of a describe block: removed at the end, not after each test.
const dirs: string[] = [];
const temp = {
  dir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'block-registry-python-window-'));
    dirs.push(dir);
    return dir;
  },
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const encoder = new TextEncoder();
const file = (name: string, text: string): { name: string; bytes: Uint8Array } => ({ name, bytes: encoder.encode(text) });
const JSON_ENTRY = JSON.stringify(blockEntry('Beside Python', 'beside-python'));

/** A stand-in `python` in `folder` that ignores its arguments and runs `body` (sh). */
function fakePython(folder: string, body: string): string {
  const path = join(folder, `fake-python-${randomUUID()}`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('the window runs a dropped .py file only after the person confirmed it', () => {
  let folder: string;
  let launched: LaunchedRegistry;
  let ipc: RecordingHandlers;
  let marker: string;
  let python: string;

  beforeAll(async () => {
    folder = temp.dir();
    launched = await launchRegistry(folder);
    ipc = recordingHandlers(launched);
    marker = join(folder, 'ran');
    // It leaves a mark when run, and says nothing Prefect would.
    python = fakePython(folder, `touch '${marker}'\nexit 3`);
    await ipc.call('savePythonSettings', { interpreter_path: python, run_at_launch: false });
  });
  afterAll(() => launched.registry.close());

  const dbBytes = (): Buffer => readFileSync(launched.registry.path);
  const files = [file('my_blocks.py', 'raise SystemExit("the stand-in never runs this")\n'), file('ok.json', JSON_ENTRY)];

  it('without confirmation nothing runs: the answer names the .py files and the interpreter', async () => {
    const before = dbBytes();
    const answer = await ipc.call<PythonConfirmationRequest>('previewImport', { files });
    expect(answer).toEqual({ kind: 'needs_confirmation', python_files: ['my_blocks.py'], interpreter: { path: python, origin: 'setting' } });
    expect(existsSync(marker)).toBe(false);
    expect(dbBytes().equals(before)).toBe(true);
  });

  it('confirming another file, or another interpreter, is no confirmation', async () => {
    expect((await ipc.call<PythonConfirmationRequest>('previewImport', { files, run_python: ['other.py'], python_interpreter: python })).kind).toBe('needs_confirmation');
    expect((await ipc.call<PythonConfirmationRequest>('previewImport', { files, run_python: ['my_blocks.py'] })).kind).toBe('needs_confirmation');
    const elsewhere = fakePython(folder, 'exit 0');
    expect((await ipc.call<PythonConfirmationRequest>('previewImport', { files, run_python: ['my_blocks.py'], python_interpreter: elsewhere })).kind).toBe('needs_confirmation');
    // Two files of which one is confirmed: still the question, listing both.
    const two = [...files, file('more.py', 'x = 1\n')];
    const answer = await ipc.call<PythonConfirmationRequest>('previewImport', { files: two, run_python: ['my_blocks.py'], python_interpreter: python });
    expect(answer.python_files).toEqual(['my_blocks.py', 'more.py']);
    expect(existsSync(marker)).toBe(false);
  });

  it('confirmed with the interpreter shown, it runs (this stand-in fails, and the preview says so)', async () => {
    const preview = await ipc.call<ImportPreview>('previewImport', { files, run_python: ['my_blocks.py'], python_interpreter: python });
    expect(existsSync(marker)).toBe(true);
    expect(preview.errors).toHaveLength(1);
    expect(preview.errors[0]?.file).toBe('my_blocks.py');
    expect(preview.errors[0]?.message).toContain('did not give the JSON document it promises');
  });

  it('JSON files alone never ask', async () => {
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('ok.json', JSON_ENTRY)] });
    expect(preview.errors).toEqual([]);
    expect(preview.counts.new).toBe(1);
  });

  it('with no interpreter to name, each .py file is refused unread, saying how to give one', async () => {
    const dir = temp.dir();
    const other = await launchRegistry(dir);
    try {
      const handlers = recordingHandlers(other);
      const saved = process.env;
      // Nothing to find: no setting, no BLOCK_REGISTRY_PYTHON, no virtual environment, an empty PATH.
      process.env = { HOME: saved.HOME, PATH: '' };
      let preview: ImportPreview;
      try {
        preview = await handlers.call<ImportPreview>('previewImport', { files });
      } finally {
        process.env = saved;
      }
      expect(preview.errors).toHaveLength(1);
      expect(preview.errors[0]).toMatchObject({ file: 'my_blocks.py', path: '$' });
      expect(preview.errors[0]?.message).toContain('No Python interpreter found');
    } finally {
      await other.registry.close();
    }
  });

  it('Cancel kills the run with every process it started, and the preview answers that it was cancelled', async () => {
    const started = join(folder, `started-${randomUUID()}`);
    const tag = `block-registry-cancel-${randomUUID()}`;
    // A run that starts a grandchild (tagged) and never finishes. The grandchild itself says it
    // started: the shell's own fork carries the tag only once it has become that command.
    const slow = fakePython(folder, `sh -c "touch '${started}'; sleep 600; echo ${tag}" &\nwait`);
    await ipc.call('savePythonSettings', { interpreter_path: slow, run_at_launch: false });
    try {
      const request_id = randomUUID();
      const before = dbBytes();
      const answer = dispatchPreview(ipc, { files, run_python: ['my_blocks.py'], python_interpreter: slow, request_id });
      await expect.poll(() => existsSync(started), { timeout: 30_000 }).toBe(true);
      expect(processesWith(tag)).not.toEqual([]);
      expect(await ipc.call('cancelPreviewImport', { request_id })).toBeNull();
      const response = await answer;
      expect(response.ok).toBe(false);
      if (!response.ok) expect(response.error).toMatchObject({ code: 'python', message: PREVIEW_CANCELLED });
      await expect.poll(() => processesWith(tag), { timeout: 10_000 }).toEqual([]);
      expect(dbBytes().equals(before)).toBe(true);
    } finally {
      await ipc.call('savePythonSettings', { interpreter_path: python, run_at_launch: false });
    }
  });

  it('a Cancel that overtakes its preview still stops it: nothing runs', async () => {
    const request_id = randomUUID();
    const again = join(folder, 'ran-again');
    const marking = fakePython(folder, `touch '${again}'\nexit 3`);
    await ipc.call('savePythonSettings', { interpreter_path: marking, run_at_launch: false });
    try {
      await ipc.call('cancelPreviewImport', { request_id });
      const response = await dispatchPreview(ipc, { files, run_python: ['my_blocks.py'], python_interpreter: marking, request_id });
      expect(response.ok).toBe(false);
      expect(existsSync(again)).toBe(false);
    } finally {
      await ipc.call('savePythonSettings', { interpreter_path: python, run_at_launch: false });
    }
  });
});

/** The preview's response as it is, failed or not (the call is awaited later, or fails on purpose). */
function dispatchPreview(ipc: RecordingHandlers, args: unknown): Promise<ApiResponse<unknown>> {
  return dispatch(ipc.handlers, 'previewImport', args);
}

describe('Python settings', () => {
  let launched: LaunchedRegistry;
  let ipc: RecordingHandlers;
  let folder: string;
  beforeAll(async () => {
    folder = temp.dir();
    launched = await launchRegistry(folder);
    ipc = recordingHandlers(launched);
  });
  afterAll(() => launched.registry.close());

  it('default to automatic and off, and are kept in the user-data folder (JSON) once saved', async () => {
    expect(await ipc.call<PythonPreferences>('getPythonSettings')).toEqual({ interpreter_path: '', run_at_launch: false });
    const saved = await ipc.call<PythonPreferences>('savePythonSettings', { interpreter_path: '  /opt/python/bin/python3 ', run_at_launch: true });
    expect(saved).toEqual({ interpreter_path: '/opt/python/bin/python3', run_at_launch: true });
    expect(JSON.parse(readFileSync(join(folder, PYTHON_SETTINGS_FILE), 'utf8'))).toEqual(saved);
    // Another app session (new handlers) reads the same.
    expect(await recordingHandlers(launched).call<PythonPreferences>('getPythonSettings')).toEqual(saved);
  });

  it('refuse a relative path and anything but the two settings', async () => {
    const relative = await ipc.callError('savePythonSettings', { interpreter_path: 'venv/bin/python', run_at_launch: false });
    expect(relative.code).toBe('invalid_input');
    expect(relative.issues[0]?.path).toBe('interpreter_path');
    expect((await ipc.callError('savePythonSettings', { interpreter_path: '', run_at_launch: 'yes' })).code).toBe('invalid_input');
    expect((await ipc.callError('savePythonSettings', { interpreter_path: '', run_at_launch: false, extra: 1 })).code).toBe('invalid_input');
    // A bare name is looked up on PATH, as the shell would.
    expect(await ipc.call<PythonPreferences>('savePythonSettings', { interpreter_path: 'python3.12', run_at_launch: false })).toEqual({ interpreter_path: 'python3.12', run_at_launch: false });
  });

  it('a damaged settings file means the defaults (never running code at launch), until saved again', async () => {
    writeFileSync(join(folder, PYTHON_SETTINGS_FILE), '{"interpreter_path": "/x", "run_at_launch": tru');
    expect(await ipc.call<PythonPreferences>('getPythonSettings')).toEqual({ interpreter_path: '', run_at_launch: false });
  });

  it('probePython says which interpreter it found and its Python and Prefect versions', async () => {
    const good = fakePython(folder, `echo 'noise from a sitecustomize'\necho '{"python": "3.12.1", "prefect": "3.9.1", "error": null}'`);
    const probe = await ipc.call<PythonProbe>('probePython', { interpreter_path: good });
    expect(probe).toEqual({
      ok: true,
      interpreter: { path: good, origin: 'setting' },
      python_version: '3.12.1',
      prefect_version: '3.9.1',
      message: `${good} (from --python): Python 3.12.1, Prefect 3.9.1.`,
    });
  });

  it('probePython says plainly when the interpreter has no Prefect: which one, and pip install prefect', async () => {
    const bare = fakePython(folder, `echo '{"python": "3.11.7", "prefect": null, "error": "ModuleNotFoundError: No module named prefect"}'`);
    const probe = await ipc.call<PythonProbe>('probePython', { interpreter_path: bare });
    expect(probe.ok).toBe(false);
    expect(probe.python_version).toBe('3.11.7');
    expect(probe.message).toContain(`${bare} (from --python) (Python 3.11.7) has no prefect`);
    expect(probe.message).toContain(`pip install prefect (into that interpreter: ${bare} -m pip install prefect)`);
  });

  it('probePython of a path that is not there, or not Python', async () => {
    const missing = join(folder, 'no-such-python');
    const gone = await ipc.call<PythonProbe>('probePython', { interpreter_path: missing });
    expect(gone).toMatchObject({ ok: false, interpreter: { path: missing, origin: 'setting' } });
    expect(gone.message).toContain(`Cannot run ${missing}`);
    const notPython = await ipc.call<PythonProbe>('probePython', { interpreter_path: fakePython(folder, 'echo hello; exit 2') });
    expect(notPython.ok).toBe(false);
    expect(notPython.message).toContain('did not run as Python (exit code 2)');
  });
});

describe('.py files in the auto-register folder at launch', () => {
  it('are skipped unread, saying why, while the setting is off; run when it is on', async () => {
    const dir = temp.dir();
    const folder = join(dir, 'auto-register');
    mkdirSync(folder);
    const marker = join(dir, 'ran');
    writeFileSync(join(folder, 'my_blocks.py'), 'x = 1\n');
    const python = fakePython(dir, `touch '${marker}'\nexit 3`);
    writeFileSync(join(dir, PYTHON_SETTINGS_FILE), JSON.stringify({ interpreter_path: python, run_at_launch: false }));

    const off = await launchRegistry(dir);
    await off.registry.close();
    const skipped = off.report.sources.find((source) => source.name === 'auto-register/my_blocks.py');
    expect(skipped).toMatchObject({ status: 'skipped', skipped_because: AUTO_REGISTER_PYTHON_REFUSAL, errors: [] });
    expect(existsSync(marker)).toBe(false);

    writeFileSync(join(dir, PYTHON_SETTINGS_FILE), JSON.stringify({ interpreter_path: python, run_at_launch: true }));
    const on = await launchRegistry(dir);
    await on.registry.close();
    expect(existsSync(marker)).toBe(true);
    // This stand-in fails: reported like any other source that fails, the launch going on.
    const failed = on.report.sources.find((source) => source.name === 'auto-register/my_blocks.py');
    expect(failed?.status).toBe('failed');
    expect(failed?.skipped_because).toBeUndefined();
    expect(failed?.errors[0]?.message).toContain('did not give the JSON document it promises');
  });
});
