// The command line's Python options, before any Python runs (no venv needed): usage errors and
// the plain failure when there is no interpreter at all. The runs against real Prefect are in
// test/prefect/python-import.test.ts.
import { existsSync, writeFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, cliWithEnv, useCliWorkspace } from '../helpers/cli';

const workspace = useCliWorkspace();
let blocksPy: string;

beforeEach(() => {
  blocksPy = workspace.path('blocks.py');
  writeFileSync(blocksPy, 'from prefect.blocks.core import Block\n\nclass Mine(Block):\n    x: int = 1\n');
});

describe('import with Python: usage', () => {
  it('needs a FILE or a --module', async () => {
    const result = await cli('import', '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^block-registry: import needs at least one FILE or --module NAME\n/);
  });

  it('a timeout that is not a whole number of milliseconds is a usage error, and nothing is created', async () => {
    const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '2.5' }, 'import', blocksPy, '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^block-registry: BLOCK_REGISTRY_PYTHON_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 \(about 24\.8 days\) \(got '2\.5'\)\n/);
    expect(existsSync(workspace.dbPath)).toBe(false);
  });

  it('a timeout past the longest delay a timer takes is a usage error (it would stop Python at once), and nothing is created', async () => {
    const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '2147483648' }, 'import', blocksPy, '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^block-registry: BLOCK_REGISTRY_PYTHON_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 \(about 24\.8 days\) \(got '2147483648'\)\n/);
    expect(existsSync(workspace.dbPath)).toBe(false);
  });

  it('the timeout is not even read for a JSON-only import', async () => {
    const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: 'soon' }, 'import', workspace.path('missing.json'), '--db', workspace.dbPath);
    expect(result.code).toBe(1);
  });

  it('an empty --python or --module is a usage error', async () => {
    expect((await cli('import', blocksPy, '--python', '', '--db', workspace.dbPath)).code).toBe(2);
    expect((await cli('import', '--module', '', '--db', workspace.dbPath)).code).toBe(2);
  });

  it('no interpreter anywhere: says how to give one; nothing is registered', async () => {
    const result = await cliWithEnv({ PATH: workspace.path('no-bin') }, 'import', blocksPy, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^block-registry: 1 problem found; nothing was registered\.\n/);
    expect(result.stderr).toContain(`${blocksPy}: No Python interpreter found: reading a .py block file needs Python with Prefect. Give --python PATH`);
  });

  it('a --python that cannot be run: named, with the reason', async () => {
    const result = await cli('import', blocksPy, '--python', workspace.path('no-such-python'), '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^block-registry: 1 problem found; nothing was registered\.\n/);
    expect(result.stderr).toContain(`Cannot run the Python interpreter ${workspace.path('no-such-python')} (from --python): spawn ${workspace.path('no-such-python')} ENOENT.`);
  });
});
