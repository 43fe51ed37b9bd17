// Every command's output is safe for a terminal: names, descriptions, versions, capabilities,
// file and database paths holding every C0 and C1 control character, DEL and the bidi overrides
// and isolates come out escaped (`\u001b`, `\u202e`), never raw, whichever command prints them
// and wherever (stdout, stderr, a refusal's message). JSON output stays the same JSON: what it
// escapes decodes to the very text. (The server commands meet the same names from a server in
// test/prefect/hostile-server.test.ts.) Output to a pipe its reader closed ends quietly.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringifyJson, type JsonValue } from '../../src/shared/json';
import { cli, useCliWorkspace, type CliResult } from '../helpers/cli';
import { blockEntry, fieldsFor } from '../helpers/registry';
import { recordFigures } from '../reliability/record';

const workspace = useCliWorkspace();

const C0 = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code));
const C1 = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(0x80 + code));
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
/** Every character a terminal may act on or that reorders the text around it. */
const HOSTILE = [...C0, '\u007f', ...C1, ...BIDI].join('');
/** As a file name can hold them (not NUL, not `/`). */
const HOSTILE_IN_PATHS = HOSTILE.replaceAll('\u0000', '').replaceAll('/', '');
// oxlint-disable-next-line no-control-regex -- finding them raw is the point.
const RAW_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// oxlint-disable-next-line no-control-regex -- as above.
const RAW_IN_JSON = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const figures = { cases: 0, characters_tried: HOSTILE.length };
afterAll(() => recordFigures('terminal-safety', figures));

/** Neither stream has any of the characters raw. */
function expectSafe(result: CliResult, json = false): void {
  figures.cases += 1;
  expect(result.stdout).not.toMatch(json ? RAW_IN_JSON : RAW_IN_TEXT);
  expect(result.stderr).not.toMatch(RAW_IN_TEXT);
}

const NAME = `Hostile ${HOSTILE} block`;
const DESCRIPTION = `Clears the screen: ${HOSTILE}`;
const VERSION = `1.0${HOSTILE}`;
const CAPABILITY = `read${HOSTILE}`;

/** The database, with one ordinary type in it: a dry run needs one to exist. */
async function createDatabase(): Promise<void> {
  const file = workspace.writeJson('plain.json', [blockEntry('Plain', 'plain') as JsonValue]);
  expect((await cli('import', file, '--db', workspace.dbPath)).code).toBe(0);
}

function hostileFile(): string {
  const entry = blockEntry(NAME, 'hostile', { description: DESCRIPTION, version: VERSION, capabilities: [CAPABILITY] });
  return workspace.writeJson('hostile.json', [entry as JsonValue]);
}

describe('human output', () => {
  it('import --dry-run, import, types and schemas show the characters escaped', async () => {
    await createDatabase();
    const file = hostileFile();
    const preview = await cli('import', file, '--dry-run', '--db', workspace.dbPath);
    expect(preview.code, preview.stderr).toBe(0);
    expectSafe(preview);
    expect(preview.stdout).toContain('hostile');
    const imported = await cli('import', file, '--db', workspace.dbPath);
    expect(imported.code, imported.stderr).toBe(0);
    expectSafe(imported);
    const types = await cli('types', '--db', workspace.dbPath);
    expectSafe(types);
    expect(types.stdout).toContain('Hostile \\u0000\\u0001');
    expect(types.stdout).toContain('\\u001b');
    expect(types.stdout).toContain('\\u009b');
    expect(types.stdout).toContain('\\u202e');
    const schemas = await cli('schemas', '--db', workspace.dbPath);
    expectSafe(schemas);
    expect(schemas.stdout).toContain('1.0\\u0000\\u0001');
    // The same again: nothing new, and the report says so safely.
    expectSafe(await cli('import', file, '--db', workspace.dbPath));
  });

  it("a refusal's message quotes what it refuses escaped: a slug, a name, a path", async () => {
    const badSlug = blockEntry(NAME, `bad${HOSTILE}`, { fields: fieldsFor('Bad', 'bad') });
    const file = workspace.writeJson('bad.json', [badSlug as JsonValue]);
    const refused = await cli('import', file, '--db', workspace.dbPath);
    expect(refused.code).toBe(1);
    expectSafe(refused);
    expect(refused.stderr).toMatch(/slug .*got "bad\\u0000\\u0001/);
    const dryRun = await cli('import', file, '--dry-run', '--db', workspace.dbPath);
    expectSafe(dryRun);
    const missing = await cli('import', workspace.path(`missing-${HOSTILE_IN_PATHS}.json`), '--db', workspace.dbPath);
    expect(missing.code).toBe(1);
    expectSafe(missing);
    const noDatabase = await cli('types', '--db', workspace.path(`no-${HOSTILE_IN_PATHS}`, 'registry.sqlite'));
    expect(noDatabase.code).toBe(1);
    expectSafe(noDatabase);
    expect(noDatabase.stderr).toContain('\\u001b');
  });

  it('checksum prints a file name holding the characters escaped', async () => {
    const dir = workspace.path(`dir-${HOSTILE_IN_PATHS}`);
    mkdirSync(dir);
    const file = join(dir, 'fields.json');
    writeFileSync(file, stringifyJson(fieldsFor('Fields', 'fields')));
    const result = await cli('checksum', file);
    expect(result.code, result.stderr).toBe(0);
    expectSafe(result);
    expect(result.stdout).toMatch(/^sha256:[0-9a-f]{64} {2}.*dir-\\u0001\\u0002/);
  });
});

describe('JSON output', () => {
  it('types --json, schemas --json, import --dry-run --json and export stay JSON, with the very text', async () => {
    await createDatabase();
    const file = hostileFile();
    const preview = await cli('import', file, '--dry-run', '--json', '--db', workspace.dbPath);
    expectSafe(preview, true);
    expect(JSON.stringify(JSON.parse(preview.stdout))).toContain(JSON.stringify(NAME));
    expect((await cli('import', file, '--db', workspace.dbPath)).code).toBe(0);
    const types = await cli('types', '--json', '--db', workspace.dbPath);
    expectSafe(types, true);
    const hostile = (JSON.parse(types.stdout) as Array<{ slug: string; name: string; description: string }>).find((type) => type.slug === 'hostile');
    expect(hostile).toMatchObject({ name: NAME, description: DESCRIPTION });
    const schemas = await cli('schemas', '--type', 'hostile', '--json', '--db', workspace.dbPath);
    expectSafe(schemas, true);
    expect(JSON.parse(schemas.stdout)).toMatchObject([{ version: VERSION, capabilities: [CAPABILITY] }]);
    const exported = await cli('export', '--type', 'hostile', '--db', workspace.dbPath);
    expectSafe(exported, true);
    // Bidi characters are ordinary JSON text, left as they are.
    expect(exported.stdout).toContain('\u202e');
    const reimported = workspace.path('exported.json');
    writeFileSync(reimported, exported.stdout);
    const again = await cli('import', reimported, '--db', workspace.path('other.sqlite'), '--json');
    expect(again.code, again.stderr).toBe(0);
    const copy = await cli('types', '--json', '--db', workspace.path('other.sqlite'));
    expect((JSON.parse(copy.stdout) as Array<{ slug: string; name: string }>).find((type) => type.slug === 'hostile')?.name).toBe(NAME);
  });
});

describe('a closed pipe', () => {
  /** The command line as a process whose stdout reader goes away after the first chunk, as `| head -c 1` does. */
  function readFirstChunk(...args: string[]): Promise<{ code: number | null; stderr: string; chunks: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', ...args], { env: { ...process.env, BLOCK_REGISTRY_DB: workspace.dbPath }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let chunks = 0;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdout.on('data', () => {
        chunks += 1;
        child.stdout.destroy();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr, chunks }));
    });
  }

  it.each([
    ['schemas --json', ['schemas', '--json']],
    ['export', ['export']],
  ])('`%s` to a reader that goes away ends quietly with 0', async (_command, args) => {
    expect((await cli('auto-register', '--db', workspace.dbPath)).code).toBe(0);
    const result = await readFirstChunk(...args);
    expect(result.chunks).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    figures.cases += 1;
  });
});
