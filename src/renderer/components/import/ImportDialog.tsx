// The import preview: what registering the dropped files would do, and Register or Cancel.
// Nothing is written before Register; with any error, or nothing to change, Register is disabled.
import { useId } from 'react';
import { plural } from '../../model/format';
import { changesNothing, previewSummary } from '../../model/import-text';
import { useRegistry, useRegistryStore } from '../../store/context';
import { importDialogOpen } from '../../store/import-slice';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { Modal } from '../Modal';
import { PreviewFiles } from './PreviewFiles';
import { PreviewErrors, PreviewWarnings } from './PreviewIssues';
import { PreviewTypes } from './PreviewTypes';
import { PreviewPython } from './PreviewPython';
import './ImportDialog.css';

export function ImportDialog() {
  const store = useRegistryStore();
  const phase = useRegistry((state) => state.importPhase);
  const titleId = useId();
  const summaryId = useId();
  if (!importDialogOpen(phase)) return null;
  const { preview } = phase;
  const applying = phase.name === 'applying';
  const applyError = phase.name === 'preview' ? phase.error : null;
  const blocked = preview.errors.length > 0;
  const nothingToDo = changesNothing(preview.counts);
  const cancel = (): void => void store.getState().cancelImport();

  return (
    <Modal labelledBy={titleId} describedBy={summaryId} onEscape={cancel} className="import-dialog">
      <div className="modal-header">
        <h2 id={titleId}>Import preview</h2>
        <p id={summaryId} className="import-summary">
          {previewSummary(preview.counts)}
        </p>
      </div>
      <div className="modal-body">
        {applyError !== null && <ErrorAlert error={applyError} title="Could not register the import; nothing was written" />}
        <PreviewErrors errors={preview.errors} />
        <PreviewWarnings warnings={preview.warnings} />
        <PreviewFiles files={preview.files} errors={preview.errors} />
        <PreviewPython files={preview.files} />
        <PreviewTypes types={preview.block_types} />
      </div>
      <div className="modal-footer">
        <div className="modal-footer-note">
          {applying ? (
            <Loading label="Registering…" />
          ) : blocked ? (
            <p className="modal-blocked">{`Nothing will be written: this import has ${plural(preview.errors.length, 'error', 'errors')}.`}</p>
          ) : nothingToDo ? (
            <p className="muted">Nothing would change: every block type and schema in these files is already registered.</p>
          ) : (
            <p className="muted">Nothing is written until you register. All of it is registered, or none.</p>
          )}
        </div>
        <div className="modal-actions">
          <button type="button" className="button" onClick={cancel} disabled={applying}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={() => void store.getState().applyImport()} disabled={blocked || applying || nothingToDo}>
            Register
          </button>
        </div>
      </div>
    </Modal>
  );
}
