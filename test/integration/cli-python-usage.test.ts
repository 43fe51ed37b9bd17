// The command line's Python options, before any Python runs (no venv needed): usage errors, the
// plain failure when there is no interpreter at all, and auto-register running the folder's .py
// files only when the command itself says so. The runs against real Prefect are in
// test/prefect/python-import.test.ts.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { PYTHON_SETTINGS_FILE } from '../../src/main/python/preferences';
import { AUTO_REGISTER_PYTHON_CLI_REFUSAL } from '../../src/main/sources/folder';
import type { RegistrationReport } from '../../src/shared/report';
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

describe('auto-register runs Python only when the command says so', () => {
  /** A folder as a cloned repository could hold it: a database path, settings that turn Python on, and a .py file that leaves a mark. */
  function clonedRepository(): { dbPath: string; marker: string; python: string } {
    const marker = workspace.path('ran');
    const python = workspace.path('fake-python');
    // A stand-in interpreter: leaves the mark, and prints nothing an extraction would.
    writeFileSync(python, `#!/bin/sh\ntouch '${marker}'\nexit 3\n`);
    chmodSync(python, 0o755);
    mkdirSync(workspace.path('auto-register'));
    writeFileSync(workspace.path('auto-register', 'evil.py'), 'import os\nos.system("touch pwned")\n');
    writeFileSync(workspace.path(PYTHON_SETTINGS_FILE), JSON.stringify({ interpreter_path: python, run_at_launch: true }));
    return { dbPath: workspace.path('registry.sqlite'), marker, python };
  }

  it('a settings file beside the database does not turn it on: the .py file is skipped unread, saying how', async () => {
    const { dbPath, marker, python } = clonedRepository();
    const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON: python }, 'auto-register', '--json', '--db', dbPath);
    expect(result.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    const report = JSON.parse(result.stdout) as RegistrationReport;
    expect(report.sources.find((source) => source.name === 'auto-register/evil.py')).toMatchObject({ status: 'skipped', skipped_because: AUTO_REGISTER_PYTHON_CLI_REFUSAL, content_hash: null });
  });

  it('--run-python runs it, with --python PATH', async () => {
    const { dbPath, marker, python } = clonedRepository();
    const result = await cliWithEnv({}, 'auto-register', '--run-python', '--python', python, '--json', '--db', dbPath);
    expect(existsSync(marker)).toBe(true);
    // This stand-in fails: reported like any source that fails.
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as RegistrationReport;
    expect(report.sources.find((source) => source.name === 'auto-register/evil.py')?.errors[0]?.message).toContain(`when run by ${python} (from --python)`);
  });

  it('--python without --run-python is a usage error, and nothing runs or is created', async () => {
    const { dbPath, marker, python } = clonedRepository();
    const result = await cli('auto-register', '--python', python, '--db', dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^block-registry: --python is used only with --run-python \(which runs the \.py files of the auto-register folder\)\n/);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('a timeout out of range is a usage error only when Python would run', async () => {
    const { dbPath } = clonedRepository();
    expect((await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '2147483648' }, 'auto-register', '--run-python', '--db', dbPath)).code).toBe(2);
    expect((await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '2147483648' }, 'auto-register', '--db', dbPath)).code).toBe(0);
  });

  it('help says so', async () => {
    const result = await cli('help', 'auto-register');
    expect(result.stdout).toContain('Usage: block-registry auto-register [--force] [--run-python [--python PATH]] [--json]');
    expect(result.stdout).toContain('--run-python   auto-register: run the .py files of the auto-register folder (it runs their code);');
  });
});
