// The field-level summary above a diff: the schema's own changes, then each added, removed or
// changed property with what changed in it, the changes that break documents saved on the older
// version flagged (shared/schema-breaking.ts). The table and the breaking list are reused where a
// new version is shown beside the one before it (an import preview, a server comparison).
import { useId } from 'react';
import type { BreakingChange } from '../../shared/schema-breaking';
import { countPropertyChanges, type SchemaDiffSummary } from '../../shared/schema-diff';
import './SchemaChangeSummary.css';

const KIND_LABEL = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

/** The properties a breaking change names (a secret inside a nested block counts for its property). */
function breakingFields(breaking: readonly BreakingChange[]): Set<string> {
  return new Set(breaking.map((change) => change.field.split('.')[0] ?? change.field));
}

/** One row per added, removed or changed property; a breaking one says so beside its kind. */
export function PropertyChangesTable({ summary, breaking, caption }: { summary: SchemaDiffSummary; breaking: readonly BreakingChange[]; caption: string }) {
  const flagged = breakingFields(breaking);
  return (
    <div className="table-scroll">
      <table className="table schema-changes-table">
        <caption className="visually-hidden">{caption}</caption>
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
                {flagged.has(change.name) && <span className="breaking-badge">Breaking</span>}
              </td>
              <td>{change.details.join(change.kind === 'changed' ? '; ' : ', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The breaking changes in words: what documents saved on the older version (`savedOn`) would meet. */
export function BreakingChanges({ breaking, savedOn = 'the older version' }: { breaking: readonly BreakingChange[]; savedOn?: string }) {
  const id = useId();
  if (breaking.length === 0) return null;
  return (
    <div className="breaking-changes" role="note" aria-labelledby={id}>
      <strong id={id}>{breaking.length === 1 ? 'Breaking change' : `${breaking.length.toLocaleString('en-US')} breaking changes`}</strong>
      <span className="muted">{` — documents saved on ${savedOn} may no longer load or may show a secret:`}</span>
      <ul>
        {breaking.map((change) => (
          <li key={`${change.kind}:${change.field}`}>{change.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function SchemaChangeSummary({ summary, breaking = [], savedOn }: { summary: SchemaDiffSummary; breaking?: readonly BreakingChange[]; savedOn?: string }) {
  const nothing = summary.schema.length === 0 && summary.properties.length === 0;
  return (
    <section className="section schema-changes" aria-labelledby="schema-changes-heading">
      <h2 id="schema-changes-heading">
        What changed <span className="schema-changes-count">{nothing ? 'nothing' : countPropertyChanges(summary.properties)}</span>
      </h2>
      <BreakingChanges breaking={breaking} savedOn={savedOn} />
      {summary.schema.length > 0 && (
        <ul className="schema-changes-list" aria-label="Schema changes">
          {summary.schema.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      )}
      {summary.properties.length > 0 && <PropertyChangesTable summary={summary} breaking={breaking} caption="Field changes" />}
      {nothing && <p className="muted">The two versions have the same fields.</p>}
    </section>
  );
}
