// The catalogue: every block type as a card or a list row, with a ranked search, capability and
// collection filters, and the page's two jobs as its actions: importing and exporting.
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';
import type { CatalogueEntry } from '../../shared/contract';
import { filterEntries, isFiltered, suggestedSearch, type CatalogueFilter } from '../model/filter';
import { href } from '../model/routes';
import { isTypingTarget } from '../dom/typing-target';
import { useStoredChoice, wideWindow } from '../hooks/use-stored-state';
import { plural } from '../model/format';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useExport } from '../hooks/use-export';
import { CATALOGUE_LAYOUTS, CatalogueFilters } from '../components/CatalogueFilters';
import { ImportButton } from '../components/ImportButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportFeedback } from '../components/ExportFeedback';
import { Loading } from '../components/Loading';
import { VirtualCardGrid } from '../components/VirtualCardGrid';
import { useRegistry, useRegistryStore } from '../store/context';
import './CatalogueView.css';

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

/** "Clear search" when only the search hides everything, else "Clear search and filters" (or "Clear filters"). */
function clearLabel(filter: CatalogueFilter): string {
  const faceted = filter.capabilities.length > 0 || filter.collection !== null;
  if (!faceted) return 'Clear search';
  return filter.search.trim() === '' ? 'Clear all filters' : 'Clear search and filters';
}

/**
 * What the catalogue says when it shows no card: nothing registered, or nothing matches, with
 * "Did you mean …?" when a corrected search would show something, and a button that clears what
 * hides everything (the filter bar's "Clear filters" may be folded away in a narrow window).
 */
function EmptyCatalogue({ filter, onSearch }: { filter: CatalogueFilter; onSearch: (search: string) => void }) {
  const entries = useRegistry((state) => state.entries);
  const clearFilters = useRegistry((state) => state.clearFilters);
  const suggestion = useMemo(() => suggestedSearch(entries, filter), [entries, filter]);
  if (entries.length === 0) {
    return (
      <div className="empty-state">
        <h2>No block types registered yet</h2>
        <p>Drop block definition files on the window, choose Import…, or put them in the auto-register folder and restart the app.</p>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <h2>No block types match</h2>
      {suggestion !== null && (
        <p className="did-you-mean">
          Did you mean{' '}
          <button type="button" className="link-button" onClick={() => onSearch(suggestion)}>
            {suggestion}
          </button>
          ?
        </p>
      )}
      <p>Search by name, class name (AwsCredentials), slug, package (prefect_aws) or description; or choose another collection or fewer capabilities.</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          clearFilters();
          onSearch('');
        }}
      >
        {clearLabel(filter)}
      </button>
    </div>
  );
}

const FILTERS_OPEN = ['open', 'closed'] as const;
/** Below this width the filter panel starts folded, so that results fill the window. */
const WIDE_FOR_FILTERS = 1000;

/** Enter in the search box opens the first (best) result; ↓ moves into the results, at the one holding their Tab stop. */
function searchKeyHandler(visible: readonly CatalogueEntry[], results: RefObject<HTMLDivElement | null>): (event: ReactKeyboardEvent<HTMLInputElement>) => void {
  return (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.nativeEvent.isComposing) return;
    const first = visible[0];
    if (event.key === 'Enter' && first !== undefined) {
      event.preventDefault();
      window.location.hash = href.blockType(first.block_type.slug);
    } else if (event.key === 'ArrowDown') {
      const result = results.current?.querySelector<HTMLElement>('[data-result-index][tabindex="0"]');
      if (result === null || result === undefined) return;
      event.preventDefault();
      result.focus();
    }
  };
}

/** The heading and the page's two jobs: Import…, and Export (the types shown, when filtered, or all). */
function CatalogueHeading({ visible, filter }: { visible: readonly CatalogueEntry[]; filter: CatalogueFilter }) {
  const status = useRegistry((state) => state.status);
  const entries = useRegistry((state) => state.entries);
  const { state: exportState, exportSlugs, dismiss } = useExport();
  const exporting = exportState.status === 'exporting';
  const exportShown = isFiltered(filter) && visible.length > 0 && visible.length < entries.length;
  return (
    <>
      <div className="page-heading">
        <h1 tabIndex={-1}>Block types</h1>
        {
          <div className="page-actions" role="group" aria-label="Import and export">
            <ImportButton primary />
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
            {status === 'ready' && entries.length > 0 && (
              <button type="button" className="button" disabled={exporting} onClick={() => void exportSlugs([])} title="Export every block type, in Prefect's catalogue format">
                Export all
              </button>
            )}
          </div>
        }
      </div>
      <ExportFeedback state={exportState} onDismiss={dismiss} />
    </>
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
  const searchRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  useSearchShortcut(searchRef);
  useDocumentTitle(null);
  const [layout, setLayout] = useStoredChoice('catalogue-layout', CATALOGUE_LAYOUTS, () => 'cards');
  const [filtersOpen, setFiltersOpen] = useStoredChoice('catalogue-filters', FILTERS_OPEN, () => (wideWindow(WIDE_FOR_FILTERS) ? 'open' : 'closed'));

  const filter = useMemo(() => ({ search, capabilities, collection }), [search, capabilities, collection]);
  const visible = useMemo(() => filterEntries(entries, filter), [entries, filter]);
  const onSearchKeyDown = searchKeyHandler(visible, resultsRef);
  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  const setSearch = useRegistry((state) => state.setSearch);
  // After "Did you mean" or "Clear", typing goes on in the search box (the button is gone).
  const searchFor = useCallback(
    (text: string) => {
      setSearch(text);
      searchRef.current?.focus();
    },
    [setSearch],
  );

  return (
    <>
      <CatalogueHeading visible={visible} filter={filter} />
      {status === 'error' && error !== null && <ErrorAlert error={error} title="Could not load the block types" onRetry={() => void store.getState().load()} />}
      {(status === 'idle' || status === 'loading') && <Loading label="Loading block types…" />}
      {status === 'ready' && (
        <>
          <CatalogueFilters
            searchRef={searchRef}
            entries={entries}
            filter={filter}
            onSearchKeyDown={onSearchKeyDown}
            open={filtersOpen === 'open'}
            onOpenChange={(open) => setFiltersOpen(open ? 'open' : 'closed')}
            layout={layout}
            onLayoutChange={setLayout}
          />
          <p className="result-count" aria-live="polite">
            {`Showing ${visible.length.toLocaleString('en-US')} of ${plural(entries.length, 'block type', 'block types')}`}
          </p>
          <div ref={resultsRef}>
            {visible.length > 0 ? <VirtualCardGrid entries={visible} label="Block types" layout={layout} onLeaveTop={focusSearch} /> : <EmptyCatalogue filter={filter} onSearch={searchFor} />}
          </div>
        </>
      )}
    </>
  );
}
