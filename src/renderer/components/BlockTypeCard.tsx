// One block type in the catalogue, as a card or as a compact list row. The name is the link; CSS
// stretches its target over the whole card or row, so all of it is clickable while the link's name
// stays the type's name. The capability chips filter the catalogue. Links and chips are out of the
// Tab order but for the one result that holds the results' single Tab stop (roving focus).
import { memo } from 'react';
import type { CatalogueEntry } from '../../shared/contract';
import { firstParagraph } from '../model/plain-text';
import { href } from '../model/routes';
import { CapabilityChips, CollectionBadge, ProtectedBadge } from './Badges';
import { Logo } from './Logo';
import './BlockTypeCard.css';

export interface ResultProps {
  entry: CatalogueEntry;
  /** Its place in the results, for the arrow keys. */
  index: number;
  /** Whether its link is the results' Tab stop. */
  current: boolean;
  selectedCapabilities: readonly string[];
  onToggleCapability: (capability: string) => void;
}

export const BlockTypeCard = memo(function BlockTypeCard({ entry, index, current, selectedCapabilities, onToggleCapability }: ResultProps) {
  const { block_type: type } = entry;
  return (
    <article className="card" aria-label={type.name}>
      <div className="card-head">
        <Logo name={type.name} url={type.logo_url} />
        <div className="card-heading">
          <h2 className="card-title">
            <a className="card-link" href={href.blockType(type.slug)} tabIndex={current ? 0 : -1} data-result-index={index} title={type.name}>
              {type.name}
            </a>
          </h2>
          <code className="slug">{type.slug}</code>
        </div>
      </div>
      <p className="card-description">{firstParagraph(type.description)}</p>
      <div className="card-footer">
        <CapabilityChips capabilities={entry.capabilities} filter={{ selected: selectedCapabilities, onToggle: onToggleCapability, tabIndex: -1 }} />
        <div className="card-badges">
          {type.is_protected && <ProtectedBadge />}
          <CollectionBadge collection={entry.collection} />
        </div>
      </div>
    </article>
  );
});

export const BlockTypeRow = memo(function BlockTypeRow({ entry, index, current, selectedCapabilities, onToggleCapability }: ResultProps) {
  const { block_type: type } = entry;
  return (
    <article className="list-row" aria-label={type.name}>
      <Logo name={type.name} url={type.logo_url} />
      <div className="list-row-heading">
        <h2 className="list-row-name">
          <a className="card-link" href={href.blockType(type.slug)} tabIndex={current ? 0 : -1} data-result-index={index} title={type.name}>
            {type.name}
          </a>
        </h2>
        <code className="slug" title={type.slug}>
          {type.slug}
        </code>
      </div>
      <p className="list-row-description">{firstParagraph(type.description)}</p>
      <div className="list-row-meta">
        <CapabilityChips capabilities={entry.capabilities} filter={{ selected: selectedCapabilities, onToggle: onToggleCapability, tabIndex: -1 }} />
        {type.is_protected && <ProtectedBadge />}
        <CollectionBadge collection={entry.collection} />
      </div>
    </article>
  );
});
