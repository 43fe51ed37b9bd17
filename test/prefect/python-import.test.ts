// Issue 12 against real Prefect 3.9.1: `block-registry import FILE.py` and `import --module NAME`
// register every block exactly as Prefect itself describes it. The reference is computed in a
// separate Python process by Prefect's own `_to_block_type()` / `_to_block_schema()`
// (python/block_reference.py), never by our extraction script. Then every failure a person can
// meet: no Prefect in the interpreter, a syntax or import error, no Block classes, output that is
// not the promised document, and a file that never finishes (killed with everything it started).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRegistryDatabase } from '../../src/main/db/database';
import { parseBlockFiles } from '../../src/main/files/read-block-files';
import { chooseInterpreter, findOnPath } from '../../src/main/python/interpreter';
import { readBlockSchemaByChecksum } from '../../src/main/registry/block-schemas';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { isJsonObject, jsonEqual, parseJson, type JsonObject } from '../../src/shared/json';
import type { ImportPreview } from '../../src/shared/import-preview';
import { cliWithEnv } from '../helpers/cli';
import { PYTHON_DIR, prefectPython, runPython } from './python';
import { processesWith } from '../helpers/processes';

const FILES = join(PYTHON_DIR, 'block_files');
const MODULE_PATH = join(PYTHON_DIR, 'module_path');
const folder = mkdtempSync(join(tmpdir(), 'block-registry-python-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Reference {
  class: string;
  block_type: JsonObject;
  fields: JsonObject;
  checksum: string;
  capabilities: string[];
  version: string;
}

/** Prefect's own description of the named classes, from a process of its own. */
async function reference(kind: '--file' | '--module', target: string, classes: string[]): Promise<Reference[]> {
  const { stdout } = await runPython([join(PYTHON_DIR, 'block_reference.py'), kind, target, ...classes], { PYTHONPATH: MODULE_PATH });
  const parsed = parseJson(stdout);
  if (!Array.isArray(parsed)) throw new Error(`unexpected reference output: ${stdout.slice(0, 200)}`);
  return parsed.filter(isJsonObject).map((item) => {
    const capabilities = Array.isArray(item.capabilities) ? item.capabilities.map(String) : [];
    return { class: String(item.class), block_type: item.block_type as JsonObject, fields: item.fields as JsonObject, checksum: String(item.checksum), capabilities, version: String(item.version) };
  });
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, BLOCK_REGISTRY_PYTHON: prefectPython(), ...extra };
}

let databases = 0;
function newDatabase(): string {
  databases += 1;
  return join(folder, `registry-${databases}.sqlite`);
}

/** Every reference block is stored with Prefect's metadata, and its schema under Prefect's checksum. */
async function expectRegisteredAsPrefect(dbPath: string, expected: Reference[]): Promise<void> {
  const registry = await openRegistryDatabase(dbPath);
  try {
    for (const block of expected) {
      const type = await readBlockTypeBySlug(registry.db, String(block.block_type.slug));
      expect(type, block.class).not.toBeNull();
      for (const key of ['name', 'slug', 'logo_url', 'documentation_url', 'description', 'code_example'] as const) expect(type?.[key], `${block.class}.${key}`).toBe(block.block_type[key]);
      expect(blockSchemaChecksum(block.fields), block.class).toBe(block.checksum);
      const schema = await readBlockSchemaByChecksum(registry.db, block.checksum, block.version);
      expect(schema, `${block.class} schema ${block.checksum}`).not.toBeNull();
      expect(schema?.block_type_id).toBe(type?.id);
      expect([...(schema?.capabilities ?? [])].sort()).toEqual([...block.capabilities].sort());
      expect(schema?.version).toBe(block.version);
      expect(jsonEqual(schema?.fields ?? {}, block.fields), `${block.class} fields`).toBe(true);
    }
  } finally {
    await registry.close();
  }
}

describe('import FILE.py registers what Prefect itself reports', () => {
  it('nested blocks (alone, Optional, lists, unions), secrets, floats and big ints, non-ASCII, custom metadata', async () => {
    const file = join(FILES, 'many_blocks.py');
    const expected = await reference('--file', file, ['Leaf', 'Credentials', 'Holder']);
    const dbPath = newDatabase();
    const result = await cliWithEnv(env(), 'import', file, '--db', dbPath, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await expectRegisteredAsPrefect(dbPath, expected);
    // The details the fixture is there for, said outright.
    const [leaf, credentials, holder] = expected;
    expect(leaf?.block_type.description).toBe('A leaf block — with ünïcödé in its docstring: 日本語.');
    expect(credentials?.block_type).toMatchObject({ slug: 'my-custom-credentials', logo_url: 'https://example.com/logo.png', documentation_url: 'https://example.com/docs' });
    expect(credentials?.block_type.code_example).toBe('Load the credentials:\n```python\nfrom many_blocks import Credentials\n\ncreds = Credentials.load("BLOCK_NAME")\n```');
    expect(credentials?.version).toBe('1.2.3');
    expect(holder?.block_type.name).toBe('Block Holder');
    expect(Object.keys(holder?.fields.block_schema_references as JsonObject).sort()).toEqual(['alone', 'either', 'many', 'maybe']);
  });

  it('the dry run names the interpreter and Prefect version, lists nested blocks first, and keeps number lexemes', async () => {
    const dbPath = newDatabase();
    expect((await cliWithEnv(env(), 'auto-register', '--db', dbPath)).code).toBe(0);
    const text = await cliWithEnv(env(), 'import', join(FILES, 'many_blocks.py'), '--db', dbPath, '--dry-run');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`^Read with ${prefectPython().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(from BLOCK_REGISTRY_PYTHON\\): Python 3\\.\\d+\\.\\d+, Prefect 3\\.9\\.1 \\(.*many_blocks\\.py\\)\n`),
    );
    const json = await cliWithEnv(env(), 'import', join(FILES, 'many_blocks.py'), '--db', dbPath, '--dry-run', '--json');
    const preview = JSON.parse(json.stdout) as ImportPreview & { python: Array<{ prefect: string }> };
    expect(preview.python.map((use) => use.prefect)).toEqual(['3.9.1']);
    expect(preview.files.map((file) => file.format)).toEqual(['python']);
    // Prefect's order: the module's members by name, each after the blocks nested in it.
    expect(preview.block_types.map((type) => type.slug)).toEqual(['my-custom-credentials', 'leaf', 'block-holder']);
    expect(preview.errors).toEqual([]);
    // The entries themselves, read through the same path: the lexemes Prefect printed survive.
    const entries = await parseBlockFiles([{ name: 'many_blocks.py', bytes: readFileSync(join(FILES, 'many_blocks.py')) }], {
      python: { env: env(), timeoutMs: 60_000 },
    });
    const leafFields = entries.find((entry) => entry.blockType.slug === 'leaf')?.blockSchema?.fields.properties as JsonObject;
    const lexeme = (name: string): string => String((leafFields[name] as JsonObject).default);
    expect([lexeme('big'), lexeme('ratio'), lexeme('tiny'), lexeme('greeting')]).toEqual(['123456789012345678901234567890', '0.1', '1e-30', 'grüß dich — 你好']);
  });

  it('a dropped file (bytes, no path) runs from a copy under its own name: the code example names its module', async () => {
    const entries = await parseBlockFiles([{ name: 'many_blocks.py', bytes: readFileSync(join(FILES, 'many_blocks.py')) }], { python: { env: env(), timeoutMs: 60_000 } });
    const imports = entries.map((entry) => entry.blockType.code_example?.split('\n').find((line) => line.startsWith('from ')));
    expect(imports).toEqual(['from many_blocks import Credentials', 'from many_blocks import Leaf', 'from many_blocks import Holder']);
  });

  it('what the module prints on stdout does not disturb the document', async () => {
    const dbPath = newDatabase();
    const result = await cliWithEnv(env(), 'import', join(FILES, 'prints_a_lot.py'), '--db', dbPath, '--json');
    expect(result.code).toBe(0);
    await expectRegisteredAsPrefect(dbPath, await reference('--file', join(FILES, 'prints_a_lot.py'), ['Noisy']));
  });

  it('--module NAME on PYTHONPATH, with a JSON file beside it, all in one import', async () => {
    const expected = await reference('--module', 'registry_test_blocks', ['ModuleChild', 'ModuleParent']);
    const jsonFile = join(folder, 'plain.json');
    const plain = { name: 'Plain Beside', slug: 'plain-beside', block_schema: { fields: { title: 'PlainBeside', type: 'object', properties: {} } } };
    writeFileSync(jsonFile, JSON.stringify(plain));
    const dbPath = newDatabase();
    const result = await cliWithEnv(env({ PYTHONPATH: MODULE_PATH }), 'import', jsonFile, '--module', 'registry_test_blocks', '--db', dbPath);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Read with .* \(from BLOCK_REGISTRY_PYTHON\): Python 3\.\d+\.\d+, Prefect 3\.9\.1 \(module registry_test_blocks\)$/);
    await expectRegisteredAsPrefect(dbPath, expected);
    const registry = await openRegistryDatabase(dbPath);
    expect(await readBlockTypeBySlug(registry.db, 'plain-beside')).not.toBeNull();
    await registry.close();
  });
});

describe('import FILE.py: every failure said plainly, nothing registered', () => {
  async function failure(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<string> {
    const dbPath = newDatabase();
    const result = await cliWithEnv(env(extra), 'import', ...args, '--db', dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^block-registry: \d+ problems? found; nothing was registered\.\n/);
    const registry = await openRegistryDatabase(dbPath);
    expect(await registry.db.selectFrom('block_type').select('id').execute()).toEqual([]);
    await registry.close();
    return result.stderr;
  }

  it('a syntax error: the file, the line and Python’s own last line', async () => {
    const file = join(FILES, 'syntax_error.py');
    expect(await failure([file])).toContain(`${file}: line 5: SyntaxError: `);
  });

  it('an import error: the line and the missing module', async () => {
    const file = join(FILES, 'import_error.py');
    expect(await failure([file])).toContain(`${file}: line 2: ModuleNotFoundError: No module named 'a_module_that_does_not_exist_anywhere'`);
  });

  it('a module that cannot be imported', async () => {
    expect(await failure(['--module', 'no_such_module_for_block_registry'])).toContain(
      "module no_such_module_for_block_registry: ModuleNotFoundError: No module named 'no_such_module_for_block_registry'",
    );
  });

  it('no Block classes (only Block itself and an abstract interface)', async () => {
    const file = join(FILES, 'no_blocks.py');
    expect(await failure([file])).toContain(`${file}: no Block classes found in ${file}: a block is a subclass of prefect.blocks.core.Block.`);
  });

  it('output that is not the promised document (the interpreter ended mid-import)', async () => {
    const file = join(FILES, 'exits_silently.py');
    expect(await failure([file])).toContain(
      `${file}: the block extraction script did not give the JSON document it promises when run by ${prefectPython()} (from BLOCK_REGISTRY_PYTHON) (nothing on stdout, exit code 0).`,
    );
  });

  it('a default JSON cannot hold (Infinity): said so, not printed as invalid JSON', async () => {
    const file = join(FILES, 'infinite_default.py');
    expect(await failure([file])).toContain('(Out of range float values are not JSON compliant (a default of NaN or Infinity?)).');
  });

  it('a mixed import stays all or nothing: a good JSON file beside a broken .py registers nothing', async () => {
    const jsonFile = join(folder, 'good.json');
    writeFileSync(jsonFile, JSON.stringify({ name: 'Good Json', slug: 'good-json', block_schema: { fields: { title: 'GoodJson', type: 'object', properties: {} } } }));
    expect(await failure([jsonFile, join(FILES, 'import_error.py')])).toContain('ModuleNotFoundError');
  });

  it('an interpreter without prefect: named, with pip install prefect', async () => {
    const system = findOnPath('python3', process.env.PATH ?? '');
    if (system === null) throw new Error('no python3 on PATH for this test');
    const probe = await runPython(['-c', 'print(1)']).catch(() => null);
    expect(probe).not.toBeNull();
    const file = join(FILES, 'many_blocks.py');
    const stderr = await failure([file, '--python', system]);
    expect(stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*python3 \\(from --python\\) \\(Python 3\\.\\d+\\.\\d+\\) has no prefect: pip install prefect`));
  });

  it('a file that never finishes is killed within the timeout, with every process it started', async () => {
    const marker = `block-registry-sleeper-${process.pid}-${Date.now()}`;
    const file = join(folder, 'sleeps_forever.py');
    writeFileSync(file, `import subprocess, sys, time\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)", "${marker}"])\nwhile True:\n    time.sleep(1)\n`);
    const started = performance.now();
    const stderr = await failure([file], { BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '6000' });
    const elapsed = performance.now() - started;
    expect(stderr).toContain(`${file}: Python did not finish within 6 s; it was stopped (set BLOCK_REGISTRY_PYTHON_TIMEOUT_MS for more time).`);
    expect(elapsed).toBeLessThan(6000 + 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processesWith(marker)).toEqual([]);
  });
});

// Keeps chooseInterpreter honest about the venv the suite uses.
it('BLOCK_REGISTRY_PYTHON picks the pinned venv', () => {
  expect(chooseInterpreter({ env: env() })).toEqual({ command: prefectPython(), origin: 'BLOCK_REGISTRY_PYTHON' });
});
