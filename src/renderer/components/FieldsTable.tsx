// The properties of a block schema (or of one of its definitions) as a table; a block document's
// page adds its values (secrets masked) as a column.
import type { ReactNode } from 'react';
import { href } from '../model/routes';
import type { SchemaField } from '../../shared/schema-fields';
import { Markdown } from './Markdown';
import { TableScroll } from './TableScroll';
import './FieldsTable.css';

/**
 * The type text with each definition it names linked: a nested block to its block type's page,
 * a plain definition to its table further down (`onShowDefinition`).
 */
function TypeName({ field, onShowDefinition }: { field: SchemaField; onShowDefinition?: (name: string) => void }) {
  if (field.references.length === 0) return <code className="type-name">{field.type}</code>;
  // Names longest first, so `A` never takes the start of `AB`; a name links only where it stands
  // whole between the separators `describeType` writes (` | `, `array<…>`). Names may hold any
  // character, spaces and angle brackets included, so they are found as they are, not tokenised.
  const references = [...field.references].sort((a, b) => b.name.length - a.name.length);
  const type = field.type;
  const isBoundary = (index: number): boolean => index <= 0 || index >= type.length || ' |<>,'.includes(type.charAt(index));
  const parts: ReactNode[] = [];
  let last = 0;
  let index = 0;
  while (index < type.length) {
    const reference = (index === 0 || isBoundary(index - 1)) && references.find((candidate) => type.startsWith(candidate.name, index) && isBoundary(index + candidate.name.length));
    if (!reference) {
      index += 1;
      continue;
    }
    if (index > last) parts.push(type.slice(last, index));
    if (reference.blockTypeSlug !== null) {
      parts.push(
        <a key={parts.length} href={href.blockType(reference.blockTypeSlug)} title={`Block type ${reference.blockTypeSlug}`}>
          {reference.name}
        </a>,
      );
    } else if (onShowDefinition !== undefined) {
      parts.push(
        <button key={parts.length} type="button" className="link-button type-link" onClick={() => onShowDefinition(reference.name)} title={`Show the definition ${reference.name}`}>
          {reference.name}
        </button>,
      );
    } else {
      parts.push(reference.name);
    }
    index += reference.name.length;
    last = index;
  }
  if (last < type.length) parts.push(type.slice(last));
  return <code className="type-name">{parts}</code>;
}

function Secret({ field }: { field: SchemaField }) {
  if (field.secret) return <span className="flag flag-secret">Yes</span>;
  if (field.containsSecrets) return <span className="flag flag-secret">Contains secrets</span>;
  return <span className="flag">No</span>;
}

interface Props {
  fields: readonly SchemaField[];
  caption?: string;
  onShowDefinition?: (name: string) => void;
  /** A document's value of each property, as the page shows it: a Value column. */
  values?: ReadonlyMap<string, ReactNode>;
}

export function FieldsTable({ fields, caption = 'Fields', onShowDefinition, values }: Props) {
  if (fields.length === 0) return <p className="muted">This schema has no properties.</p>;
  return (
    <TableScroll label={caption}>
      <table className="table fields-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col">Type</th>
            {values !== undefined && <th scope="col">Value</th>}
            <th scope="col">Required</th>
            <th scope="col">Default</th>
            <th scope="col">Description</th>
            <th scope="col">Secret</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field.name}>
              <th scope="row">
                <code className="property-name">{field.name}</code>
                {field.title !== null && field.title !== field.name && <span className="property-title">{field.title}</span>}
              </th>
              <td>
                <TypeName field={field} onShowDefinition={onShowDefinition} />
              </td>
              {values !== undefined && <td className="value-cell">{values.get(field.name) ?? <span className="muted">not set</span>}</td>}
              <td>{field.required ? <span className="flag flag-yes">Yes</span> : <span className="flag">No</span>}</td>
              <td>
                {field.default === null ? (
                  <span className="muted" aria-label="No default">
                    —
                  </span>
                ) : (
                  <code className="default-value">{field.default}</code>
                )}
              </td>
              <td className="description-cell">{field.description === null ? '' : <Markdown>{field.description}</Markdown>}</td>
              <td>
                <Secret field={field} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
