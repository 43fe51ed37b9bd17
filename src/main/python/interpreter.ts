// Which Python reads a `.py` block file: the one named on the command line, else
// BLOCK_REGISTRY_PYTHON, else the active virtual environment's, else python3 / python on PATH.
// The order a person expects: what they said beats what their shell happens to have active.
import { statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { RegistryError } from '../../shared/errors';

export type InterpreterOrigin = '--python' | 'BLOCK_REGISTRY_PYTHON' | 'VIRTUAL_ENV' | 'PATH';

export interface PythonInterpreter {
  /** What is spawned: an absolute path, or a name found on PATH (then resolved to its path). */
  command: string;
  /** Where the choice came from, for messages ("… from BLOCK_REGISTRY_PYTHON"). */
  origin: InterpreterOrigin;
}

export interface InterpreterRequest {
  /** `--python PATH` (or the window's setting, later). */
  python?: string | undefined;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** What a relative `--python` is relative to (the current folder by default). */
  cwd?: string;
  /** Whether a file exists and is not a folder; injected by tests. */
  isFile?: (path: string) => boolean;
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The interpreter to run, or a RegistryError saying how to give one. */
export function chooseInterpreter(request: InterpreterRequest): PythonInterpreter {
  const { env } = request;
  const platform = request.platform ?? process.platform;
  const fileExists = request.isFile ?? isFile;
  const given = (command: string, origin: InterpreterOrigin): PythonInterpreter => ({ command: resolveGiven(command, env.PATH ?? '', fileExists, request.cwd), origin });
  if (request.python !== undefined) return given(request.python, '--python');
  const fromEnv = env.BLOCK_REGISTRY_PYTHON;
  if (fromEnv !== undefined && fromEnv !== '') return given(fromEnv, 'BLOCK_REGISTRY_PYTHON');
  const venv = env.VIRTUAL_ENV;
  if (venv !== undefined && venv !== '') {
    const python = platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
    if (fileExists(python)) return { command: python, origin: 'VIRTUAL_ENV' };
  }
  const names = platform === 'win32' ? ['python3.exe', 'python.exe'] : ['python3', 'python'];
  for (const name of names) {
    const found = findOnPath(name, env.PATH ?? '', fileExists);
    if (found !== null) return { command: found, origin: 'PATH' };
  }
  throw noInterpreter();
}

/**
 * A name (`python3.12`) is looked up on PATH and a relative path taken from the current folder,
 * as the shell would: the run itself may start in another folder (a dropped file's copy).
 */
function resolveGiven(command: string, path: string, fileExists: (path: string) => boolean, cwd: string = process.cwd()): string {
  if (isAbsolute(command)) return command;
  if (!/[\\/]/.test(command)) return findOnPath(command, path, fileExists) ?? command;
  return resolve(cwd, command);
}

function noInterpreter(): RegistryError {
  return new RegistryError(
    'python',
    'No Python interpreter found: reading a .py block file needs Python with Prefect. Give --python PATH, set BLOCK_REGISTRY_PYTHON, or activate a virtual environment that has prefect.',
  );
}

/** The first `name` in the PATH folders, like the shell would run it. */
export function findOnPath(name: string, path: string, fileExists: (path: string) => boolean = isFile): string | null {
  for (const folder of path.split(delimiter)) {
    // An empty or relative entry means "the current folder": the shell's choice, not ours to make.
    if (folder === '' || !isAbsolute(folder)) continue;
    const candidate = join(folder, name);
    if (fileExists(candidate)) return candidate;
  }
  return null;
}

/** "/usr/bin/python3 (from PATH)". */
export function describeInterpreter(interpreter: PythonInterpreter): string {
  return `${interpreter.command} (from ${interpreter.origin})`;
}
