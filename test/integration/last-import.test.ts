// The last import's report survives a restart: applying an import through the IPC handlers keeps
// its report beside the database, and a new main (new handlers on the reopened file) answers it.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { lastImportPath } from '../../src/main/operations/last-import';
import type { ImportPreview } from '../../src/shared/import-preview';
import { stringifyJson, type JsonObject } from '../../src/shared/json';
import type { RegistrationReport } from '../../src/shared/report';
import { cliWithEnv } from '../helpers/cli';
import { recordingHandlers } from '../helpers/handlers';
import { blockEntry, useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();
let folder: string;
let launched: LaunchedRegistry;

beforeEach(async () => {
  folder = temp.dir();
  launched = await launchRegistry(folder);
});
afterEach(async () => {
  await launched.registry.close();
});

function file(name: string, value: JsonObject) {
  return { name, bytes: new TextEncoder().encode(stringifyJson(value, 2)) };
}

describe('getLastImport', () => {
  it('is null before any import, and after a cancelled one', async () => {
    const ipc = recordingHandlers(launched);
    expect(await ipc.call<RegistrationReport | null>('getLastImport')).toBeNull();
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('one.json', blockEntry('Kept Nowhere', 'kept-nowhere', {}))] });
    await ipc.call<null>('cancelImport', { preview_id: preview.id });
    expect(await ipc.call<RegistrationReport | null>('getLastImport')).toBeNull();
    expect(existsSync(lastImportPath(launched.registry.filePath))).toBe(false);
  });

  it('answers the applied import, and still does after a restart', async () => {
    const ipc = recordingHandlers(launched);
    const preview = await ipc.call<ImportPreview>('previewImport', { files: [file('kept.json', blockEntry('Kept Import', 'kept-import', {}))] });
    const applied = await ipc.call<RegistrationReport>('applyImport', { preview_id: preview.id });
    expect(applied.sources[0]?.block_types.map((type) => [type.slug, type.outcome])).toEqual([['kept-import', 'created']]);
    expect(await ipc.call<RegistrationReport | null>('getLastImport')).toEqual(applied);

    // Restart: close the database, launch again on the same folder, new handlers.
    await launched.registry.close();
    launched = await launchRegistry(folder);
    const restarted = recordingHandlers(launched);
    expect(await restarted.call<RegistrationReport | null>('getLastImport')).toEqual(applied);
  });

  it('answers null for a file it did not write, instead of failing', async () => {
    const ipc = recordingHandlers(launched);
    writeFileSync(lastImportPath(launched.registry.filePath), '{"started_at": 1}');
    expect(await ipc.call<RegistrationReport | null>('getLastImport')).toBeNull();
    writeFileSync(lastImportPath(launched.registry.filePath), 'not json');
    expect(await ipc.call<RegistrationReport | null>('getLastImport')).toBeNull();
  });

  it('answers an import made on the command line, once the window opens the database', async () => {
    const path = join(folder, 'from-cli.json');
    writeFileSync(path, stringifyJson(blockEntry('From The Command Line', 'from-the-command-line', {}), 2));
    // The window is closed while the command line imports, as a user would do it.
    await launched.registry.close();
    const dryRun = await cliWithEnv({ BLOCK_REGISTRY_DB: launched.registry.path }, 'import', path, '--dry-run');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(existsSync(lastImportPath(launched.registry.filePath))).toBe(false);
    const imported = await cliWithEnv({ BLOCK_REGISTRY_DB: launched.registry.path }, 'import', path, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const report = JSON.parse(imported.stdout) as RegistrationReport;

    launched = await launchRegistry(folder);
    const ipc = recordingHandlers(launched);
    const shown = await ipc.call<RegistrationReport | null>('getLastImport');
    expect(shown).toEqual(report);
    expect(shown?.sources[0]?.block_types.map((type) => [type.slug, type.outcome])).toEqual([['from-the-command-line', 'created']]);
  });
});
