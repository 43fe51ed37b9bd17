// Small labels: capabilities, the protected flag, the collection.
import './Badges.css';

interface ChipFilter {
  /** The capabilities the catalogue filters on now. */
  selected: readonly string[];
  onToggle: (capability: string) => void;
  /** Out of the Tab order (the catalogue's results are one Tab stop; the filter panel has the same toggles). */
  tabIndex?: number;
}

/** The capabilities as chips; with `filter`, each chip is a toggle of the catalogue's capability filter. */
export function CapabilityChips({ capabilities, label = 'Capabilities', filter }: { capabilities: readonly string[]; label?: string; filter?: ChipFilter }) {
  if (capabilities.length === 0) return null;
  return (
    <ul className="chips" aria-label={label}>
      {capabilities.map((capability) => (
        <li key={capability} className="chip">
          {filter === undefined ? (
            capability
          ) : (
            <button
              type="button"
              className="chip-button"
              tabIndex={filter.tabIndex}
              aria-pressed={filter.selected.includes(capability)}
              title={filter.selected.includes(capability) ? `Stop filtering on ${capability}` : `Show only block types with ${capability}`}
              onClick={() => filter.onToggle(capability)}
            >
              {capability}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ProtectedBadge() {
  return (
    <span className="badge badge-protected" title="A protected system block: its metadata is managed by the registry">
      Protected
    </span>
  );
}

export function CollectionBadge({ collection }: { collection: string }) {
  return (
    <span className="badge badge-collection">
      <span className="visually-hidden">Collection: </span>
      {collection}
    </span>
  );
}
