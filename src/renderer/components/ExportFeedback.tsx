// What an export did: where it was written, that it was cancelled, or why it failed.
import { exportedLabel } from '../model/import-text';
import type { ExportState } from '../hooks/use-export';
import { ErrorAlert } from './ErrorAlert';
import './ExportFeedback.css';

export function ExportFeedback({ state, onDismiss }: { state: ExportState; onDismiss: () => void }) {
  if (state.status === 'idle') return null;
  if (state.status === 'error') return <ErrorAlert error={state.error} title="Could not export" onDismiss={onDismiss} />;
  const text = state.status === 'exporting' ? 'Exporting…' : state.status === 'cancelled' ? 'Export cancelled: nothing was written.' : exportedLabel(state.outcome);
  return (
    <p className={state.status === 'done' ? 'export-feedback export-done' : 'export-feedback'} role="status">
      {text}
    </p>
  );
}
