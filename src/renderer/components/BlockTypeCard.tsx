// One block type in the catalogue grid. The name is the card's link; CSS stretches its target
// over the whole card, so the card is clickable while the link's name stays the type's name.
import { memo } from 'react';
import type { CatalogueEntry } from '../../shared/contract';
import { firstParagraph } from '../lib/plain-text';
import { href } from '../lib/routes';
import { CapabilityChips, CollectionBadge, ProtectedBadge } from './Badges';
import { Logo } from './Logo';

export const BlockTypeCard = memo(function BlockTypeCard({ entry }: { entry: CatalogueEntry }) {
  const { block_type: type } = entry;
  return (
    <article className="card" aria-label={type.name}>
      <div className="card-head">
        <Logo name={type.name} url={type.logo_url} />
        <div className="card-heading">
          <h2 className="card-title">
            <a className="card-link" href={href.blockType(type.slug)}>
              {type.name}
            </a>
          </h2>
          <code className="slug">{type.slug}</code>
        </div>
      </div>
      <p className="card-description">{firstParagraph(type.description)}</p>
      <div className="card-footer">
        <CapabilityChips capabilities={entry.capabilities} />
        <div className="card-badges">
          {type.is_protected && <ProtectedBadge />}
          <CollectionBadge collection={entry.collection} />
        </div>
      </div>
    </article>
  );
});
