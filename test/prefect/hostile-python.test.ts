// Hostile Python against real Prefect 3.9.1: `.py` block files that start processes which outlive
// them (in the same group, in a session of their own, a daemon's double fork, a bare fork that
// keeps the document channel open), flood stdout and stderr, or never finish; and an interpreter
// whose start-up prints junk on the document channel. Each says what the person sees; after each
// no process of the run is left (a marker in its environment, in /proc) and no temporary folder.
// The same mechanisms with stand-in scripts and the system python3: test/integration/hostile-python.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegistryDatabase } from '../../src/main/db/database';
import { readBlockTypeBySlug } from '../../src/main/registry/block-types';
import { cliWithEnv, type CliResult } from '../helpers/cli';
import { processesWith, useHostileRunsWorkspace } from '../helpers/processes';
import { prefectPython } from './python';

// Temporary folders go to a folder of this file's own, so that what a run leaves there is its own;
// should a run ever leave a process (a regression), it does not outlive this file.
const workspace = useHostileRunsWorkspace('block-registry-hostile-prefect-');
const { markers } = workspace;

/** A command whose process sleeps, ignoring SIGTERM (only SIGKILL ends it). */
const SLEEPER = `[sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"]`;

interface HostileImport {
  result: CliResult;
  file: string;
  dbPath: string;
  marker: string;
}

/** `block-registry import FILE.py` of `source`, with a marker in the run's environment. */
async function importPython(source: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<HostileImport> {
  const marker = `block-registry-hostile-prefect-${randomUUID()}`;
  markers.push(marker);
  const file = join(workspace.folder, `hostile_${markers.length}.py`);
  writeFileSync(file, source);
  const dbPath = join(workspace.folder, `registry-${markers.length}.sqlite`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, BLOCK_REGISTRY_PYTHON: prefectPython(), BLOCK_REGISTRY_HOSTILE_MARKER: marker, ...extraEnv };
  const result = await cliWithEnv(env, 'import', file, '--db', dbPath);
  return { result, file, dbPath, marker };
}

function expectNothingLeft(run: HostileImport): void {
  expect(processesWith(run.marker)).toEqual([]);
  expect(readdirSync(workspace.privateTmp).filter((name) => name.startsWith('block-registry-'))).toEqual([]);
}

describe('hostile .py block files', () => {
  it('one that leaves processes behind and floods its output still registers when Python exits, and what it left is killed', async () => {
    // Before, the run waited for the whole timeout (its children held the output pipes) and failed with "did not finish".
    const run = await importPython(
      `import os, subprocess, sys
from prefect.blocks.core import Block

subprocess.Popen(${SLEEPER})
subprocess.Popen(${SLEEPER}, start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, ${SLEEPER})
    os._exit(0)
if os.fork() == 0:
    # A bare fork keeps every descriptor of the interpreter, the document channel's too.
    import time
    time.sleep(600)
    os._exit(0)
line = "x" * 1023
for _ in range(100 * 1024):
    print(line)
sys.stderr.write("e" * (5 * 1024 * 1024))

class Survivor(Block):
    """A block whose module misbehaves."""
    x: int = 1
`,
      { BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '30000' },
    );
    expect(run.result.stderr).toContain(`Read with ${prefectPython()} (from BLOCK_REGISTRY_PYTHON): Python `);
    expect(run.result.code).toBe(0);
    const registry = await openRegistryDatabase(run.dbPath);
    expect(await readBlockTypeBySlug(registry.db, 'survivor')).toMatchObject({ name: 'Survivor', description: 'A block whose module misbehaves.' });
    await registry.close();
    expectNothingLeft(run);
  });

  it('one that starts a process in a session of its own and hangs is stopped at the timeout with it', async () => {
    const run = await importPython(`import subprocess, sys, time\nsubprocess.Popen(${SLEEPER}, start_new_session=True)\nwhile True:\n    time.sleep(1)\n`, {
      BLOCK_REGISTRY_PYTHON_TIMEOUT_MS: '8000',
    });
    expect(run.result.code).toBe(1);
    expect(run.result.stderr).toContain(`${run.file}: Python did not finish within 8 s; it was stopped (set BLOCK_REGISTRY_PYTHON_TIMEOUT_MS for more time).`);
    expectNothingLeft(run);
  });

  it("junk on the document channel, printed by the interpreter's start-up (a sitecustomize, unbuffered): said what it is", async () => {
    const site = join(workspace.folder, 'site');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'sitecustomize.py'), 'print("hello from sitecustomize")\n');
    // Buffered, the print would be flushed at exit into stderr, where the script sends the user's output.
    const run = await importPython('from prefect.blocks.core import Block\n\nclass Fine(Block):\n    x: int = 1\n', { PYTHONPATH: site, PYTHONUNBUFFERED: '1' });
    expect(run.result.code).toBe(1);
    expect(run.result.stderr).toContain(
      `${run.file}: the block extraction script did not give the JSON document it promises when run by ${prefectPython()} (from BLOCK_REGISTRY_PYTHON) (something printed on stdout before its document, at the interpreter's start-up (a sitecustomize or usercustomize module, or a .pth file?), exit code 0).`,
    );
    expectNothingLeft(run);
  });
});
