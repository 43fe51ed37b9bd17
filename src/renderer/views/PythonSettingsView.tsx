// The Python settings: which interpreter reads `.py` block files (empty: the automatic choice, as
// the command line makes it), "Find" to see which one that is and whether it has Prefect, and
// whether `.py` files in the auto-register folder run at launch (off unless turned on).
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiError } from '../../shared/contract';
import type { PythonPreferences, PythonProbe } from '../../shared/python';
import { safeCall } from '../bridge/api';
import { href } from '../model/routes';
import { useDocumentTitle } from '../hooks/use-document-title';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { useRegistryStore } from '../store/context';
import '../styles/python.css';

type Loaded = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; saved: PythonPreferences };
type ProbeState = { status: 'idle' } | { status: 'probing' } | { status: 'done'; probe: PythonProbe } | { status: 'error'; error: ApiError };
type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'error'; error: ApiError };

export function PythonSettingsView() {
  const store = useRegistryStore();
  const api = store.getState().api;
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [path, setPath] = useState('');
  const [atLaunch, setAtLaunch] = useState(false);
  const [probe, setProbe] = useState<ProbeState>({ status: 'idle' });
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const pathId = useId();
  const pathHelpId = useId();
  const launchHelpId = useId();
  useDocumentTitle('Python settings');

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

  const changed = loaded.status === 'ready' && (loaded.saved.interpreter_path !== path.trim() || loaded.saved.run_at_launch !== atLaunch);

  return (
    <div className="python-settings">
      <Breadcrumb items={[{ label: 'Catalogue', href: href.catalogue() }, { label: 'Python settings' }]} />
      <h1 tabIndex={-1}>Python settings</h1>
      <p className="muted">
        A <code>.py</code> block file is read by Prefect itself, in your Python: the app runs it (after asking you) as <code>prefect block register -f</code> would, and shows its blocks in the import
        preview.
      </p>
      {loaded.status === 'loading' && <Loading label="Loading the Python settings…" />}
      {loaded.status === 'error' && <ErrorAlert error={loaded.error} title="Could not load the Python settings" />}
      {loaded.status === 'ready' && (
        <form onSubmit={(event) => void submit(event)}>
          <div className="python-settings-field">
            <label htmlFor={pathId}>Python interpreter</label>
            <div className="python-settings-row">
              <input
                id={pathId}
                type="text"
                value={path}
                placeholder="Automatic"
                spellCheck={false}
                autoComplete="off"
                aria-describedby={pathHelpId}
                onChange={(event) => {
                  setPath(event.target.value);
                  setSave({ status: 'idle' });
                  setProbe({ status: 'idle' });
                }}
              />
              <button type="button" className="button" onClick={() => void find()} disabled={probe.status === 'probing'}>
                Find
              </button>
            </div>
            <p id={pathHelpId} className="muted">
              The full path of a <code>python</code> with Prefect installed (e.g. <code>/home/me/project/.venv/bin/python</code>). Empty: BLOCK_REGISTRY_PYTHON, else the active virtual environment,
              else <code>python3</code> or <code>python</code> on PATH.
            </p>
          </div>
          <ProbeResult state={probe} />
          <div className="python-settings-toggle">
            <input
              id={`${pathId}-launch`}
              type="checkbox"
              checked={atLaunch}
              aria-describedby={launchHelpId}
              onChange={(event) => {
                setAtLaunch(event.target.checked);
                setSave({ status: 'idle' });
              }}
            />
            <div>
              <label htmlFor={`${pathId}-launch`}>Run .py files in the auto-register folder at launch</label>
              <p id={launchHelpId} className="muted">
                Off by default: launch then reports each <code>.py</code> file there as skipped, unread. On: each runs in this Python at every launch where it changed, and is reported like any other
                file.
              </p>
            </div>
          </div>
          {save.status === 'error' && <ErrorAlert error={save.error} title="Could not save the Python settings" />}
          <div className="python-settings-row">
            <button type="submit" className="button button-primary" disabled={save.status === 'saving' || !changed}>
              Save
            </button>
            <span role="status" className="muted">
              {save.status === 'saved' ? 'Saved.' : changed ? 'Not saved yet.' : ''}
            </span>
          </div>
        </form>
      )}
    </div>
  );
}

function ProbeResult({ state }: { state: ProbeState }) {
  if (state.status === 'idle') return null;
  if (state.status === 'probing') return <Loading label="Looking for Python and Prefect…" />;
  if (state.status === 'error') return <ErrorAlert error={state.error} title="Could not look for Python" />;
  const { probe } = state;
  return (
    <div className={`python-probe ${probe.ok ? 'python-probe-ok' : 'python-probe-problem'}`} role="status" aria-label="What Find found">
      {probe.ok && probe.interpreter !== null ? (
        <p>
          Found <code className="python-interpreter-path">{probe.interpreter.path}</code>: Python {probe.python_version}, Prefect {probe.prefect_version}.
        </p>
      ) : (
        <p>{probe.message}</p>
      )}
    </div>
  );
}
