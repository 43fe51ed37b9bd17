// The auto-register folder: where it is, what it does, and a button that opens it.
import { useId, useState } from 'react';
import type { ApiError } from '../../shared/contract';
import { useRegistry, useRegistryStore } from '../store/context';
import { CopyButton } from './CopyButton';
import { ErrorAlert } from './ErrorAlert';
import './AutoRegisterFolder.css';

type OpenState = { status: 'idle' } | { status: 'opening' } | { status: 'opened'; path: string } | { status: 'error'; error: ApiError };

export function AutoRegisterFolder() {
  const store = useRegistryStore();
  const folder = useRegistry((state) => state.overview?.auto_register_folder ?? null);
  const [state, setState] = useState<OpenState>({ status: 'idle' });
  const id = useId();
  if (folder === null) return null;
  const open = async (): Promise<void> => {
    setState({ status: 'opening' });
    const response = await store.getState().openAutoRegisterFolder();
    setState(response.ok ? { status: 'opened', path: response.value.path } : { status: 'error', error: response.error });
  };
  return (
    <section className="section folder-section" aria-labelledby={id}>
      <div className="section-heading">
        <h2 id={id}>Auto-register folder</h2>
        <button type="button" className="button" onClick={() => void open()} disabled={state.status === 'opening'}>
          Open folder
        </button>
      </div>
      <p className="folder-explanation">
        Files placed here are registered at every launch, after the bundled sources. Each file is a source of its own below: a file with errors is reported and skipped, the others still register.
      </p>
      <p className="folder-path">
        <code className="checksum">{folder}</code> <CopyButton text={folder} label="Copy path" />
      </p>
      {state.status === 'opened' && (
        <p className="folder-feedback" role="status">
          {`Opened ${state.path} in the file manager.`}
        </p>
      )}
      {state.status === 'error' && <ErrorAlert error={state.error} title="Could not open the folder" onDismiss={() => setState({ status: 'idle' })} />}
    </section>
  );
}
