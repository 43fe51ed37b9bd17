// Python files in the window (docs/decisions/python-consent.md) against real Prefect 3.9.1 (the pinned venv's python), through
// the real IPC handlers: a dropped `.py` file is run only once confirmed, then previews and
// registers every block with the checksum Prefect itself computes (from a separate Prefect
// process, python/block_reference.py); Cancel kills a real Python run with everything it started;
// the probe finds Prefect; `.py` files in the auto-register folder register at launch only when
// the setting is on. The same with stand-in interpreters: test/integration/python-window.test.ts.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/ipc/handlers';
import { PREVIEW_CANCELLED } from '../../src/main/operations/import';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { PYTHON_SETTINGS_FILE } from '../../src/main/python/preferences';
import { readBlockSchemaByChecksum } from '../../src/main/registry/block-schemas';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import type { ImportPreview } from '../../src/shared/import-preview';
import { isJsonObject, parseJson } from '../../src/shared/json';
import type { PythonConfirmationRequest, PythonProbe } from '../../src/shared/python';
import type { RegistrationReport } from '../../src/shared/report';
import { recordingHandlers, type RecordingHandlers } from '../helpers/handlers';
import { processesWith } from '../helpers/processes';
import { PYTHON_DIR, prefectPython, runPython } from './python';
import { useTempFolder } from '../helpers/registry';

const MANY_BLOCKS = join(PYTHON_DIR, 'block_files', 'many_blocks.py');
const folder = useTempFolder('python-window');

/** Prefect's own slug and checksum of each named class of the file, from a process of its own. */
async function prefectChecksums(file: string, classes: string[]): Promise<Map<string, string>> {
  const { stdout } = await runPython([join(PYTHON_DIR, 'block_reference.py'), '--file', file, ...classes]);
  const parsed = parseJson(stdout);
  if (!Array.isArray(parsed)) throw new Error(`unexpected reference output: ${stdout.slice(0, 200)}`);
  return new Map(parsed.filter(isJsonObject).map((item) => [String((item.block_type as { slug: string }).slug), String(item.checksum)]));
}

describe('a dropped .py file in the window, with real Prefect', () => {
  let launched: LaunchedRegistry;
  let ipc: RecordingHandlers;
  const bytes = readFileSync(MANY_BLOCKS);
  const files = [{ name: 'many_blocks.py', bytes }];

  beforeAll(async () => {
    launched = await launchRegistry(join(folder, 'drop'));
    ipc = recordingHandlers(launched);
    await ipc.call('savePythonSettings', { interpreter_path: prefectPython(), run_at_launch: false });
  });
  afterAll(() => launched.registry.close());

  it('the probe finds the interpreter of the setting, its Python and Prefect 3.9.1', async () => {
    const probe = await ipc.call<PythonProbe>('probePython', { interpreter_path: prefectPython() });
    expect(probe).toMatchObject({ ok: true, interpreter: { path: prefectPython(), origin: 'setting' }, prefect_version: '3.9.1' });
    expect(probe.python_version).toMatch(/^3\.\d+\.\d+$/);
  });

  it('asks first (nothing runs), then previews what Prefect reports once confirmed, and registers it', async () => {
    const asked = await ipc.call<PythonConfirmationRequest>('previewImport', { files });
    expect(asked).toEqual({ kind: 'needs_confirmation', python_files: ['many_blocks.py'], interpreter: { path: prefectPython(), origin: 'setting' }, files_id: expect.any(String) });
    const preview = await ipc.call<ImportPreview>('previewImport', { files, run_python: ['many_blocks.py'], python_interpreter: prefectPython(), request_id: randomUUID() });
    expect(preview.errors).toEqual([]);
    expect(preview.files).toEqual([
      {
        name: 'many_blocks.py',
        format: 'python',
        format_label: expect.any(String) as string,
        block_types: 3,
        python: { path: prefectPython(), origin: 'setting', python_version: expect.stringMatching(/^3\.\d+\.\d+$/) as string, prefect_version: '3.9.1' },
      },
    ]);
    // Prefect's order, nested blocks first; every checksum the one Prefect computes for the class.
    expect(preview.block_types.map((type) => [type.slug, type.outcome])).toEqual([
      ['my-custom-credentials', 'new'],
      ['leaf', 'new'],
      ['block-holder', 'new'],
    ]);
    const prefect = await prefectChecksums(MANY_BLOCKS, ['Leaf', 'Credentials', 'Holder']);
    for (const type of preview.block_types)
      expect(
        type.schemas.map((schema) => schema.checksum),
        type.slug,
      ).toEqual([prefect.get(type.slug)]);

    const report = await ipc.call<RegistrationReport>('applyImport', { preview_id: preview.id });
    expect(report.totals.created).toBe(3);
    await launched.registry.refresh();
    for (const [slug, checksum] of prefect) {
      const type = await readBlockTypeBySlug(launched.registry.db, slug);
      expect(type, slug).not.toBeNull();
      const schema = await readBlockSchemaByChecksum(launched.registry.db, checksum);
      expect(schema?.block_type_id, slug).toBe(type?.id);
    }
  });

  it('Cancel kills a running Python with everything it started; nothing is written', async () => {
    const tag = `block-registry-window-cancel-${randomUUID()}`;
    const started = join(folder, `started-${randomUUID()}`);
    // A block file that starts a child (tagged) and never finishes loading.
    const never = [
      'import pathlib, subprocess, sys, time',
      `subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)  # ${tag}"])`,
      `pathlib.Path(${JSON.stringify(started)}).touch()`,
      'time.sleep(600)',
    ].join('\n');
    const slow = [{ name: 'never_ends.py', bytes: new TextEncoder().encode(never) }];
    const before = readFileSync(launched.registry.path);
    const request_id = randomUUID();
    const answer = dispatch(ipc.handlers, 'previewImport', { files: slow, run_python: ['never_ends.py'], python_interpreter: prefectPython(), request_id });
    await expect.poll(() => existsSync(started), { timeout: 60_000 }).toBe(true);
    expect(processesWith(tag)).not.toEqual([]);
    await ipc.call('cancelPreviewImport', { request_id });
    const response = await answer;
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error).toMatchObject({ code: 'python', message: PREVIEW_CANCELLED });
    await expect.poll(() => processesWith(tag), { timeout: 10_000 }).toEqual([]);
    expect(readFileSync(launched.registry.path).equals(before)).toBe(true);
  });
});

describe('.py files in the auto-register folder at launch, with real Prefect', () => {
  it('are skipped unread while the setting is off; registered as Prefect reports them when it is on', async () => {
    const userData = join(folder, 'launch');
    const autoRegister = join(userData, 'auto-register');
    mkdirSync(autoRegister, { recursive: true });
    writeFileSync(join(autoRegister, 'many_blocks.py'), readFileSync(MANY_BLOCKS));
    writeFileSync(join(userData, PYTHON_SETTINGS_FILE), JSON.stringify({ interpreter_path: prefectPython(), run_at_launch: false }));
    const source = (report: RegistrationReport) => report.sources.find((item) => item.name === 'auto-register/many_blocks.py');

    const off = await launchRegistry(userData);
    try {
      expect(source(off.report)?.status).toBe('skipped');
      expect(source(off.report)?.skipped_because).toContain('run only when');
      expect(await readBlockTypeBySlug(off.registry.db, 'leaf')).toBeNull();
    } finally {
      await off.registry.close();
    }

    writeFileSync(join(userData, PYTHON_SETTINGS_FILE), JSON.stringify({ interpreter_path: prefectPython(), run_at_launch: true }));
    const on = await launchRegistry(userData);
    try {
      expect(source(on.report)).toMatchObject({ status: 'registered', errors: [], counts: { created: 3 } });
      const prefect = await prefectChecksums(MANY_BLOCKS, ['Leaf', 'Credentials', 'Holder']);
      for (const [slug, checksum] of prefect) {
        const type = await readBlockTypeBySlug(on.registry.db, slug);
        const schemas = await on.registry.db
          .selectFrom('block_schema')
          .select('checksum')
          .where('block_type_id', '=', type?.id ?? '')
          .execute();
        expect(
          schemas.map((row) => row.checksum),
          slug,
        ).toEqual([checksum]);
      }
    } finally {
      await on.registry.close();
    }
  });

  it('are registered again when a module they import from beside them changes, and only then', async () => {
    const userData = join(folder, 'launch-modules');
    const autoRegister = join(userData, 'auto-register');
    mkdirSync(join(autoRegister, 'greeting_defaults'), { recursive: true });
    writeFileSync(join(autoRegister, 'greeter.py'), 'from prefect.blocks.core import Block\nfrom greeting_defaults.values import GREETING\n\n\nclass Greeter(Block):\n    greeting: str = GREETING\n');
    writeFileSync(join(autoRegister, 'greeting_defaults', '__init__.py'), '');
    const values = join(autoRegister, 'greeting_defaults', 'values.py');
    writeFileSync(values, 'GREETING = "hello"\n');
    writeFileSync(join(userData, PYTHON_SETTINGS_FILE), JSON.stringify({ interpreter_path: prefectPython(), run_at_launch: true }));
    const launchOnce = async (): Promise<{ status: string | undefined; defaults: unknown[] }> => {
      const launched = await launchRegistry(userData);
      try {
        const status = launched.report.sources.find((item) => item.name === 'auto-register/greeter.py')?.status;
        const rows = await launched.registry.db
          .selectFrom('block_schema')
          .innerJoin('block_type', 'block_type.id', 'block_schema.block_type_id')
          .select('fields')
          .where('slug', '=', 'greeter')
          .orderBy('block_schema.created')
          .execute();
        const defaults = rows.map((row) => {
          const fields = parseJson(row.fields);
          return isJsonObject(fields) && isJsonObject(fields.properties) && isJsonObject(fields.properties.greeting) ? fields.properties.greeting.default : undefined;
        });
        return { status, defaults };
      } finally {
        await launched.registry.close();
      }
    };

    expect(await launchOnce()).toEqual({ status: 'registered', defaults: ['hello'] });
    expect((await launchOnce()).status).toBe('skipped');
    writeFileSync(values, 'GREETING = "howdy"\n');
    expect(await launchOnce()).toEqual({ status: 'registered', defaults: ['hello', 'howdy'] });
  });
});
