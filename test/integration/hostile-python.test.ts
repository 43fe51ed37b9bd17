// Hostile Python, with the system's real interpreter and the real supervisor (no Prefect needed):
// stand-in extraction scripts that do what a hostile or careless `.py` file can do, then check
// what the person is told and that nothing of the run is left, neither a process (found by a
// marker in its environment, which every process of the run inherits) nor a temporary folder.
// The same with real Prefect and real block files: test/prefect/hostile-python.test.ts.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath, type PythonInterpreter } from '../../src/main/python/interpreter';
import { runExtraction, type Extraction } from '../../src/main/python/run-extraction';
import { RegistryError } from '../../src/shared/errors';
import { processesWith, useHostileRunsWorkspace } from '../helpers/processes';

const python3 = findOnPath('python3', process.env.PATH ?? '');
if (python3 === null) throw new Error('These tests need python3 on PATH (any Python 3.8 or later; Prefect is not needed).');
const interpreter: PythonInterpreter = { command: python3, origin: '--python' };
const named = `${python3} (from --python)`;

// Temporary folders go to a folder of this file's own, so that what a run leaves there is its own;
// should a run ever leave a process (a regression), it does not outlive this file.
const workspace = useHostileRunsWorkspace('block-registry-hostile-');
const { markers } = workspace;

const DOCUMENT = '{"protocol": 1, "ok": true, "python": "3.12.0", "prefect": "3.9.1", "executable": "/stand-in", "blocks": []}';

/** What every stand-in script starts with: `sleeper(name)` is a command that sleeps, named in its command line. */
const PRELUDE = `import os, subprocess, sys, time
def sleeper(name):
    return [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)", name]
def document(text):
    sys.stdout.write(text)
    sys.stdout.flush()
`;

interface HostileRun {
  /** The extraction, or the message of the error the person is shown. */
  outcome: Extraction | string;
  marker: string;
}

/** Runs a stand-in extraction script (`body` after the prelude) as the app runs the real one. */
async function runStandIn(body: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<HostileRun> {
  const marker = `block-registry-hostile-${randomUUID()}`;
  markers.push(marker);
  const script = join(workspace.folder, `${marker}.py`);
  writeFileSync(script, `${PRELUDE}${body}\n`);
  const target = { kind: 'file' as const, path: join(workspace.folder, 'my_blocks.py'), label: 'my_blocks.py' };
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, BLOCK_REGISTRY_HOSTILE_MARKER: marker };
  try {
    const extraction = await runExtraction(target, { interpreter, timeoutMs: options.timeoutMs ?? 20_000, env, script, cwd: workspace.folder, signal: options.signal });
    return { outcome: extraction, marker };
  } catch (error) {
    if (error instanceof RegistryError) return { outcome: error.message, marker };
    throw error;
  }
}

/** Nothing of the run is left: no process of it, no temporary folder. */
function expectNothingLeft(run: HostileRun): void {
  expect(processesWith(run.marker)).toEqual([]);
  expect(readdirSync(workspace.privateTmp).filter((name) => name.startsWith('block-registry-'))).toEqual([]);
}

function expectFinished(run: HostileRun): void {
  if (typeof run.outcome === 'string') throw new Error(`expected the run to finish, got: ${run.outcome}`);
  expect(run.outcome.blocks).toEqual([]);
  expectNothingLeft(run);
}

const badOutput = (why: string): string => `my_blocks.py: the block extraction script did not give the JSON document it promises when run by ${named} (${why}).`;

describe('a run that started processes and finished is over when Python exits; what it left is killed', () => {
  // Each of these waited for the whole timeout (a process it left holds the output pipes) and failed with "did not finish".
  it.each([
    ['a child in the same process group', 'subprocess.Popen(sleeper("child"))'],
    ['a child in a session of its own', 'subprocess.Popen(sleeper("own-session"), start_new_session=True)'],
    ['a daemon (double fork: setsid, then fork again)', 'if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execv(sys.executable, sleeper("daemon"))\n    os._exit(0)'],
    ['a fork that keeps the document channel open', 'if os.fork() == 0:\n    os.setsid()\n    time.sleep(600)\n    os._exit(0)'],
  ])('%s', async (_, start) => {
    const run = await runStandIn(`${start}\ndocument(${JSON.stringify(DOCUMENT)})`);
    expectFinished(run);
  });
});

describe('a run that does not finish is stopped with everything it started', () => {
  it('a child in a session of its own, then a hang: the timeout, and nothing left', async () => {
    const run = await runStandIn('subprocess.Popen(sleeper("own-session"), start_new_session=True)\nwhile True:\n    time.sleep(1)', { timeoutMs: 2000 });
    expect(run.outcome).toBe('my_blocks.py: Python did not finish within 2 s; it was stopped (set BLOCK_REGISTRY_PYTHON_TIMEOUT_MS for more time).');
    expectNothingLeft(run);
  });

  it('a daemon that ignores SIGTERM, and a script that ignores it too: the timeout, and nothing left', async () => {
    const run = await runStandIn(
      'import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execv(sys.executable, sleeper("daemon"))\n    os._exit(0)\nwhile True:\n    time.sleep(1)',
      { timeoutMs: 2000 },
    );
    expect(run.outcome).toBe('my_blocks.py: Python did not finish within 2 s; it was stopped (set BLOCK_REGISTRY_PYTHON_TIMEOUT_MS for more time).');
    expectNothingLeft(run);
  });

  it('cancelled (the window): nothing left', async () => {
    const controller = new AbortController();
    const started = join(workspace.folder, `started-${randomUUID()}`);
    const running = runStandIn(`subprocess.Popen(sleeper("own-session"), start_new_session=True)\nopen(${JSON.stringify(started)}, "w").close()\nwhile True:\n    time.sleep(1)`, {
      signal: controller.signal,
    });
    await expect.poll(() => readdirSync(workspace.folder).includes(started.slice(workspace.folder.length + 1)), { timeout: 15_000 }).toBe(true);
    controller.abort();
    const run = await running;
    expect(run.outcome).toBe('my_blocks.py: cancelled: the Python run was stopped before it finished.');
    expectNothingLeft(run);
  });
});

describe('output: huge, or not the one document promised', () => {
  it('more than 64 MB on the document channel: stopped, and said so', async () => {
    const run = await runStandIn('chunk = b"x" * (1024 * 1024)\nfor _ in range(80):\n    sys.stdout.buffer.write(chunk)\nsys.stdout.flush()\ntime.sleep(600)');
    expect(run.outcome).toBe(badOutput('more than 64 MB on stdout; it was stopped'));
    expectNothingLeft(run);
  });

  it('a flood on stderr does not disturb the document', async () => {
    const run = await runStandIn(`chunk = "e" * (1024 * 1024)\nfor _ in range(100):\n    sys.stderr.write(chunk + "\\n")\ndocument(${JSON.stringify(DOCUMENT)})`);
    expectFinished(run);
  });

  it('a flood on stderr in one line, then junk: the message keeps the start of that line only', async () => {
    const run = await runStandIn('sys.stderr.write("e" * (8 * 1024 * 1024))\ndocument("junk")');
    expect(run.outcome).toBe(badOutput(`stdout is not one JSON document: Invalid JSON at line 1, column 1: JSON value expected, found 'j', exit code 0; last line of stderr: ${'e'.repeat(300)}…`));
    expectNothingLeft(run);
  });

  it.each([
    ['not JSON', 'Python 2.7.18\n', "stdout is not one JSON document: Invalid JSON at line 1, column 1: JSON value expected, found 'P', exit code 0"],
    ['two documents', `${DOCUMENT}\n${DOCUMENT}\n`, "stdout is not one JSON document: Invalid JSON at line 2, column 1: Unexpected '{' after the JSON value, exit code 0"],
    ['a document cut short', DOCUMENT.slice(0, 40), `stdout is not one JSON document: Invalid JSON at line 1, column 41: End of string '"' expected, exit code 0`],
    [
      'junk before the document',
      `hello from sitecustomize\n${DOCUMENT}\n`,
      "something printed on stdout before its document, at the interpreter's start-up (a sitecustomize or usercustomize module, or a .pth file?), exit code 0",
    ],
    ['JSON that is not the document', '{"ok": true}', 'stdout is JSON, but not its document, exit code 0'],
    ['nothing at all', '', 'nothing on stdout, exit code 0'],
  ])('%s', async (_, text, why) => {
    const run = await runStandIn(`document(${JSON.stringify(text)})`);
    expect(run.outcome).toBe(badOutput(why));
    expectNothingLeft(run);
  });

  it('not UTF-8, and an exit code', async () => {
    const run = await runStandIn('sys.stdout.buffer.write(b"\\xff\\xfe{}")\nsys.stdout.flush()\nsys.exit(3)');
    expect(run.outcome).toBe(badOutput('stdout is not UTF-8, exit code 3'));
    expectNothingLeft(run);
  });
});

describe('an interrupted command line (Ctrl-C)', () => {
  it('takes the run, everything it started and its temporary folder with it', async () => {
    const marker = `block-registry-hostile-cli-${randomUUID()}`;
    markers.push(marker);
    // Hostile code that runs before the extraction script: a sitecustomize on PYTHONPATH.
    const site = join(workspace.folder, 'site');
    mkdirSync(site, { recursive: true });
    // Its child runs without it (else every Python it starts would start one more).
    writeFileSync(
      join(site, 'sitecustomize.py'),
      `import os, subprocess, sys, time\nenv = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "${marker}"], env=env, start_new_session=True)\ntime.sleep(600)\n`,
    );
    const blocks = join(workspace.folder, 'blocks.py');
    writeFileSync(blocks, 'x = 1\n');
    const cliTmp = join(workspace.folder, 'cli-tmp');
    mkdirSync(cliTmp);
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const cli = spawn(tsx, [join(process.cwd(), 'src', 'main', 'cli', 'main.ts'), 'import', blocks, '--python', python3, '--db', join(workspace.folder, 'interrupted.sqlite')], {
      stdio: 'ignore',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: cliTmp, PYTHONPATH: site },
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code, signal) => resolve(signal === null ? code : 128)));
    await expect.poll(() => processesWith(marker).length, { timeout: 20_000 }).toBe(1);
    expect(readdirSync(cliTmp).filter((name) => name.startsWith('block-registry-prefect-home-'))).toHaveLength(1);
    cli.kill('SIGINT');
    // tsx relays the signal to the command line it runs, and ends when it ends.
    await exited;
    expect.soft(processesWith(marker)).toEqual([]);
    expect.soft(readdirSync(cliTmp).filter((name) => name.startsWith('block-registry-'))).toEqual([]);
  });
});
