// Promises of the documentation (README.md, docs/) that an adversarial pass found broken (issue "Lost writes after a stale
// lock, and eight more"): each test here failed before its fix. The database-file ones (locks,
// symlinks, foreign files) are in database.test.ts and the reliability suite.
import { spawnSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_FIELDS_DEPTH, MAX_FILE_BYTES } from '../../src/shared/limits';
import type { ImportPreview } from '../../src/shared/import-preview';
import { stringifyJson, type JsonObject } from '../../src/shared/json';
import type { RegistrationReport } from '../../src/shared/report';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { cli, cliWithEnv, useCliWorkspace } from '../helpers/cli';
import { asObject, blockEntry, fieldsFor } from '../helpers/registry';

const workspace = useCliWorkspace();

async function succeed(...argv: string[]): Promise<string> {
  const result = await cli(...argv, '--db', workspace.dbPath);
  expect(result.stderr.split('\n').filter((line) => !line.startsWith('warning: ') && line !== '')).toEqual([]);
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('a recorded checksum never stands in for the computed one', () => {
  it("an entry recording the built-in secret's checksum (and version) with other fields is stored under its own checksum, as the preview says", async () => {
    await succeed('auto-register');
    const secret = (JSON.parse(await succeed('schemas', '--type', 'secret', '--json')) as Array<{ checksum: string; version: string }>)[0];
    if (secret === undefined) throw new Error('no secret schema');
    const impostor = blockEntry('Impostor', 'impostor');
    const schema = asObject(impostor.block_schema);
    schema.checksum = secret.checksum;
    schema.version = secret.version;
    const file = workspace.writeJson('impostor.json', impostor);
    const computed = blockSchemaChecksum(asObject(schema.fields));

    const preview = JSON.parse(await succeed('import', file, '--dry-run', '--json')) as ImportPreview;
    expect(preview.counts).toMatchObject({ new: 1, schemas_new: 1, schemas_registered: 0 });
    expect(preview.warnings.map((warning) => warning.kind)).toEqual(['checksum-mismatch']);

    const report = JSON.parse(await succeed('import', file, '--json')) as RegistrationReport;
    expect(report.totals).toMatchObject({ created: 1, schemas_created: 1, schemas_existing: 0 });
    const stored = JSON.parse(await succeed('schemas', '--type', 'impostor', '--json')) as Array<{ checksum: string }>;
    expect(stored.map((row) => row.checksum)).toEqual([computed]);
  });
});

describe('export then import is lossless for everything import accepts', () => {
  /** An entry whose fields are nested `depth` levels deep (the fields object and the deepest string included). */
  function deepEntry(slug: string, depth: number): JsonObject {
    const fields = fieldsFor('Deep', slug);
    let inner: JsonObject = { leaf: 'x' };
    // fields (1) > properties (2) > deep (3) > nested objects … > the string 'x' (`depth`).
    for (let level = 4; level < depth; level += 1) inner = { inner };
    asObject(fields.properties).deep = inner;
    return blockEntry('Deep', slug, { fields });
  }

  it(`fields nested ${MAX_FIELDS_DEPTH} levels import, export and import again; deeper fields are refused with the reason`, async () => {
    await succeed('import', workspace.writeJson('deepest.json', [deepEntry('deepest', MAX_FIELDS_DEPTH)]));
    const exported = await succeed('export');
    const copy = workspace.path('copy.sqlite');
    const exportFile = workspace.path('export.json');
    writeFileSync(exportFile, exported);
    expect((await cli('import', exportFile, '--db', copy)).code).toBe(0);

    for (const depth of [MAX_FIELDS_DEPTH + 1, MAX_FIELDS_DEPTH + 4]) {
      const file = workspace.writeJson(`deeper-${depth}.json`, [deepEntry('deeper', depth)]);
      const result = await cli('import', file, '--db', workspace.dbPath);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${file}: [0].block_schema.fields: nested ${depth} levels deep, over the limit of ${MAX_FIELDS_DEPTH} (so that an export of it can be read back)`);
    }
  });
});

describe('every limit holds for every caller', () => {
  it('the command line refuses an import of more than 100 files, writing nothing', async () => {
    await succeed('auto-register');
    const before = readFileSync(workspace.dbPath);
    const files = Array.from({ length: 101 }, (_, index) => workspace.writeJson(`type-${index}.json`, blockEntry(`Type ${index}`, `type-${index}`)));
    const result = await cli('import', ...files, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('101 files: at most 100 files at once.');
    expect(readFileSync(workspace.dbPath).equals(before)).toBe(true);
  });

  it('a file over the size limit is named once, with a JSON path', async () => {
    const huge = workspace.path('huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_FILE_BYTES + 1);
    const result = await cli('import', huge, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    const message = `the file is ${MAX_FILE_BYTES + 1} bytes, over the 50 MB limit.`;
    expect(result.stderr.split(message)).toHaveLength(2);
    expect(result.stderr).toContain(`${huge}: $: ${message}`);
  });

  it('every missing or unreadable file of an import is reported, not just the first', async () => {
    const good = workspace.writeJson('good.json', blockEntry('Good', 'good'));
    const result = await cli('import', workspace.path('missing-1.json'), good, workspace.path('missing-2.json'), '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 problems found; nothing was registered.');
    expect(result.stderr).toContain(`${workspace.path('missing-1.json')}: $: cannot be read (ENOENT`);
    expect(result.stderr).toContain(`${workspace.path('missing-2.json')}: $: cannot be read (ENOENT`);
  });
});

describe('anything that is not a regular file is refused before it is opened', () => {
  it('a named pipe given to import is refused at once (it would hang a reader)', async () => {
    const fifo = workspace.path('pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const result = await cli('import', fifo, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${fifo}: $: a named pipe (FIFO), not a file: give a block definition file.`);
  });

  it('a folder given to import or checksum is refused with the same words', async () => {
    const imported = await cli('import', workspace.folder, '--db', workspace.dbPath);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(`${workspace.folder}: $: a folder, not a file: give a block definition file.`);
    const checksum = await cli('checksum', workspace.folder);
    expect(checksum.code).toBe(1);
    expect(checksum.stderr).toBe(`block-registry: ${workspace.folder}: a folder, not a file: give a block definition file.`);
  });
});

describe('text that cannot be stored as UTF-8 is refused with its JSON path', () => {
  it('a lone surrogate in a block type name or a schema version', async () => {
    const entry = blockEntry('Lone', 'lone');
    const text = stringifyJson(entry, 2).replace('"name": "Lone"', '"name": "Lo\\ud800ne"').replace('"version": "1.0.0"', '"version": "1.0\\udfff"');
    const file = workspace.path('lone.json');
    writeFileSync(file, text);
    const result = await cli('import', file, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: name: contains a lone surrogate (\\uD800 at character 3), which has no UTF-8 form: fix the \\u escape in the file`);
  });

  it('a UTF-16 file is called UTF-16, with the fix, not binary', async () => {
    const file = workspace.path('utf16.json');
    const body = stringifyJson(blockEntry('Wide', 'wide'), 2);
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]));
    const noBom = workspace.path('utf16-no-bom.json');
    writeFileSync(noBom, Buffer.from(body, 'utf16le'));
    const result = await cli('import', file, noBom, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: $: the file is UTF-16 text; save it as UTF-8.`);
    expect(result.stderr).toContain(`${noBom}: $: the file is UTF-16 text; save it as UTF-8.`);
  });

  it('checksum refuses a file that is not UTF-8, as import does', async () => {
    const file = workspace.path('latin1.json');
    writeFileSync(file, Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    const result = await cli('checksum', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`block-registry: ${file}: the file is not UTF-8 text.`);
  });
});

describe('settings that make no sense are usage errors, not silent defaults', () => {
  it.each(['abc', '-5', '', '1.5'])('BLOCK_REGISTRY_LOCK_TIMEOUT_MS=%j', async (value) => {
    const result = await cliWithEnv({ BLOCK_REGISTRY_LOCK_TIMEOUT_MS: value }, 'types', '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`block-registry: BLOCK_REGISTRY_LOCK_TIMEOUT_MS must be a whole number of milliseconds, e.g. 60000 (got ${JSON.stringify(value)})`);
  });
});
