// The properties of a block schema as a table.
import type { SchemaField } from '../lib/schema-fields';

export function FieldsTable({ fields }: { fields: readonly SchemaField[] }) {
  if (fields.length === 0) return <p className="muted">This schema has no properties.</p>;
  return (
    <div className="table-scroll">
      <table className="table fields-table">
        <caption>Fields</caption>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col">Type</th>
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
                <code className="type-name">{field.type}</code>
              </td>
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
              <td className="description-cell">{field.description ?? ''}</td>
              <td>{field.secret ? <span className="flag flag-secret">Yes</span> : <span className="flag">No</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
