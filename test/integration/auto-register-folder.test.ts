// The auto-register folder: every file in `<folder of the database>/auto-register/` is registered
// at launch after Prefect's bundled sources, each file a source of its own.
import { mkdirSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchRegistry, type LaunchedRegistry } from '../../src/main/operations/launch';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import { readCatalogue } from '../../src/main/registry/catalogue';
import { AUTO_REGISTER_FOLDER, AUTO_REGISTER_PYTHON_REFUSAL } from '../../src/main/sources/folder';
import { EXPECTED_FORMATS, MAX_FILE_BYTES } from '../../src/shared/formats';
import { stringifyJson, type JsonValue } from '../../src/shared/json';
import type { RegistrationReport, SourceReport } from '../../src/shared/report';
import { cli, cliWithEnv } from '../helpers/cli';
import { asObject, blockEntry, clone, countRows, fieldsFor, json, loadCatalogue, useTempWorkspace } from '../helpers/registry';
import { located } from '../helpers/issues';

const temp = useTempWorkspace();

const launchedRegistries: LaunchedRegistry[] = [];
afterEach(async () => {
  for (const launched of launchedRegistries.splice(0)) await launched.registry.close();
});

async function launch(userDataDir: string): Promise<LaunchedRegistry> {
  const launched = await launchRegistry(userDataDir);
  launchedRegistries.push(launched);
  return launched;
}

/** Launches, then closes right away: the report of a launch as the app starts up. */
async function launchOnce(userDataDir: string): Promise<RegistrationReport> {
  const launched = await launchRegistry(userDataDir);
  await launched.registry.close();
  return launched.report;
}

function folderOf(userDataDir: string): string {
  const folder = join(userDataDir, AUTO_REGISTER_FOLDER);
  mkdirSync(folder, { recursive: true });
  return folder;
}

function put(folder: string, name: string, value: JsonValue | string | Uint8Array): void {
  writeFileSync(join(folder, name), typeof value === 'string' || value instanceof Uint8Array ? value : stringifyJson(value, 2));
}

function statuses(report: RegistrationReport): Array<[string, string, string]> {
  return report.sources.map((source) => [source.name, source.kind, source.status]);
}

function source(report: RegistrationReport, name: string): SourceReport {
  const found = report.sources.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no source ${name} in the report`);
  return found;
}

const BUNDLED_REGISTERED: Array<[string, string, string]> = [
  ['system', 'system', 'registered'],
  ['built-in', 'built-in', 'registered'],
  ['catalogue', 'catalogue', 'registered'],
];
const BUNDLED_SKIPPED: Array<[string, string, string]> = [
  ['system', 'system', 'skipped'],
  ['built-in', 'built-in', 'skipped'],
  ['catalogue', 'catalogue', 'skipped'],
];

describe('the auto-register folder at launch', () => {
  it('registers each file as its own folder source, after the bundled ones, files sorted by name', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    const github = loadCatalogue().find((e) => e.slug === 'github-credentials');
    if (github === undefined) throw new Error('github-credentials missing');
    // Nests a catalogue type: works because the bundled sources register first.
    const nesting = fieldsFor('UsesGitHub', 'uses-github', {
      block_schema_references: { creds: { block_type_slug: 'github-credentials', block_schema_checksum: github.checksum } },
      definitions: { [String(github.fields.title)]: github.fields },
    });
    asObject(nesting.properties).creds = json(`{"$ref": "#/definitions/${String(github.fields.title)}"}`);
    put(folder, 'b.json', [blockEntry('Folder B', 'folder-b'), blockEntry('Uses GitHub', 'uses-github', { description: 'Nests GitHub credentials.', fields: nesting })]);
    put(folder, 'a.json', { collections: { 'my-blocks': { block_types: { 'folder-a': blockEntry('Folder A', 'folder-a') } } } });
    put(folder, 'C.json', blockEntry('Folder C', 'folder-c'));
    put(folder, 'notes.txt', blockEntry('Folder Text', 'folder-text'));
    const s3 = clone(loadCatalogue().find((e) => e.slug === 's3-bucket')?.blockType ?? {});
    s3.description = 'Described by the auto-register folder.';
    put(folder, 'z-override.json', [s3]);

    const launched = await launch(dir);
    expect(statuses(launched.report)).toEqual([
      ...BUNDLED_REGISTERED,
      ['auto-register/C.json', 'folder', 'registered'],
      ['auto-register/a.json', 'folder', 'registered'],
      ['auto-register/b.json', 'folder', 'registered'],
      ['auto-register/notes.txt', 'folder', 'registered'],
      ['auto-register/z-override.json', 'folder', 'registered'],
    ]);
    expect(source(launched.report, 'auto-register/b.json').counts).toEqual({ created: 2, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 2, schemas_existing: 0 });
    expect(source(launched.report, 'auto-register/b.json').errors).toEqual([]);
    expect(source(launched.report, 'auto-register/z-override.json').block_types).toEqual([
      { slug: 's3-bucket', name: 'S3 Bucket', outcome: 'updated', changed_fields: ['description'], schemas_created: 0, schemas_existing: 1 },
    ]);
    expect(launched.report.totals).toEqual({ created: 59, updated: 1, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 59, schemas_existing: 1 });

    const db = launched.registry.db;
    expect(await countRows(db, 'block_type')).toBe(59);
    const catalogue = await readCatalogue(db);
    const collectionOf = (slug: string) => catalogue.find((item) => item.block_type.slug === slug)?.collection;
    expect(['folder-a', 'folder-b', 'folder-c', 'folder-text', 'uses-github', 's3-bucket'].map(collectionOf)).toEqual([
      'my-blocks',
      'imported',
      'imported',
      'imported',
      'imported',
      // Re-registered from a file that names no collection: it keeps the catalogue's.
      'prefect-aws',
    ]);
    expect((await readBlockTypeBySlug(db, 's3-bucket'))?.description).toBe('Described by the auto-register folder.');
  });

  it('no folder, or an empty one: only the three bundled sources', async () => {
    const dir = temp.dir();
    expect(statuses(await launchOnce(dir))).toEqual(BUNDLED_REGISTERED);
    folderOf(dir);
    expect(statuses(await launchOnce(dir))).toEqual(BUNDLED_SKIPPED);
  });

  it('bad files are reported failed with a clear message; the other files still register; launch does not throw', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    put(folder, 'a-good.json', blockEntry('Good Before', 'good-before'));
    put(folder, 'b-broken.json', '{"name": "Broken", ');
    put(folder, 'c-binary.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    put(folder, 'd-empty.json', '');
    put(folder, 'e-python.py', 'from prefect.blocks.core import Block\n\nclass MyBlock(Block):\n    x: str\n');
    put(folder, 'f-invalid.json', [blockEntry('Bad/Name', 'bad-name')]);
    put(folder, 'g-good.json', blockEntry('Good After', 'good-after'));

    const launched = await launch(dir);
    expect(statuses(launched.report)).toEqual([
      ...BUNDLED_REGISTERED,
      ['auto-register/a-good.json', 'folder', 'registered'],
      ['auto-register/b-broken.json', 'folder', 'failed'],
      ['auto-register/c-binary.png', 'folder', 'failed'],
      ['auto-register/d-empty.json', 'folder', 'failed'],
      ['auto-register/e-python.py', 'folder', 'skipped'],
      ['auto-register/f-invalid.json', 'folder', 'failed'],
      ['auto-register/g-good.json', 'folder', 'registered'],
    ]);
    expect(source(launched.report, 'auto-register/b-broken.json').errors).toEqual([
      { file: 'auto-register/b-broken.json', path: '$', message: `not JSON (Invalid JSON at line 1, column 20: Object key expected, found end of input). Expected ${EXPECTED_FORMATS}.` },
    ]);
    expect(source(launched.report, 'auto-register/c-binary.png').errors).toEqual([
      { file: 'auto-register/c-binary.png', path: '$', message: `this is a binary file, not JSON. Expected ${EXPECTED_FORMATS}.` },
    ]);
    expect(source(launched.report, 'auto-register/d-empty.json').errors).toEqual([{ file: 'auto-register/d-empty.json', path: '$', message: `the file is empty. Expected ${EXPECTED_FORMATS}.` }]);
    // Launch never runs user code unless the Python settings allow it: a .py file is skipped unread, saying why (docs/decisions/python-consent.md).
    expect(source(launched.report, 'auto-register/e-python.py').skipped_because).toBe(AUTO_REGISTER_PYTHON_REFUSAL);
    expect(source(launched.report, 'auto-register/e-python.py').content_hash).toBeNull();
    expect(located(source(launched.report, 'auto-register/f-invalid.json').errors)).toEqual([
      { file: 'auto-register/f-invalid.json', path: '[0].name', message: 'Block type name must not be empty nor contain any of / % & > <' },
    ]);
    for (const name of ['b-broken.json', 'c-binary.png', 'd-empty.json', 'e-python.py', 'f-invalid.json']) {
      expect(source(launched.report, `auto-register/${name}`).counts.created).toBe(0);
    }
    expect(launched.report.totals.created).toBe(56);
    expect(await readBlockTypeBySlug(launched.registry.db, 'good-before')).not.toBeNull();
    expect(await readBlockTypeBySlug(launched.registry.db, 'good-after')).not.toBeNull();
    expect(await readBlockTypeBySlug(launched.registry.db, 'bad-name')).toBeNull();
  });

  // A readText failure is reported as the RegistryError's own issue (file, path '$', bare
  // message), so the formatted issue names the file once: `auto-register/image.png: $: …`.
  it("an unreadable (binary) file's issue names the file once, like the other failures", async () => {
    const dir = temp.dir();
    put(folderOf(dir), 'image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    const report = await launchOnce(dir);
    expect(source(report, 'auto-register/image.png').errors).toEqual([{ file: 'auto-register/image.png', path: '$', message: `this is a binary file, not JSON. Expected ${EXPECTED_FORMATS}.` }]);
  });

  it('a file over the size limit is refused before it is read, its issue naming the file once', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    put(folder, 'huge.json', '');
    // A sparse file: over the limit on disk without writing 50 MB.
    truncateSync(join(folder, 'huge.json'), MAX_FILE_BYTES + 1);
    put(folder, 'small.json', blockEntry('Small', 'small'));
    const report = await launchOnce(dir);
    expect(source(report, 'auto-register/huge.json').status).toBe('failed');
    expect(source(report, 'auto-register/huge.json').errors).toEqual([{ file: 'auto-register/huge.json', path: '$', message: `the file is ${MAX_FILE_BYTES + 1} bytes, over the 50 MB limit.` }]);
    expect(source(report, 'auto-register/small.json').status).toBe('registered');
  });

  it('an entry that cannot register fails alone: the rest of its file registers, and the file is retried next launch', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    const orphan = fieldsFor('Orphan', 'orphan', { block_schema_references: { child: { block_type_slug: 'ghost', block_schema_checksum: `sha256:${'0'.repeat(64)}` } } });
    put(folder, 'mixed.json', [blockEntry('Fine', 'fine'), blockEntry('Orphan', 'orphan', { description: 'Nests a ghost.', fields: orphan })]);
    const first = await launchOnce(dir);
    const mixed = source(first, 'auto-register/mixed.json');
    expect(mixed.status).toBe('registered');
    expect(mixed.counts).toEqual({ created: 1, updated: 0, new_versions: 0, unchanged: 0, failed: 1, schemas_created: 1, schemas_existing: 0 });
    expect(mixed.errors).toEqual([
      {
        file: 'auto-register/mixed.json',
        path: '[1].block_schema.fields.block_schema_references.child',
        message: "Cannot create block schema because block type 'ghost' was not found.Did you forget to register the block type?",
      },
    ]);
    const second = await launchOnce(dir);
    expect(source(second, 'auto-register/mixed.json').status).toBe('registered');
    expect(source(second, 'auto-register/mixed.json').counts).toMatchObject({ created: 0, unchanged: 1, failed: 1 });
  });

  it('a second launch skips unchanged files and writes nothing; a failed file is tried again', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    put(folder, 'one.json', blockEntry('One', 'one'));
    put(folder, 'two.json', [blockEntry('Two', 'two')]);
    put(folder, 'zz-bad.json', '[1, 2]');
    await launchOnce(dir);
    const dbPath = join(dir, 'block-registry.sqlite');
    const before = readFileSync(dbPath);
    // Touching a file without changing its content does not make it register again.
    utimesSync(join(folder, 'one.json'), new Date(), new Date(Date.now() + 60_000));
    const second = await launchOnce(dir);
    expect(statuses(second)).toEqual([
      ...BUNDLED_SKIPPED,
      ['auto-register/one.json', 'folder', 'skipped'],
      ['auto-register/two.json', 'folder', 'skipped'],
      ['auto-register/zz-bad.json', 'folder', 'failed'],
    ]);
    expect(source(second, 'auto-register/zz-bad.json').errors).toEqual([{ file: 'auto-register/zz-bad.json', path: '$', message: `JSON of another shape. Expected ${EXPECTED_FORMATS}.` }]);
    expect(second.totals).toEqual({ created: 0, updated: 0, new_versions: 0, unchanged: 0, failed: 0, schemas_created: 0, schemas_existing: 0 });
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('changing a file registers it again (only that file)', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    put(folder, 'one.json', blockEntry('One', 'one'));
    put(folder, 'two.json', blockEntry('Two', 'two'));
    await launchOnce(dir);
    put(folder, 'two.json', blockEntry('Two', 'two', { description: 'A new description.' }));
    const second = await launch(dir);
    expect(statuses(second.report)).toEqual([...BUNDLED_SKIPPED, ['auto-register/one.json', 'folder', 'skipped'], ['auto-register/two.json', 'folder', 'registered']]);
    expect(source(second.report, 'auto-register/two.json').block_types).toEqual([
      { slug: 'two', name: 'Two', outcome: 'updated', changed_fields: ['description'], schemas_created: 0, schemas_existing: 1 },
    ]);
    expect((await readBlockTypeBySlug(second.registry.db, 'two'))?.description).toBe('A new description.');
  });

  it('a file that was fixed registers at the next launch', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    put(folder, 'later.json', '{"name": "Later"');
    expect(source(await launchOnce(dir), 'auto-register/later.json').status).toBe('failed');
    put(folder, 'later.json', blockEntry('Later', 'later'));
    const fixed = await launch(dir);
    expect(source(fixed.report, 'auto-register/later.json')).toMatchObject({ status: 'registered', errors: [], counts: { created: 1 } });
    expect(await readBlockTypeBySlug(fixed.registry.db, 'later')).not.toBeNull();
  });

  it('hidden files and subfolders are ignored', async () => {
    const dir = temp.dir();
    const folder = folderOf(dir);
    put(folder, '.hidden.json', blockEntry('Hidden', 'hidden'));
    put(folder, '.DS_Store', new Uint8Array([0, 0, 0, 1]));
    mkdirSync(join(folder, 'sub'));
    put(join(folder, 'sub'), 'nested.json', blockEntry('Nested', 'nested'));
    mkdirSync(join(folder, 'dir.json'));
    put(folder, 'visible.json', blockEntry('Visible', 'visible'));
    const launched = await launch(dir);
    expect(statuses(launched.report)).toEqual([...BUNDLED_REGISTERED, ['auto-register/visible.json', 'folder', 'registered']]);
    expect(await readBlockTypeBySlug(launched.registry.db, 'hidden')).toBeNull();
    expect(await readBlockTypeBySlug(launched.registry.db, 'nested')).toBeNull();
    expect(await countRows(launched.registry.db, 'block_type')).toBe(55);
  });
});

describe('the command line registers the folder beside --db', () => {
  it('auto-register --db <path> registers <dir of path>/auto-register/', async () => {
    const dir = temp.dir();
    const dbPath = join(dir, 'custom-name.sqlite');
    put(folderOf(dir), 'mine.json', blockEntry('From CLI', 'from-cli'));
    const result = await cli('auto-register', '--json', '--db', dbPath);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RegistrationReport;
    expect(statuses(report)).toEqual([...BUNDLED_REGISTERED, ['auto-register/mine.json', 'folder', 'registered']]);
    expect(report.totals.created).toBe(55);

    const again = await cli('auto-register', '--db', dbPath);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('auto-register/mine.json: unchanged since it last registered (content hash matches), skipped.');

    const forced = JSON.parse((await cli('auto-register', '--json', '--force', '--db', dbPath)).stdout) as RegistrationReport;
    expect(source(forced, 'auto-register/mine.json')).toMatchObject({ status: 'registered', counts: { unchanged: 1, schemas_existing: 1 } });
  });

  it('BLOCK_REGISTRY_DB selects the database, and so the folder beside it', async () => {
    const dir = temp.dir();
    put(folderOf(dir), 'env.json', blockEntry('From Env', 'from-env'));
    const result = await cliWithEnv({ BLOCK_REGISTRY_DB: join(dir, 'env.sqlite') }, 'auto-register', '--json');
    expect(result.code).toBe(0);
    expect(statuses(JSON.parse(result.stdout) as RegistrationReport).at(-1)).toEqual(['auto-register/env.json', 'folder', 'registered']);
  });

  it('a failed folder file makes auto-register exit 1 and print the error; the rest is registered', async () => {
    const dir = temp.dir();
    const dbPath = join(dir, 'registry.sqlite');
    const folder = folderOf(dir);
    put(folder, 'bad.json', '{"foo": 1}');
    put(folder, 'good.json', blockEntry('Good', 'good'));
    const result = await cli('auto-register', '--db', dbPath);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('auto-register/bad.json: FAILED');
    expect(result.stdout).toContain(`  error     auto-register/bad.json: $: JSON of another shape. Expected ${EXPECTED_FORMATS}.`);
    expect(result.stdout).toContain('auto-register/good.json: block types 1 created, 0 updated, 0 unchanged; schemas 1 created, 0 already registered');
    const types = JSON.parse((await cli('types', '--json', '--db', dbPath)).stdout) as Array<{ slug: string }>;
    expect(types.map((type) => type.slug)).toContain('good');
    expect(types).toHaveLength(55);
  });
});
