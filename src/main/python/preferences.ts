// The window's Python settings, in a JSON file in the app's user-data folder (where its database
// is; the command line never reads it): which interpreter (empty for the automatic choice) and whether `.py` files in the
// auto-register folder run at launch. Written atomically; a missing or unreadable file means the
// defaults, so that a damaged settings file never stops a launch and never turns running code on.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { PythonInterpreterInfo, PythonPreferences, PythonRuntimeInfo } from '../../shared/python';
import { replaceFileAtomic } from '../db/atomic-file';
import { chooseInterpreter, type PythonInterpreter } from './interpreter';
import { DEFAULT_PYTHON_TIMEOUT_MS, parsePythonTimeout } from './run-extraction';
import type { PythonRuntime, PythonSettings } from './settings';

export const PYTHON_SETTINGS_FILE = 'python-settings.json';

export const DEFAULT_PYTHON_PREFERENCES: PythonPreferences = { interpreter_path: '', run_at_launch: false };

/** Empty (automatic), an absolute path, or a name looked up on PATH (`python3.12`): never relative to wherever the app was started. */
export const interpreterPathSchema = z
  .string()
  .max(4096)
  .trim()
  .refine((path) => path === '' || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || !/[\\/]/.test(path), {
    error: 'must be empty (automatic), an absolute path, or a command name found on PATH',
  });

export const pythonPreferencesSchema = z.strictObject({ interpreter_path: interpreterPathSchema, run_at_launch: z.boolean() });

/** The settings file in the desktop app's user-data folder. */
export function pythonPreferencesPath(userDataDir: string): string {
  return join(userDataDir, PYTHON_SETTINGS_FILE);
}

export function readPythonPreferences(path: string): PythonPreferences {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { ...DEFAULT_PYTHON_PREFERENCES };
  }
  try {
    const parsed = pythonPreferencesSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { ...DEFAULT_PYTHON_PREFERENCES };
  } catch {
    return { ...DEFAULT_PYTHON_PREFERENCES };
  }
}

export function writePythonPreferences(path: string, preferences: PythonPreferences): PythonPreferences {
  const stored: PythonPreferences = { interpreter_path: preferences.interpreter_path.trim(), run_at_launch: preferences.run_at_launch };
  mkdirSync(dirname(path), { recursive: true });
  replaceFileAtomic(path, new TextEncoder().encode(`${JSON.stringify(stored, null, 2)}\n`));
  return stored;
}

/** The interpreter the settings choose (the path given, else the command line's automatic order); throws a RegistryError when none is found. */
export function chooseWindowInterpreter(preferences: PythonPreferences, env: NodeJS.ProcessEnv): PythonInterpreter {
  return chooseInterpreter({ python: preferences.interpreter_path === '' ? undefined : preferences.interpreter_path, env });
}

export function interpreterInfo(interpreter: PythonInterpreter): PythonInterpreterInfo {
  return { path: interpreter.command, origin: interpreter.origin === '--python' ? 'setting' : interpreter.origin };
}

export function runtimeInfo(runtime: PythonRuntime): PythonRuntimeInfo {
  return { ...interpreterInfo(runtime.interpreter), python_version: runtime.pythonVersion, prefect_version: runtime.prefectVersion };
}

/** BLOCK_REGISTRY_PYTHON_TIMEOUT_MS when it is a whole number, else the default (the window has no usage error to show). */
export function windowPythonTimeout(env: NodeJS.ProcessEnv): number {
  const parsed = parsePythonTimeout(env.BLOCK_REGISTRY_PYTHON_TIMEOUT_MS);
  return parsed.ok ? parsed.ms : DEFAULT_PYTHON_TIMEOUT_MS;
}

/** How a run the person allowed reads `.py` files with these settings. */
export function windowPythonSettings(preferences: PythonPreferences, env: NodeJS.ProcessEnv, signal?: AbortSignal): PythonSettings {
  const settings: PythonSettings = { python: preferences.interpreter_path === '' ? undefined : preferences.interpreter_path, env, timeoutMs: windowPythonTimeout(env) };
  if (signal !== undefined) settings.signal = signal;
  return settings;
}
