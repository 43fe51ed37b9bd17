// The page's comparison: the two sources and Compare, then the block types chosen for a push or
// pull (this registry and a server) or a copy (two servers), the one under way, and the comparison itself.
import { useMemo } from 'react';
import type { SourceComparison } from '../../../shared/servers';
import { plural } from '../../model/format';
import { copyPair, copySlugs, serverSources, transferTarget } from '../../model/servers';
import { connectionsOf } from '../../store/servers-slice';
import { useRegistry, useRegistryStore } from '../../store/context';
import { ErrorAlert } from '../ErrorAlert';
import { ComparisonTable } from './ComparisonTable';
import { TransferPanel } from './TransferPanel';
import './CompareSection.css';

function SourcePickers() {
  const store = useRegistryStore();
  const connections = useRegistry(connectionsOf);
  const left = useRegistry((state) => state.compareLeft);
  const right = useRegistry((state) => state.compareRight);
  const comparing = useRegistry((state) => state.comparing);
  const sources = useMemo(() => serverSources(connections), [connections]);
  const options = sources.map((source) => (
    <option key={source.id} value={source.id}>
      {source.label}
    </option>
  ));
  return (
    <div className="servers-sources">
      <label>
        Left
        <select value={left} onChange={(event) => store.getState().setCompareLeft(event.target.value)}>
          {options}
        </select>
      </label>
      <label>
        Right
        <select value={right} onChange={(event) => store.getState().setCompareRight(event.target.value)}>
          <option value="" disabled>
            Choose a source
          </option>
          {options}
        </select>
      </label>
      <button type="button" className="button button-primary" onClick={() => void store.getState().compare()} disabled={comparing || right === '' || left === right}>
        {comparing ? 'Comparing…' : 'Compare'}
      </button>
    </div>
  );
}

/** How many block types are chosen, and Push and Pull (between this registry and a server only, one at a time). */
function TransferButtons({ comparison }: { comparison: SourceComparison }) {
  const store = useRegistryStore();
  const selected = useRegistry((state) => state.selectedSlugs.size);
  const busy = useRegistry((state) => state.transfer !== null);
  const target = transferTarget(comparison.left.source, comparison.right.source);
  if (copyPair(comparison.left.source, comparison.right.source) !== null) return <CopyButton comparison={comparison} />;
  const disabled = target === null || selected === 0 || busy;
  return (
    <div className="servers-actions">
      <span className="muted">{selected} selected</span>
      <button type="button" className="button" disabled={disabled} onClick={() => void store.getState().startTransfer('push')}>
        Push to server
      </button>
      <button type="button" className="button" disabled={disabled} onClick={() => void store.getState().startTransfer('pull')}>
        Pull into this registry
      </button>
      {target === null && <span className="muted">Push and pull go between this registry and a server.</span>}
    </div>
  );
}

/** Two servers compared: Copy left → right, of the chosen types the left has, else of all of them. */
function CopyButton({ comparison }: { comparison: SourceComparison }) {
  const store = useRegistryStore();
  const selected = useRegistry((state) => state.selectedSlugs);
  const busy = useRegistry((state) => state.transfer !== null);
  const slugs = useMemo(() => copySlugs(comparison, selected), [comparison, selected]);
  // Chosen, but only on the right: nothing of them to copy from the left (not "all").
  const onlyRightChosen = selected.size > 0 && slugs.length === 0;
  const what = slugs.length === 0 ? 'every block type' : plural(slugs.length, 'chosen block type', 'chosen block types');
  return (
    <div className="servers-actions">
      <span className="muted">{selected.size} selected</span>
      <button type="button" className="button" disabled={busy || onlyRightChosen} onClick={() => void store.getState().startCopy()}>
        Copy left → right
      </button>
      <span className="muted">
        {onlyRightChosen
          ? 'The chosen block types are only on the right: nothing to copy from the left.'
          : `Copies ${what} of ${comparison.left.label} onto ${comparison.right.label}${slugs.length === 0 ? ' (tick some to copy only those)' : ''}; this registry is not touched.`}
      </span>
    </div>
  );
}

export function CompareSection() {
  const store = useRegistryStore();
  const comparison = useRegistry((state) => state.comparison);
  const error = useRegistry((state) => state.compareError);
  const transferShown = useRegistry((state) => state.transfer !== null);
  return (
    <section aria-labelledby="compare-heading" className="section">
      <h2 id="compare-heading">Compare</h2>
      <SourcePickers />
      {error !== null && <ErrorAlert error={error} title="Could not compare" onDismiss={() => store.getState().dismissCompareError()} />}
      {comparison === null && transferShown && <TransferPanel />}
      {comparison !== null && (
        <>
          <TransferButtons comparison={comparison} />
          {transferShown && <TransferPanel />}
          <ComparisonTable comparison={comparison} />
        </>
      )}
    </section>
  );
}
