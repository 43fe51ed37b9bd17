// How the caller lets a `.py` block file be read: which Python, how long it may run. Given only
// by callers that may run user code (the command line's `import`, later the window after the
// user confirms); the others pass none and `.py` files are refused.
import type { PythonInterpreter } from './interpreter';

export interface PythonSettings {
  /** `--python PATH` (or the window's setting); else BLOCK_REGISTRY_PYTHON, VIRTUAL_ENV, PATH in `env`. */
  python?: string | undefined;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** The folder a module import runs in; a file runs in the current folder, as Prefect's CLI run there. */
  cwd?: string | undefined;
  /** Aborting it stops the run: its process group is killed (the window's Cancel). */
  signal?: AbortSignal;
}

/** The Python that read a file, as the command line reports it. */
export interface PythonRuntime {
  interpreter: PythonInterpreter;
  executable: string;
  pythonVersion: string;
  prefectVersion: string;
}
