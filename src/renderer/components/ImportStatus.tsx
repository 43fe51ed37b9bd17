// The import's progress and outcome outside the dialog: reading (with a bar for large files),
// checking, the registration's result with links to what changed and to its details, or why it
// was refused.
import type { ReactNode } from 'react';
import { href } from '../model/routes';
import { formatBytes, readingLabel, reportSummary } from '../model/import-text';
import { LARGE_FILE_BYTES } from '../bridge/read-files';
import { plural } from '../model/format';
import { useRegistry, useRegistryStore } from '../store/context';
import type { ImportPhase } from '../store/import-slice';
import { ErrorAlert } from './ErrorAlert';
import './ImportStatus.css';

/** How many changed block types the success toast links to; the report has them all. */
const SHOWN_CHANGES = 5;

/** A status toast for work under way (reading, checking): a spinner, the title, optional details and Cancel. */
function BusyToast({ title, onCancel, children }: { title: string; onCancel: () => void; children?: ReactNode }) {
  return (
    <div className="toast" role="status">
      <p className="toast-title">
        <span className="spinner" aria-hidden="true" /> {title}
      </p>
      {children}
      <div className="toast-actions">
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function Content({ phase }: { phase: ImportPhase }) {
  const store = useRegistryStore();
  const cancel = (): void => void store.getState().cancelImport();
  const dismiss = (): void => store.getState().dismissImport();
  switch (phase.name) {
    case 'reading': {
      const { progress } = phase;
      return (
        <BusyToast title={readingLabel(progress)} onCancel={cancel}>
          {progress.size >= LARGE_FILE_BYTES && (
            <div className="toast-progress">
              <progress max={progress.size} value={progress.loaded} aria-label={`Reading ${progress.name}`} />
              <span className="muted">{`${progress.name}: ${formatBytes(progress.loaded)} of ${formatBytes(progress.size)}`}</span>
            </div>
          )}
        </BusyToast>
      );
    }
    case 'previewing':
      return <BusyToast title={`Checking ${plural(phase.count, 'file', 'files')}…`} onCancel={cancel} />;
    case 'done': {
      const changed = phase.report.sources.flatMap((source) => source.block_types).filter((type) => type.outcome === 'created' || type.outcome === 'updated');
      return (
        <div className="toast toast-success" role="status">
          <p className="toast-title">Import registered</p>
          <p>{reportSummary(phase.report)}</p>
          {changed.length > 0 && (
            <ul className="toast-links" aria-label="What changed">
              {changed.slice(0, SHOWN_CHANGES).map((type) => (
                <li key={type.slug}>
                  <a href={href.blockType(type.slug)} onClick={dismiss}>
                    {type.name}
                  </a>{' '}
                  <span className="muted">{type.outcome}</span>
                </li>
              ))}
              {changed.length > SHOWN_CHANGES && <li className="muted">{`and ${(changed.length - SHOWN_CHANGES).toLocaleString('en-US')} more in the details`}</li>}
            </ul>
          )}
          <div className="toast-actions">
            <a href={href.report()} className="button button-small" onClick={dismiss}>
              Show details
            </a>
            <button type="button" className="button button-small button-quiet" onClick={dismiss}>
              Dismiss
            </button>
          </div>
        </div>
      );
    }
    case 'error':
      return (
        <div className="toast toast-error">
          <ErrorAlert error={phase.error} title="Could not import the files" onDismiss={dismiss} />
        </div>
      );
    default:
      return null;
  }
}

export function ImportStatus() {
  const phase = useRegistry((state) => state.importPhase);
  return (
    <div className="toast-region">
      <Content phase={phase} />
    </div>
  );
}
