// Runs the extraction script (resources/python/extract_blocks.py) in the chosen Python, in a
// child process of its own: user code runs there, never in the app. It is stopped with every
// process it started when it passes the timeout (supervisor.ts), it is over when Python exits
// (not when a background process it left lets go of the output), Prefect is kept offline in a
// temporary home, and no bytecode is written beside the user's file: nothing of the run is left
// behind, even when the command line is interrupted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from '../../shared/errors';
import { describeInterpreter, type PythonInterpreter } from './interpreter';
import { removedIfInterrupted, runProcess } from './process-group';
import { copyBundledScript, pythonCommand } from './supervisor';
import { readExtractionOutputs, type Extraction, type ExtractionTarget } from './extraction-output';

export type { Extraction, ExtractionTarget } from './extraction-output';

export const EXTRACTION_SCRIPT = 'python/extract_blocks.py';
export const DEFAULT_PYTHON_TIMEOUT_MS = 60_000;

export interface ExtractionOptions {
  interpreter: PythonInterpreter;
  timeoutMs: number;
  /** The folder it runs in (Prefect puts it on sys.path for a file, as `prefect block register -f` run there would). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The extraction script; the bundled one by default. */
  script?: string;
  /** Aborting it stops the run (the window's Cancel): the process group is killed. */
  signal?: AbortSignal | undefined;
}

/**
 * The longest timeout: Node's timers take a signed 32-bit delay, and a longer one fires at once
 * (with a warning), which would stop every run as soon as it started.
 */
export const MAX_PYTHON_TIMEOUT_MS = 2 ** 31 - 1;

/** BLOCK_REGISTRY_PYTHON_TIMEOUT_MS as milliseconds, or a message saying what is wrong with it. */
export function parsePythonTimeout(text: string | undefined): { ok: true; ms: number } | { ok: false; message: string } {
  if (text === undefined || text.trim() === '') return { ok: true, ms: DEFAULT_PYTHON_TIMEOUT_MS };
  if (!/^\s*[0-9]+\s*$/.test(text) || Number(text) < 1 || Number(text) > MAX_PYTHON_TIMEOUT_MS) {
    return { ok: false, message: `BLOCK_REGISTRY_PYTHON_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_PYTHON_TIMEOUT_MS} (about 24.8 days) (got '${text}')` };
  }
  return { ok: true, ms: Number(text) };
}

/** The environment of the run: the user's, without their Prefect settings, offline and quiet in `home`. */
export function extractionEnv(base: NodeJS.ProcessEnv, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!key.startsWith('PREFECT_')) env[key] = value;
  return {
    ...env,
    PREFECT_HOME: home,
    PREFECT_PROFILES_PATH: join(home, 'profiles.toml'),
    PREFECT_LOGGING_LEVEL: 'WARNING',
    PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
    DO_NOT_TRACK: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONUTF8: '1',
  };
}

/** The blocks the script found, or a RegistryError saying plainly what went wrong. */
export async function runExtraction(target: ExtractionTarget, options: ExtractionOptions): Promise<Extraction> {
  const [extraction] = await runExtractions([target], options);
  if (extraction instanceof RegistryError || extraction === undefined) throw extraction ?? new RegistryError('internal', `${labelOf(target)}: no extraction`);
  return extraction;
}

/**
 * Several files and modules read in one run of the script (importing Prefect alone takes
 * seconds): each target's blocks, or the RegistryError for its failure, in order. A failure of the
 * run itself (no interpreter, the timeout, a cancel) is thrown, naming the targets.
 */
export async function runExtractions(targets: readonly ExtractionTarget[], options: ExtractionOptions): Promise<Array<Extraction | RegistryError>> {
  const home = mkdtempSync(join(tmpdir(), 'block-registry-prefect-home-'));
  const release = removedIfInterrupted(home);
  const label = targets.map(labelOf).join(', ');
  try {
    const script = options.script ?? copyBundledScript(EXTRACTION_SCRIPT, home);
    const targetArgs = targets.flatMap((target) => (target.kind === 'file' ? ['--file', target.path] : ['--module', target.name]));
    const command = pythonCommand(options.interpreter.command, [script, ...targetArgs], home);
    const run = await runProcess(options.interpreter.command, command.args, {
      cwd: options.cwd,
      env: extractionEnv(options.env ?? process.env, home),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      supervised: command.supervised,
    });
    if (run.kind === 'spawn-error') {
      throw new RegistryError('python', `Cannot run the Python interpreter ${describeInterpreter(options.interpreter)}: ${run.message}.`);
    }
    if (run.kind === 'cancelled') {
      const message = 'cancelled: the Python run was stopped before it finished.';
      throw new RegistryError('python', `${label}: ${message}`, [{ file: label, message }]);
    }
    if (run.kind === 'timeout') {
      const message = `Python did not finish within ${formatSeconds(options.timeoutMs)}; it was stopped (set BLOCK_REGISTRY_PYTHON_TIMEOUT_MS for more time).`;
      throw new RegistryError('python', `${label}: ${message}`, [{ file: label, message }]);
    }
    return readExtractionOutputs(targets, options.interpreter, run);
  } finally {
    rmSync(home, { recursive: true, force: true });
    release();
  }
}

export function labelOf(target: ExtractionTarget): string {
  return target.kind === 'file' ? target.label : `module ${target.name}`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
