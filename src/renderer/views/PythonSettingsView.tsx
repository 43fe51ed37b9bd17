// The Python settings: which interpreter reads `.py` block files (empty: the automatic choice, as
// the command line makes it), "Find" to see which one that is and whether it has Prefect, and
// whether `.py` files in the auto-register folder run at launch (off unless turned on).
import { useId } from 'react';
import { href } from '../model/routes';
import { useDocumentTitle } from '../hooks/use-document-title';
import { usePythonSettings, type ProbeState, type PythonSettingsForm } from '../hooks/use-python-settings';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { useRegistryStore } from '../store/context';
import './PythonSettingsView.css';

function InterpreterField({ form, pathId }: { form: PythonSettingsForm; pathId: string }) {
  const pathHelpId = useId();
  return (
    <div className="python-settings-field">
      <label htmlFor={pathId}>Python interpreter</label>
      <div className="python-settings-row">
        <input
          id={pathId}
          type="text"
          value={form.path}
          placeholder="Automatic"
          spellCheck={false}
          autoComplete="off"
          aria-describedby={pathHelpId}
          onChange={(event) => form.editPath(event.target.value)}
        />
        <button type="button" className="button" onClick={() => void form.find()} disabled={form.probe.status === 'probing'}>
          Find
        </button>
      </div>
      <p id={pathHelpId} className="muted">
        The full path of a <code>python</code> with Prefect installed (e.g. <code>/home/me/project/.venv/bin/python</code>
        {'). Empty: BLOCK_REGISTRY_PYTHON, else the active virtual environment, else '}
        <code>python3</code> or <code>python</code> on PATH.
      </p>
    </div>
  );
}

function LaunchToggle({ form, pathId }: { form: PythonSettingsForm; pathId: string }) {
  const launchHelpId = useId();
  return (
    <div className="python-settings-toggle">
      <input id={`${pathId}-launch`} type="checkbox" checked={form.atLaunch} aria-describedby={launchHelpId} onChange={(event) => form.editAtLaunch(event.target.checked)} />
      <div>
        <label htmlFor={`${pathId}-launch`}>Run .py files in the auto-register folder at launch</label>
        <p id={launchHelpId} className="muted">
          Off by default: launch then reports each <code>.py</code> file there as skipped, unread. On: each runs in this Python at every launch where it changed, and is reported like any other file.
        </p>
      </div>
    </div>
  );
}

function SettingsForm({ form }: { form: PythonSettingsForm }) {
  const pathId = useId();
  const { save } = form;
  return (
    <form onSubmit={(event) => void form.submit(event)}>
      <InterpreterField form={form} pathId={pathId} />
      <ProbeResult state={form.probe} />
      <LaunchToggle form={form} pathId={pathId} />
      {save.status === 'error' && <ErrorAlert error={save.error} title="Could not save the Python settings" />}
      <div className="python-settings-row">
        <button type="submit" className="button button-primary" disabled={save.status === 'saving' || !form.changed}>
          Save
        </button>
        <span role="status" className="muted">
          {save.status === 'saved' ? 'Saved.' : form.changed ? 'Not saved yet.' : ''}
        </span>
      </div>
    </form>
  );
}

export function PythonSettingsView() {
  const store = useRegistryStore();
  const form = usePythonSettings(store.getState().api);
  useDocumentTitle('Python settings');
  return (
    <div className="python-settings">
      <Breadcrumb items={[{ label: 'Catalogue', href: href.catalogue() }, { label: 'Python settings' }]} />
      <h1 tabIndex={-1}>Python settings</h1>
      <p className="muted">
        A <code>.py</code> block file is read by Prefect itself, in your Python: the app runs it (after asking you) as <code>prefect block register -f</code> would, and shows its blocks in the import
        preview.
      </p>
      {form.loaded.status === 'loading' && <Loading label="Loading the Python settings…" />}
      {form.loaded.status === 'error' && <ErrorAlert error={form.loaded.error} title="Could not load the Python settings" />}
      {form.loaded.status === 'ready' && <SettingsForm form={form} />}
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
