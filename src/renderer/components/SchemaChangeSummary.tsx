// The field-level summary above a diff: the schema's own changes, then each added, removed or
// changed property with what changed in it.
import { countPropertyChanges, type SchemaDiffSummary } from '../../shared/schema-diff';
import './SchemaChangeSummary.css';

const KIND_LABEL = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

export function SchemaChangeSummary({ summary }: { summary: SchemaDiffSummary }) {
  const nothing = summary.schema.length === 0 && summary.properties.length === 0;
  return (
    <section className="section schema-changes" aria-labelledby="schema-changes-heading">
      <h2 id="schema-changes-heading">
        What changed <span className="schema-changes-count">{nothing ? 'nothing' : countPropertyChanges(summary.properties)}</span>
      </h2>
      {summary.schema.length > 0 && (
        <ul className="schema-changes-list" aria-label="Schema changes">
          {summary.schema.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      )}
      {summary.properties.length > 0 && (
        <table className="table schema-changes-table">
          <caption className="visually-hidden">Field changes</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Change</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {summary.properties.map((change) => (
              <tr key={`${change.kind}:${change.name}`}>
                <th scope="row">
                  <code>{change.name}</code>
                </th>
                <td>
                  <span className={`change-kind change-kind-${change.kind}`}>{KIND_LABEL[change.kind]}</span>
                </td>
                <td>{change.details.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nothing && <p className="muted">The two versions have the same fields.</p>}
    </section>
  );
}
