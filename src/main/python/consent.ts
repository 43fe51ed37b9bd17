// Whether a read may run Python, with which interpreter, and for which files: every caller that
// reads block files says so with one of these, and `pythonPermission` is the one place that
// decides (docs/decisions/python-consent.md). Reading a `.py` file runs its code; a JSON file
// never runs anything.
import type { PythonConfirmationRequest } from '../../shared/python';
import { RegistryError } from '../../shared/errors';
import { chooseWindowInterpreter, interpreterInfo, readPythonPreferences, windowPythonSettings } from './preferences';
import type { PythonSettings } from './settings';

export type PythonConsent =
  /** Nothing runs: each `.py` file is refused unread, for `reason` (a default says how to allow it). */
  | { kind: 'refused'; reason?: string }
  /**
   * Every `.py` file and module of the read runs with these settings: the person named them on
   * the command line, or turned on running the auto-register folder's files at launch.
   */
  | { kind: 'granted'; settings: PythonSettings }
  /**
   * The window: the interpreter its Python settings choose (`preferencesPath`), and only when
   * every `.py` file was confirmed by name with that very interpreter, as the person was asked.
   */
  | {
      kind: 'confirm';
      preferencesPath: string;
      env: NodeJS.ProcessEnv;
      confirmedFiles: readonly string[];
      confirmedInterpreter: string | undefined;
      /** Aborting it stops the run (the window's Cancel). */
      signal?: AbortSignal;
    };

/** What a read of files may do: run Python with `python`, or refuse `.py` files for `pythonRefusal`. */
export interface PythonPermission {
  python?: PythonSettings;
  pythonRefusal?: string;
}

/**
 * What the consent allows for a read whose `.py` files are `pythonFiles`: a permission, or the
 * question to ask first (nothing has run). Reads the window's settings only when there is a
 * `.py` file to run.
 */
export function pythonPermission(consent: PythonConsent, pythonFiles: readonly string[]): PythonPermission | PythonConfirmationRequest {
  if (pythonFiles.length === 0) return {};
  if (consent.kind === 'refused') return consent.reason === undefined ? {} : { pythonRefusal: consent.reason };
  if (consent.kind === 'granted') return { python: consent.settings };
  const preferences = readPythonPreferences(consent.preferencesPath);
  let interpreter;
  try {
    interpreter = chooseWindowInterpreter(preferences, consent.env);
  } catch (error) {
    // No interpreter to name, so nothing to confirm: each `.py` file is refused unread, saying how to give one.
    if (!(error instanceof RegistryError)) throw error;
    return { pythonRefusal: error.message };
  }
  const confirmed = new Set(consent.confirmedFiles);
  if (!pythonFiles.every((name) => confirmed.has(name)) || consent.confirmedInterpreter !== interpreter.command) {
    return { kind: 'needs_confirmation', python_files: [...pythonFiles], interpreter: interpreterInfo(interpreter) };
  }
  return { python: windowPythonSettings({ ...preferences, interpreter_path: interpreter.command }, consent.env, consent.signal) };
}
