// Before a dropped `.py` file runs: running it executes its code, as `prefect block register -f`
// does, so the window says which file runs with which Python and waits for the person's word.
// Nothing has run while this is open; Cancel leaves it so.
import { useId } from 'react';
import { href } from '../../model/routes';
import { useRegistry, useRegistryStore } from '../../store/context';
import { Modal } from '../Modal';
import './PythonConfirmDialog.css';

const ORIGIN_TEXT = {
  setting: 'from the Python settings',
  BLOCK_REGISTRY_PYTHON: 'from BLOCK_REGISTRY_PYTHON',
  VIRTUAL_ENV: 'the active virtual environment',
  PATH: 'found on PATH',
} as const;

export function PythonConfirmDialog() {
  const store = useRegistryStore();
  const phase = useRegistry((state) => state.importPhase);
  const titleId = useId();
  const bodyId = useId();
  if (phase.name !== 'confirming') return null;
  const { python_files: files, interpreter } = phase.request;
  const cancel = (): void => void store.getState().cancelImport();
  const names = files.join(', ');
  return (
    <Modal labelledBy={titleId} describedBy={bodyId} onEscape={cancel} className="python-confirm-dialog">
      <div className="modal-header">
        <h2 id={titleId}>{files.length === 1 ? 'Run this Python file?' : `Run these ${files.length} Python files?`}</h2>
      </div>
      <div className="modal-body" id={bodyId}>
        <p className="python-confirm-sentence">
          This runs <strong className="python-file-names">{names}</strong> with <code className="python-interpreter-path">{interpreter.path}</code> — it executes the file&apos;s code, as{' '}
          <code>prefect block register -f</code> does.
        </p>
        <p className="muted">
          {`The interpreter is ${ORIGIN_TEXT[interpreter.origin]}. `}
          The run happens in a separate process, offline, with a temporary Prefect home; nothing is registered until you press Register in the preview.{' '}
          <a href={href.pythonSettings()}>Python settings</a>
        </p>
      </div>
      <div className="modal-footer">
        <div className="modal-footer-note">
          <p className="muted">Only run files you trust. JSON files never run anything.</p>
        </div>
        <div className="modal-actions">
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={() => void store.getState().confirmPython()}>
            {files.length === 1 ? 'Run and preview' : 'Run them and preview'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
