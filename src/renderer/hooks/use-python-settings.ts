// The Python settings page's state: the settings main has saved, the form's two values, and what
// came of Find and of Save, with the calls that change them. Editing a value forgets the last
// save's outcome (and, for the interpreter, the last Find's).
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, RegistryApi } from '../../shared/contract';
import type { PythonPreferences, PythonProbe } from '../../shared/python';
import { safeCall } from '../bridge/api';

export type PythonSettingsLoad = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; saved: PythonPreferences };
export type ProbeState = { status: 'idle' } | { status: 'probing' } | { status: 'done'; probe: PythonProbe } | { status: 'error'; error: ApiError };
export type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'error'; error: ApiError };

export interface PythonSettingsForm {
  loaded: PythonSettingsLoad;
  /** The interpreter's path as typed ('' for the automatic choice). */
  path: string;
  atLaunch: boolean;
  probe: ProbeState;
  save: SaveState;
  /** Whether the form differs from what is saved. */
  changed: boolean;
  editPath: (path: string) => void;
  editAtLaunch: (atLaunch: boolean) => void;
  /** Asks main which interpreter the path gives and whether it has Prefect. */
  find: () => Promise<void>;
  submit: (event: FormEvent) => Promise<void>;
}

export function usePythonSettings(api: () => RegistryApi): PythonSettingsForm {
  const [loaded, setLoaded] = useState<PythonSettingsLoad>({ status: 'loading' });
  const [path, setPath] = useState('');
  const [atLaunch, setAtLaunch] = useState(false);
  const [probe, setProbe] = useState<ProbeState>({ status: 'idle' });
  const [save, setSave] = useState<SaveState>({ status: 'idle' });

  useEffect(() => {
    let live = true;
    void safeCall(() => api().getPythonSettings()).then((response) => {
      if (!live) return;
      if (!response.ok) {
        setLoaded({ status: 'error', error: response.error });
        return;
      }
      setLoaded({ status: 'ready', saved: response.value });
      setPath(response.value.interpreter_path);
      setAtLaunch(response.value.run_at_launch);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const find = async (): Promise<void> => {
    setProbe({ status: 'probing' });
    const response = await safeCall(() => api().probePython({ interpreter_path: path.trim() }));
    setProbe(response.ok ? { status: 'done', probe: response.value } : { status: 'error', error: response.error });
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSave({ status: 'saving' });
    const response = await safeCall(() => api().savePythonSettings({ interpreter_path: path.trim(), run_at_launch: atLaunch }));
    if (!response.ok) {
      setSave({ status: 'error', error: response.error });
      return;
    }
    setLoaded({ status: 'ready', saved: response.value });
    setPath(response.value.interpreter_path);
    setSave({ status: 'saved' });
  };

  const editPath = (next: string): void => {
    setPath(next);
    setSave({ status: 'idle' });
    setProbe({ status: 'idle' });
  };
  const editAtLaunch = (next: boolean): void => {
    setAtLaunch(next);
    setSave({ status: 'idle' });
  };
  const changed = loaded.status === 'ready' && (loaded.saved.interpreter_path !== path.trim() || loaded.saved.run_at_launch !== atLaunch);
  return { loaded, path, atLaunch, probe, save, changed, editPath, editAtLaunch, find, submit };
}
