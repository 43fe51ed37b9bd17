// The `.py` path with a stand-in interpreter (a shell script printing a prepared document), so
// that what is ours is tested without Python: the checksum Prefect reports must equal ours (a
// difference is an error), good entries go through the usual preview and registration, and a
// run past the timeout is killed with every process it started.
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/database';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import { blockSchemaChecksum } from '../../src/shared/checksum';
import { parseJson, type JsonObject } from '../../src/shared/json';
import { cliWithEnv, useCliWorkspace } from '../helpers/cli';
import { processesWith } from '../helpers/processes';

const workspace = useCliWorkspace();
let blocksPy: string;

beforeEach(() => {
  blocksPy = workspace.path('blocks.py');
  writeFileSync(blocksPy, 'raise SystemExit("the stand-in interpreter never runs this")\n');
});

/** A stand-in `python` that ignores its arguments and runs `body` (sh). */
function fakePython(body: string): string {
  const path = workspace.path('fake-python');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function document(checksum: (fields: JsonObject) => string): string {
  const fields = parseJson(
    '{"title": "Fake", "type": "object", "properties": {"ratio": {"title": "Ratio", "type": "number", "default": 0.10}}, "block_type_slug": "fake", "secret_fields": [], "block_schema_references": {}}',
  ) as JsonObject;
  const block = {
    name: 'Fake',
    slug: 'fake',
    logo_url: null,
    documentation_url: null,
    description: 'A fake block.',
    code_example: null,
    class: 'blocks.Fake',
    block_schema: { fields: '@FIELDS@', checksum: checksum(fields), capabilities: [], version: 'non-versioned' },
  };
  const text = JSON.stringify({ protocol: 1, ok: true, python: '3.12.0', prefect: '3.9.1', executable: '/fake/python', blocks: [block] });
  // The fields as their own text, so that the lexeme 0.10 is what the reader sees.
  return text.replace(
    '"@FIELDS@"',
    '{"title": "Fake", "type": "object", "properties": {"ratio": {"title": "Ratio", "type": "number", "default": 0.10}}, "block_type_slug": "fake", "secret_fields": [], "block_schema_references": {}}',
  );
}

function printing(text: string): string {
  const file = workspace.path('document.json');
  writeFileSync(file, text);
  return fakePython(`cat '${file}'`);
}

describe('the entries of a .py file', () => {
  it('register when the checksum Prefect printed equals ours', async () => {
    const python = printing(document(blockSchemaChecksum));
    const result = await cliWithEnv({}, 'import', blocksPy, '--python', python, '--db', workspace.dbPath);
    expect(result.stderr).toBe(`Read with ${python} (from --python): Python 3.12.0, Prefect 3.9.1 (${blocksPy})`);
    expect(result.code).toBe(0);
    const registry = await openDatabase(workspace.dbPath);
    expect(await readBlockTypeBySlug(registry.db, 'fake')).toMatchObject({ name: 'Fake', description: 'A fake block.' });
    await registry.close();
  });

  it('a checksum that differs from ours is an error, not a warning: nothing is registered', async () => {
    const python = printing(document(() => 'sha256:0000000000000000000000000000000000000000000000000000000000000000'));
    const result = await cliWithEnv({}, 'import', blocksPy, '--python', python, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^block-registry: 1 problem found; nothing was registered\.\n/);
    expect(result.stderr).toContain(
      `${blocksPy}: [0].block_schema.checksum: the checksum Prefect 3.9.1 computed for blocks.Fake (sha256:0000000000000000000000000000000000000000000000000000000000000000) differs from ours (sha256:`,
    );
  });

  it('an interpreter that prints something else: output that is not what the script promises', async () => {
    const python = fakePython('echo "Python 2.7.18"; echo "oops" >&2; exit 3');
    const result = await cliWithEnv({}, 'import', blocksPy, '--python', python, '--db', workspace.dbPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${blocksPy}: the block extraction script did not give the JSON document it promises when run by ${python} (from --python) (stdout is not one JSON document: Invalid JSON at line 1, column 1: JSON value expected, found 'P', exit code 3; last line of stderr: oops).`,
    );
  });
});

describe('the timeout', () => {
  it('kills the run and everything it started, within the timeout', async () => {
    const marker = `block-registry-fake-sleeper-${process.pid}-${Date.now()}`;
    const python = fakePython(`sh -c 'sleep 1000; echo ${marker}' &\nsleep 1000`);
    const started = performance.now();
    const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '700' }, 'import', blocksPy, '--python', python, '--db', workspace.dbPath);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${blocksPy}: Python did not finish within 700 ms; it was stopped (set BLOCK_REGISTRY_PYTHON_TIMEOUT_MS for more time).`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesWith(marker)).toEqual([]);
  });
});

describe('a run is over when the interpreter exits', () => {
  it('even when a process outside its group holds its output (no supervisor: what other platforms have)', async () => {
    // A stand-in is no supervisor: the process in a session of its own outlives the run, the limit
    // stated for platforms without one. It holds stdout and stderr, and the run still ends.
    const marker = `block-registry-fake-holder-${process.pid}-${Date.now()}`;
    const file = workspace.path('document.json');
    writeFileSync(file, document(blockSchemaChecksum));
    const python = fakePython(`setsid sh -c 'sleep 600; echo ${marker}' &\ncat '${file}'`);
    try {
      const result = await cliWithEnv({ BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '20000' }, 'import', blocksPy, '--python', python, '--db', workspace.dbPath);
      expect(result.stderr).not.toContain('did not finish');
      expect(result.code).toBe(0);
    } finally {
      for (const pid of processesWith(marker)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }
  });
});

describe('an interrupted command line', () => {
  it('takes the Python run and everything it started with it (Ctrl-C does not reach a group of its own)', async () => {
    const marker = `block-registry-interrupted-${process.pid}-${Date.now()}`;
    const python = fakePython(`sh -c 'sleep 1000; echo ${marker}' &\nsleep 1000`);
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const cliProcess = spawn(tsx, [join(process.cwd(), 'src', 'main', 'cli', 'main.ts'), 'import', blocksPy, '--python', python, '--db', workspace.dbPath], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => cliProcess.once('exit', () => resolve()));
    const deadline = Date.now() + 20_000;
    while (processesWith(marker).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // One, or two for a moment: the shell's child between fork and exec carries the same command line.
    expect(processesWith(marker).length).toBeGreaterThan(0);
    cliProcess.kill('SIGINT');
    // tsx relays the signal to the command line it runs, and ends when it ends.
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesWith(marker)).toEqual([]);
  });
});
