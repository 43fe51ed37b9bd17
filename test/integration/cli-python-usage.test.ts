// The command line's Python options, before any Python runs (no venv needed): usage errors and
// the plain failure when there is no interpreter at all. The runs against real Prefect are in
// test/prefect/python-import.test.ts.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, cliWithEnv } from '../helpers/cli';
import { useTempWorkspace } from '../helpers/registry';

const temp = useTempWorkspace();
let folder: string;
let dbPath: string;
let blocksPy: string;

beforeEach(() => {
  folder = temp.dir();
  dbPath = join(folder, 'registry.sqlite');
  blocksPy = join(folder, 'blocks.py');
  writeFileSync(blocksPy, 'from prefect.blocks.core import Block\n\nclass Mine(Block):\n    x: int = 1\n');
});

describe('import with Python: usage', () => {
  it('needs a FILE or a --module', async () => {
    const result = await cli('import', '--db', dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^block-registry: import needs at least one FILE or --module NAME\n/);
  });

  it('a timeout that is not a whole number of milliseconds is a usage error, and nothing is created', async () => {
    const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '2.5' }, 'import', blocksPy, '--db', dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^block-registry: BLOCK_REGISTRY_PYTHON_TIMEOUT_MS must be a whole number of milliseconds \(got '2\.5'\)\n/);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('the timeout is not even read for a JSON-only import', async () => {
    const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: 'soon' }, 'import', join(folder, 'missing.json'), '--db', dbPath);
    expect(result.code).toBe(1);
  });

  it('an empty --python or --module is a usage error', async () => {
    expect((await cli('import', blocksPy, '--python', '', '--db', dbPath)).code).toBe(2);
    expect((await cli('import', '--module', '', '--db', dbPath)).code).toBe(2);
  });

  it('no interpreter anywhere: says how to give one; nothing is registered', async () => {
    const result = await cliWithEnv({ PATH: join(folder, 'no-bin') }, 'import', blocksPy, '--db', dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^block-registry: 1 problem found; nothing was registered\.\n/);
    expect(result.stderr).toContain(`${blocksPy}: No Python interpreter found: reading a .py block file needs Python with Prefect. Give --python PATH`);
  });

  it('a --python that cannot be run: named, with the reason', async () => {
    const result = await cli('import', blocksPy, '--python', join(folder, 'no-such-python'), '--db', dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^block-registry: 1 problem found; nothing was registered\.\n/);
    expect(result.stderr).toContain(`Cannot run the Python interpreter ${join(folder, 'no-such-python')} (from --python): spawn ${join(folder, 'no-such-python')} ENOENT.`);
  });
});
