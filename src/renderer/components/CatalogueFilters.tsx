// The catalogue's search box, capability toggles and collection select, bound to the store.
import { useId, type RefObject } from 'react';
import type { CatalogueEntry } from '../../shared/contract';
import { allCapabilities, allCollections } from '../lib/filter';
import { useRegistry } from '../store/context';

export function CatalogueFilters({ entries, searchRef }: { entries: readonly CatalogueEntry[]; searchRef: RefObject<HTMLInputElement | null> }) {
  const id = useId();
  const search = useRegistry((state) => state.search);
  const selected = useRegistry((state) => state.capabilities);
  const collection = useRegistry((state) => state.collection);
  const setSearch = useRegistry((state) => state.setSearch);
  const toggleCapability = useRegistry((state) => state.toggleCapability);
  const setCollection = useRegistry((state) => state.setCollection);
  const capabilities = allCapabilities(entries);
  const collections = allCollections(entries);

  return (
    <div className="filters">
      <div className="field field-search">
        <label htmlFor={`${id}-search`}>Search block types</label>
        <div className="search-box">
          <input
            ref={searchRef}
            id={`${id}-search`}
            type="search"
            value={search}
            placeholder="Name, slug or description"
            autoComplete="off"
            spellCheck={false}
            aria-keyshortcuts="/ Control+K Meta+K"
            onChange={(event) => setSearch(event.target.value)}
          />
          <kbd className="search-hint" aria-hidden="true">
            /
          </kbd>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-collection`}>Collection</label>
        <select id={`${id}-collection`} value={collection ?? ''} onChange={(event) => setCollection(event.target.value === '' ? null : event.target.value)}>
          <option value="">All collections</option>
          {collections.map(({ name, count }) => (
            <option key={name} value={name}>
              {`${name} (${count})`}
            </option>
          ))}
        </select>
      </div>
      {capabilities.length > 0 && (
        <div className="field field-capabilities" role="group" aria-labelledby={`${id}-capabilities`}>
          <span className="field-label" id={`${id}-capabilities`}>
            Capabilities
          </span>
          <div className="toggle-chips">
            {capabilities.map((capability) => {
              const pressed = selected.includes(capability);
              return (
                <button key={capability} type="button" className="toggle-chip" aria-pressed={pressed} onClick={() => toggleCapability(capability)}>
                  <span className="toggle-check" aria-hidden="true">
                    {pressed ? '✓' : '+'}
                  </span>
                  {capability}
                </button>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
