// Files dragged over the window: a full-window overlay inviting the drop, announced through a
// live region; the drop starts the import (read, then preview).
import { useFileDrop } from '../hooks/use-file-drop';
import { useRegistry, useRegistryStore } from '../store/context';
import { importBusy } from '../store/import-slice';
import './DropOverlay.css';

export const DROP_MESSAGE = 'Drop block definition files to preview the import';

export function DropOverlay() {
  const store = useRegistryStore();
  const busy = useRegistry((state) => importBusy(state.importPhase));
  const dragging = useFileDrop((files) => void store.getState().importFiles(files), !busy);
  return (
    <div className={dragging ? 'drop-overlay drop-overlay-active' : 'drop-overlay'} aria-live="polite" aria-atomic="true">
      {dragging && (
        <div className="drop-overlay-panel">
          <span className="drop-overlay-icon" aria-hidden="true">
            ⤓
          </span>
          <p className="drop-overlay-title">{DROP_MESSAGE}</p>
          <p className="drop-overlay-hint">
            Prefect&apos;s block catalogue, block types with their schemas, block schemas from Prefect&apos;s API, or <code>prefect block type inspect -o json</code> output. You see what would change
            before anything is registered.
          </p>
        </div>
      )}
    </div>
  );
}
