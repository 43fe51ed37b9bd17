// A new version of a known block type beside the version before it (stored, or earlier in the same
// import): what changed field by field, and what breaks documents saved on the older one.
import type { SchemaVersionChange } from '../../../shared/import-preview';
import { countPropertyChanges } from '../../../shared/schema-diff';
import { shortChecksum } from '../../model/format';
import { BreakingChanges, PropertyChangesTable } from '../SchemaChangeSummary';
import './PreviewVersionChange.css';

export function PreviewVersionChange({ change, typeName, version }: { change: SchemaVersionChange; typeName: string; version: string }) {
  const { summary } = change;
  // The version's own change is in the line's heading.
  const schemaChanges = summary.schema.filter((item) => !item.startsWith('version '));
  return (
    <div className="preview-version-change" role="group" aria-label={`What changed in ${typeName} ${version}`}>
      <p className="preview-version-since">
        {'Since '}
        <strong>{change.previous_version}</strong> <code title={change.previous_checksum}>{shortChecksum(change.previous_checksum)}</code>
        {`: ${countPropertyChanges(summary.properties)}`}
      </p>
      <BreakingChanges breaking={change.breaking} />
      {schemaChanges.length > 0 && (
        <ul className="schema-changes-list" aria-label={`Schema changes in ${typeName} ${version}`}>
          {schemaChanges.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      {summary.properties.length > 0 && <PropertyChangesTable summary={summary} breaking={change.breaking} caption={`Field changes in ${typeName} ${version}`} />}
    </div>
  );
}
