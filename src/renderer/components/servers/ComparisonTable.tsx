// Two sources side by side, one row per block type: filterable (only left / only right /
// differing) and searchable, with a checkbox per row to choose what to push or pull.
import { useMemo, useState } from 'react';
import type { SourceComparison, TypeComparison, TypeComparisonStatus } from '../../../shared/servers';

type Filter = 'all' | Exclude<TypeComparisonStatus, 'same'>;

interface Props {
  comparison: SourceComparison;
  selected: ReadonlySet<string>;
  onSelect: (slugs: Set<string>) => void;
}

const STATUS_TEXT: Record<TypeComparisonStatus, string> = { only_left: 'only left', only_right: 'only right', differing: 'differing', same: 'same' };

function valueText(value: string | boolean | null): string {
  return value === null ? '—' : String(value);
}

function details(type: TypeComparison): string {
  const parts = type.fields.map((field) => `${field.field}: ${valueText(field.left)} → ${valueText(field.right)}`);
  if (type.schemas_only_left.length > 0) parts.push(`schemas only left: ${type.schemas_only_left.map((schema) => schema.version).join(', ')}`);
  if (type.schemas_only_right.length > 0) parts.push(`schemas only right: ${type.schemas_only_right.map((schema) => schema.version).join(', ')}`);
  return parts.join('; ');
}

export function ComparisonTable({ comparison, selected, onSelect }: Props) {
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return comparison.types.filter(
      (type) => (filter === 'all' || type.status === filter) && (needle === '' || [type.slug, type.left_name ?? '', type.right_name ?? ''].some((text) => text.toLowerCase().includes(needle))),
    );
  }, [comparison, filter, search]);
  const allShownSelected = shown.length > 0 && shown.every((type) => selected.has(type.slug));
  const toggle = (slug: string) => {
    const next = new Set(selected);
    if (next.has(slug)) next.delete(slug);
    else next.add(slug);
    onSelect(next);
  };
  const toggleShown = () => {
    const next = new Set(selected);
    for (const type of shown) {
      if (allShownSelected) next.delete(type.slug);
      else next.add(type.slug);
    }
    onSelect(next);
  };
  const { counts } = comparison;
  return (
    <div className="servers-comparison">
      <p className="servers-summary" role="status">
        {comparison.same ? 'No differences. ' : ''}
        {counts.only_left} only left, {counts.only_right} only right, {counts.differing} differing, {counts.same} the same
      </p>
      <div className="servers-filters">
        <fieldset>
          <legend className="visually-hidden">Show</legend>
          {(['all', 'only_left', 'only_right', 'differing'] as const).map((value) => (
            <label key={value}>
              <input type="radio" name="comparison-filter" checked={filter === value} onChange={() => setFilter(value)} />
              {value === 'all' ? 'All' : STATUS_TEXT[value].replace(/^./, (letter) => letter.toUpperCase())}
            </label>
          ))}
        </fieldset>
        <input type="search" aria-label="Search the comparison" placeholder="Search block types" value={search} onChange={(event) => setSearch(event.target.value)} />
      </div>
      <div className="table-scroll">
        <table className="table servers-table">
          <thead>
            <tr>
              <th scope="col">
                <input type="checkbox" aria-label="Select all shown" checked={allShownSelected} onChange={toggleShown} />
              </th>
              <th scope="col">Block type</th>
              <th scope="col">{comparison.left.label}</th>
              <th scope="col">{comparison.right.label}</th>
              <th scope="col">Status</th>
              <th scope="col">Differences</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((type) => (
              <tr key={type.slug} className={`servers-row-${type.status}`}>
                <td>
                  <input type="checkbox" aria-label={`Select ${type.slug}`} checked={selected.has(type.slug)} onChange={() => toggle(type.slug)} />
                </td>
                <td>
                  <code>{type.slug}</code>
                </td>
                <td>{type.left_name ?? '—'}</td>
                <td>{type.right_name ?? '—'}</td>
                <td>
                  <span className={`servers-status servers-status-${type.status}`}>{STATUS_TEXT[type.status]}</span>
                </td>
                <td className="servers-details">{details(type)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="muted">No block type matches.</p>}
    </div>
  );
}
