// The catalogue: every block type as a card, with search, capability and collection filters.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { filterEntries, isFiltered } from '../lib/filter';
import { plural } from '../lib/format';
import { useDocumentTitle } from '../lib/use-document-title';
import { useExport } from '../lib/use-export';
import { CatalogueFilters } from '../components/CatalogueFilters';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportFeedback } from '../components/ExportFeedback';
import { Loading } from '../components/Loading';
import { VirtualCardGrid } from '../components/VirtualCardGrid';
import { useRegistry, useRegistryStore } from '../store/context';

/** Whether a key press happens while the user types somewhere (where `/` must stay a character). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** `/`, Ctrl+K or Cmd+K focus the search box, unless the user is typing in another field. */
function useSearchShortcut(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
      const commandK = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      if (!slash && !commandK) return;
      if (event.defaultPrevented || event.target === input.current || isTypingTarget(event.target)) return;
      const element = input.current;
      if (element === null) return;
      event.preventDefault();
      element.focus();
      element.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [input]);
}

/** What the catalogue says when it shows no card: nothing registered, or nothing matches. */
function EmptyCatalogue({ registered, filtered, onClearFilters }: { registered: number; filtered: boolean; onClearFilters: () => void }) {
  return (
    <div className="empty-state">
      {registered === 0 ? (
        <>
          <h2>No block types registered yet</h2>
          <p>Drop block definition files on the window, choose Import…, or put them in the auto-register folder and restart the app.</p>
        </>
      ) : (
        <>
          <h2>No block types match</h2>
          <p>Try another search, or fewer capabilities.</p>
          {filtered && (
            <button type="button" className="button button-primary" onClick={onClearFilters}>
              Clear filters
            </button>
          )}
        </>
      )}
    </div>
  );
}

export function CatalogueView() {
  const store = useRegistryStore();
  const status = useRegistry((state) => state.status);
  const error = useRegistry((state) => state.error);
  const entries = useRegistry((state) => state.entries);
  const search = useRegistry((state) => state.search);
  const capabilities = useRegistry((state) => state.capabilities);
  const collection = useRegistry((state) => state.collection);
  const clearFilters = useRegistry((state) => state.clearFilters);
  const searchRef = useRef<HTMLInputElement>(null);
  useSearchShortcut(searchRef);
  useDocumentTitle(null);

  const filter = useMemo(() => ({ search, capabilities, collection }), [search, capabilities, collection]);
  const visible = useMemo(() => filterEntries(entries, filter), [entries, filter]);
  const { state: exportState, exportSlugs, dismiss } = useExport();
  const exporting = exportState.status === 'exporting';
  const exportShown = isFiltered(filter) && visible.length > 0 && visible.length < entries.length;

  return (
    <>
      <div className="page-heading">
        <h1 tabIndex={-1}>Block types</h1>
        {status === 'ready' && entries.length > 0 && (
          <div className="page-actions" role="group" aria-label="Export">
            {exportShown && (
              <button
                type="button"
                className="button"
                disabled={exporting}
                onClick={() => void exportSlugs(visible.map((entry) => entry.block_type.slug))}
                title="Export the block types shown, in Prefect's catalogue format"
              >
                {`Export ${visible.length.toLocaleString('en-US')} shown`}
              </button>
            )}
            <button type="button" className="button" disabled={exporting} onClick={() => void exportSlugs([])} title="Export every block type, in Prefect's catalogue format">
              Export all
            </button>
          </div>
        )}
      </div>
      <ExportFeedback state={exportState} onDismiss={dismiss} />
      {status === 'error' && error !== null && <ErrorAlert error={error} title="Could not load the block types" onRetry={() => void store.getState().load()} />}
      {(status === 'idle' || status === 'loading') && <Loading label="Loading block types…" />}
      {status === 'ready' && (
        <>
          <CatalogueFilters searchRef={searchRef} entries={entries} />
          <p className="result-count" aria-live="polite">
            {`Showing ${visible.length.toLocaleString('en-US')} of ${plural(entries.length, 'block type', 'block types')}`}
          </p>
          {visible.length > 0 ? <VirtualCardGrid entries={visible} label="Block types" /> : <EmptyCatalogue registered={entries.length} filtered={isFiltered(filter)} onClearFilters={clearFilters} />}
        </>
      )}
    </>
  );
}
