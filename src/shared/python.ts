// What the window knows about running Python for `.py` block files: the person's settings, what a
// probe of the interpreter found, and the question asked before a dropped `.py` file runs.
// Types only: the contract (and so the sandboxed preload) imports them.

/** The window's Python settings, kept in the user-data folder. */
export interface PythonPreferences {
  /** The interpreter to run; empty for automatic (BLOCK_REGISTRY_PYTHON, VIRTUAL_ENV, python3/python on PATH). */
  interpreter_path: string;
  /** Whether `.py` files in the auto-register folder run at launch (off unless the person turns it on). */
  run_at_launch: boolean;
}

/** Where the interpreter came from: the setting, or the automatic choice's step. */
export type PythonOrigin = 'setting' | 'BLOCK_REGISTRY_PYTHON' | 'VIRTUAL_ENV' | 'PATH';

export interface PythonInterpreterInfo {
  /** What runs: an absolute path (a name given is looked up on PATH). */
  path: string;
  origin: PythonOrigin;
}

/** The Python that read a `.py` file, as the import preview shows it. */
export interface PythonRuntimeInfo extends PythonInterpreterInfo {
  python_version: string;
  prefect_version: string;
}

/** What probing the interpreter found; `ok` only when it runs and has Prefect. */
export interface PythonProbe {
  ok: boolean;
  /** The interpreter tried; null when none was found at all. */
  interpreter: PythonInterpreterInfo | null;
  python_version: string | null;
  prefect_version: string | null;
  /** One sentence a person can act on ("… has no prefect: pip install prefect …"), or what was found. */
  message: string;
}

/**
 * previewImport's answer when the files include `.py` files not yet confirmed: nothing ran. The
 * window asks the person, then calls again with `run_python` naming the files they confirmed.
 */
export interface PythonConfirmationRequest {
  kind: 'needs_confirmation';
  /** The `.py` files that would run, by name, in the order given. */
  python_files: string[];
  /** The interpreter that would run them. */
  interpreter: PythonInterpreterInfo;
  /** The files of the call, kept in main for a while: the confirming call sends this instead of them. */
  files_id?: string;
}

/** Whether a previewImport answer is the question rather than a preview. */
export function needsConfirmation(value: object): value is PythonConfirmationRequest {
  return 'kind' in value && value.kind === 'needs_confirmation';
}
