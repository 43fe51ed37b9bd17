// Pick two schema versions of a type and go to their side-by-side diff.
import { useId, useState } from 'react';
import type { BlockSchemaSummary } from '../../shared/contract';
import { formatDateTime, shortChecksum } from '../model/format';
import { href } from '../model/routes';
import './CompareForm.css';

function optionLabel(schema: BlockSchemaSummary): string {
  return `${schema.version} · ${shortChecksum(schema.checksum, 8)} · ${formatDateTime(schema.created)}`;
}

interface VersionSelectProps {
  id: string;
  label: string;
  schemas: readonly BlockSchemaSummary[];
  value: string;
  onChange: (value: string) => void;
}

function VersionSelect({ id, label, schemas, value, onChange }: VersionSelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {schemas.map((schema) => (
          <option key={schema.id} value={schema.id}>
            {optionLabel(schema)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface Props {
  slug: string;
  /** Newest first, as the block type detail lists them; at least two. */
  schemas: readonly BlockSchemaSummary[];
  left?: string | null;
  right?: string | null;
}

export function CompareForm({ slug, schemas, left: initialLeft = null, right: initialRight = null }: Props) {
  const id = useId();
  const newest = schemas[0]?.id ?? '';
  const previous = schemas[1]?.id ?? newest;
  const known = (value: string | null): value is string => value !== null && schemas.some((schema) => schema.id === value);
  const [left, setLeft] = useState(known(initialLeft) ? initialLeft : previous);
  const [right, setRight] = useState(known(initialRight) ? initialRight : newest);
  return (
    <div className="compare-form">
      <VersionSelect id={`${id}-left`} label="Left version" schemas={schemas} value={left} onChange={setLeft} />
      <VersionSelect id={`${id}-right`} label="Right version" schemas={schemas} value={right} onChange={setRight} />
      <a className="button button-primary" href={href.diff(slug, left, right)}>
        Compare versions
      </a>
    </div>
  );
}
