// The catalogue's search box, filter panel (collection and capabilities, each choice with the
// number of block types it would give, dimmed at none), "Clear filters" and the cards/list switch.
// The panel folds away (remembered), closed by default in a narrow window.
import { useId, useMemo, type KeyboardEvent, type RefObject } from 'react';
import type { CatalogueEntry } from '../../shared/contract';
import { allCapabilities, allCollections, facetCounts, isFiltered, type CatalogueFilter, type FacetCounts } from '../model/filter';
import { useRegistry } from '../store/context';
import './CatalogueFilters.css';

export type CatalogueLayout = 'cards' | 'list';
export const CATALOGUE_LAYOUTS: readonly CatalogueLayout[] = ['cards', 'list'];

interface Props {
  entries: readonly CatalogueEntry[];
  filter: CatalogueFilter;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Keys in the search box the catalogue handles (Enter opens the first result, ↓ goes to the results). */
  onSearchKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  layout: CatalogueLayout;
  onLayoutChange: (layout: CatalogueLayout) => void;
}

function countLabel(count: number): string {
  return count.toLocaleString('en-US');
}

/** The search box: `/` and Ctrl+K or Cmd+K reach it (CatalogueView), Enter and ↓ lead to the results. */
function SearchField({ id, filter, searchRef, onSearchKeyDown }: { id: string } & Pick<Props, 'filter' | 'searchRef' | 'onSearchKeyDown'>) {
  const setSearch = useRegistry((state) => state.setSearch);
  return (
    <div className="field field-search">
      <label htmlFor={`${id}-search`}>Search block types</label>
      <div className="search-box">
        <input
          ref={searchRef}
          id={`${id}-search`}
          type="search"
          value={filter.search}
          placeholder="Name, class name, slug or package"
          autoComplete="off"
          spellCheck={false}
          aria-keyshortcuts="/ Control+K Meta+K"
          aria-describedby={`${id}-search-help`}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onSearchKeyDown}
        />
        <kbd className="search-hint" aria-hidden="true">
          /
        </kbd>
      </div>
      <span id={`${id}-search-help`} className="visually-hidden">
        Enter opens the first result; the down arrow moves to the results.
      </span>
    </div>
  );
}

/** "Filters (n)" folding the panel, "Clear filters" while any applies, and the cards/list switch. */
function FilterButtons({ panelId, filter, open, onOpenChange, layout, onLayoutChange }: { panelId: string } & Pick<Props, 'filter' | 'open' | 'onOpenChange' | 'layout' | 'onLayoutChange'>) {
  const clearFilters = useRegistry((state) => state.clearFilters);
  const active = filter.capabilities.length + (filter.collection === null ? 0 : 1);
  return (
    <div className="filters-buttons">
      <button type="button" className="button" aria-expanded={open} aria-controls={panelId} onClick={() => onOpenChange(!open)}>
        {active > 0 ? `Filters (${active})` : 'Filters'}
      </button>
      {isFiltered(filter) && (
        <button type="button" className="button" onClick={clearFilters}>
          Clear filters
        </button>
      )}
      <div className="layout-switch" role="group" aria-label="Show as">
        {CATALOGUE_LAYOUTS.map((choice) => (
          <button key={choice} type="button" className="button" aria-pressed={layout === choice} onClick={() => onLayoutChange(choice)}>
            {choice === 'cards' ? 'Cards' : 'List'}
          </button>
        ))}
      </div>
    </div>
  );
}

function CollectionField({ id, entries, filter, counts }: { id: string; counts: FacetCounts } & Pick<Props, 'entries' | 'filter'>) {
  const setCollection = useRegistry((state) => state.setCollection);
  // The choices depend on the entries only, not on each keystroke.
  const collections = useMemo(() => allCollections(entries), [entries]);
  return (
    <div className="field">
      <label htmlFor={`${id}-collection`}>Collection</label>
      <select id={`${id}-collection`} value={filter.collection ?? ''} onChange={(event) => setCollection(event.target.value === '' ? null : event.target.value)}>
        <option value="">All collections</option>
        {collections.map(({ name }) => {
          const count = counts.collections.get(name) ?? 0;
          return (
            <option key={name} value={name} className={count === 0 ? 'option-empty' : undefined}>
              {`${name} (${countLabel(count)})`}
            </option>
          );
        })}
      </select>
    </div>
  );
}

function CapabilityChip({ capability, pressed, count }: { capability: string; pressed: boolean; count: number }) {
  const toggleCapability = useRegistry((state) => state.toggleCapability);
  return (
    <button
      type="button"
      className={`toggle-chip${count === 0 && !pressed ? ' toggle-chip-empty' : ''}`}
      aria-pressed={pressed}
      aria-label={capability}
      title={`${countLabel(count)} ${count === 1 ? 'block type' : 'block types'} with the other filters`}
      onClick={() => toggleCapability(capability)}
    >
      <span className="toggle-check" aria-hidden="true">
        {pressed ? '✓' : '+'}
      </span>
      {capability}
      <span className="toggle-count" aria-hidden="true">
        {countLabel(count)}
      </span>
    </button>
  );
}

function CapabilitiesField({ id, entries, filter, counts }: { id: string; counts: FacetCounts } & Pick<Props, 'entries' | 'filter'>) {
  const capabilities = useMemo(() => allCapabilities(entries), [entries]);
  if (capabilities.length === 0) return null;
  return (
    <div className="field field-capabilities" role="group" aria-labelledby={`${id}-capabilities`}>
      <span className="field-label" id={`${id}-capabilities`}>
        Capabilities
      </span>
      <div className="toggle-chips">
        {capabilities.map((capability) => (
          <CapabilityChip key={capability} capability={capability} pressed={filter.capabilities.includes(capability)} count={counts.capabilities.get(capability) ?? 0} />
        ))}
      </div>
    </div>
  );
}

export function CatalogueFilters({ entries, filter, searchRef, onSearchKeyDown, open, onOpenChange, layout, onLayoutChange }: Props) {
  const id = useId();
  const counts = useMemo(() => facetCounts(entries, filter), [entries, filter]);
  const panelId = `${id}-panel`;
  return (
    <div className="filters">
      <div className="filters-bar">
        <SearchField id={id} filter={filter} searchRef={searchRef} onSearchKeyDown={onSearchKeyDown} />
        <FilterButtons panelId={panelId} filter={filter} open={open} onOpenChange={onOpenChange} layout={layout} onLayoutChange={onLayoutChange} />
      </div>
      <div id={panelId} className="filters-panel" hidden={!open}>
        <CollectionField id={id} entries={entries} filter={filter} counts={counts} />
        <CapabilitiesField id={id} entries={entries} filter={filter} counts={counts} />
      </div>
    </div>
  );
}
