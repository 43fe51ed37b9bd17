// Two sources side by side, one row per block type: filterable (only left / only right /
// differing) and searchable, with a checkbox per row to choose what to push or pull, and a button
// per row that opens its schemas side by side.
import { useMemo, useState } from 'react';
import type { SourceComparison, TypeComparison, TypeComparisonStatus } from '../../../shared/servers';
import { comparisonRows, schemaLabel } from '../../model/servers';
import { useRegistry, useRegistryStore } from '../../store/context';
import { TypeSchemasDialog } from './TypeSchemasDialog';
import './ComparisonTable.css';

const STATUS_TEXT: Record<TypeComparisonStatus, string> = { only_left: 'only left', only_right: 'only right', differing: 'differing', same: 'same' };

function valueText(value: string | boolean | null): string {
  return value === null ? '—' : String(value);
}

function details(type: TypeComparison): string {
  const parts = type.fields.map((field) => `${field.field}: ${valueText(field.left)} → ${valueText(field.right)}`);
  // A version label that repeats (two `non-versioned`) is told apart by its checksum.
  const schemas = [...type.schemas_only_left, ...type.schemas_only_right];
  if (type.schemas_only_left.length > 0) parts.push(`schemas only left: ${type.schemas_only_left.map((schema) => schemaLabel(schema, schemas)).join(', ')}`);
  if (type.schemas_only_right.length > 0) parts.push(`schemas only right: ${type.schemas_only_right.map((schema) => schemaLabel(schema, schemas)).join(', ')}`);
  return parts.join('; ');
}

/** The filter's radio buttons and the search box. */
function ComparisonFilters() {
  const store = useRegistryStore();
  const filter = useRegistry((state) => state.comparisonFilter);
  const search = useRegistry((state) => state.comparisonSearch);
  return (
    <div className="servers-filters">
      <fieldset>
        <legend className="visually-hidden">Show</legend>
        {(['all', 'only_left', 'only_right', 'differing'] as const).map((value) => (
          <label key={value}>
            <input type="radio" name="comparison-filter" checked={filter === value} onChange={() => store.getState().setComparisonFilter(value)} />
            {value === 'all' ? 'All' : STATUS_TEXT[value].replace(/^./, (letter) => letter.toUpperCase())}
          </label>
        ))}
      </fieldset>
      <input type="search" aria-label="Search the comparison" placeholder="Search block types" value={search} onChange={(event) => store.getState().setComparisonSearch(event.target.value)} />
    </div>
  );
}

function ComparisonRow({ type, selected, onToggle, onOpen }: { type: TypeComparison; selected: boolean; onToggle: () => void; onOpen: () => void }) {
  return (
    <tr className={`servers-row-${type.status}`}>
      <td>
        <input type="checkbox" aria-label={`Select ${type.slug}`} checked={selected} onChange={onToggle} />
      </td>
      <td>
        <code>{type.slug}</code>
      </td>
      <td>{type.left_name ?? '—'}</td>
      <td>{type.right_name ?? '—'}</td>
      <td>
        <span className={`servers-status servers-status-${type.status}`}>{STATUS_TEXT[type.status]}</span>
      </td>
      <td className="servers-details">
        {details(type)}{' '}
        <button type="button" className="button button-small servers-open" aria-label={`Open ${type.slug} side by side`} onClick={onOpen}>
          Side by side
        </button>
      </td>
    </tr>
  );
}

export function ComparisonTable({ comparison }: { comparison: SourceComparison }) {
  const store = useRegistryStore();
  const filter = useRegistry((state) => state.comparisonFilter);
  const search = useRegistry((state) => state.comparisonSearch);
  const selected = useRegistry((state) => state.selectedSlugs);
  const shown = useMemo(() => comparisonRows(comparison, filter, search), [comparison, filter, search]);
  // The row opened side by side (a slug), before anything is pushed or pulled.
  const [opened, setOpened] = useState<string | null>(null);
  const allShownSelected = shown.length > 0 && shown.every((type) => selected.has(type.slug));
  const toggle = (slug: string) => {
    const next = new Set(selected);
    if (next.has(slug)) next.delete(slug);
    else next.add(slug);
    store.getState().setSelectedSlugs(next);
  };
  const toggleShown = () => {
    const next = new Set(selected);
    for (const type of shown) {
      if (allShownSelected) next.delete(type.slug);
      else next.add(type.slug);
    }
    store.getState().setSelectedSlugs(next);
  };
  const { counts } = comparison;
  return (
    <div className="servers-comparison">
      <p className="servers-summary" role="status">
        {comparison.same ? 'No differences. ' : ''}
        {counts.only_left} only left, {counts.only_right} only right, {counts.differing} differing, {counts.same} the same
      </p>
      <ComparisonFilters />
      <div className="table-scroll">
        <table className="table servers-table">
          <thead>
            <tr>
              <th scope="col">
                <input type="checkbox" aria-label="Select all shown" checked={allShownSelected} onChange={toggleShown} />
              </th>
              <th scope="col">Block type</th>
              <th scope="col" className="servers-source-heading">
                {comparison.left.label}
              </th>
              <th scope="col" className="servers-source-heading">
                {comparison.right.label}
              </th>
              <th scope="col">Status</th>
              <th scope="col">Differences</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((type) => (
              <ComparisonRow key={type.slug} type={type} selected={selected.has(type.slug)} onToggle={() => toggle(type.slug)} onOpen={() => setOpened(type.slug)} />
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="muted">No block type matches.</p>}
      {opened !== null && <TypeSchemasDialog comparison={comparison} slug={opened} onClose={() => setOpened(null)} />}
    </div>
  );
}
