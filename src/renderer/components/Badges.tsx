// Small labels: capabilities, the protected flag, the collection.

export function CapabilityChips({ capabilities, label = 'Capabilities' }: { capabilities: readonly string[]; label?: string }) {
  if (capabilities.length === 0) return null;
  return (
    <ul className="chips" aria-label={label}>
      {capabilities.map((capability) => (
        <li key={capability} className="chip">
          {capability}
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
