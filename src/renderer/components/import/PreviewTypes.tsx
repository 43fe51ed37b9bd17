// The block types of an import, updates first: outcome, the metadata an update changes (field,
// before, after), each schema (version, checksum, new or already registered; a new version with
// what changed since the one before it) and nested references.
import { useId, useState } from 'react';
import type { FieldChange, PreviewBlockType, PreviewReference, PreviewSchema } from '../../../shared/import-preview';
import { shortChecksum } from '../../model/format';
import { OUTCOME_LABEL, RESOLUTION_LABEL } from '../../model/import-text';
import { CollectionBadge } from '../Badges';
import { PreviewSchemaForm } from './PreviewSchemaForm';
import { PreviewVersionChange } from './PreviewVersionChange';
import './PreviewTypes.css';

function Value({ value }: { value: string | null }) {
  if (value === null) return <span className="muted">(none)</span>;
  if (value === '') return <span className="muted">(empty)</span>;
  return <div className="change-value">{value}</div>;
}

function ChangesTable({ name, changes }: { name: string; changes: readonly FieldChange[] }) {
  return (
    <div className="table-scroll">
      <table className="table changes-table">
        <caption className="visually-hidden">{`Changes to ${name}`}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.field}>
              <th scope="row">
                <code>{change.field}</code>
              </th>
              <td className="change-before">
                <Value value={change.before} />
              </td>
              <td className="change-after">
                <Value value={change.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Checksum({ checksum }: { checksum: string }) {
  return <code title={checksum}>{shortChecksum(checksum)}</code>;
}

function SchemaLine({ schema, typeName }: { schema: PreviewSchema; typeName: string }) {
  const mismatch = schema.recorded_checksum !== null && schema.recorded_checksum !== schema.checksum;
  return (
    <li className="preview-schema">
      <span>
        Schema <strong>{schema.version}</strong>
      </span>{' '}
      <Checksum checksum={schema.checksum} /> <span className={`schema-badge schema-badge-${schema.outcome}`}>{schema.outcome === 'new' ? 'New' : 'Already registered'}</span>
      {mismatch && schema.recorded_checksum !== null && (
        <span className="checksum-mismatch">
          {'Checksum differs: recorded '}
          <Checksum checksum={schema.recorded_checksum} />
          {' computed '}
          <Checksum checksum={schema.checksum} />
        </span>
      )}
      {schema.change !== undefined && <PreviewVersionChange change={schema.change} typeName={typeName} version={schema.version} />}
      {schema.fields_json !== undefined && <PreviewSchemaForm typeName={typeName} version={schema.version} fieldsJson={schema.fields_json} />}
    </li>
  );
}

function ReferenceLine({ reference }: { reference: PreviewReference }) {
  return (
    <li className="preview-reference">
      <code>{reference.property}</code> {'→ '}
      <code className="slug">{reference.block_type_slug}</code> <Checksum checksum={reference.block_schema_checksum} />{' '}
      <span className={`resolution resolution-${reference.resolution}`}>{RESOLUTION_LABEL[reference.resolution]}</span>
    </li>
  );
}

function TypeItem({ type }: { type: PreviewBlockType }) {
  const id = useId();
  const breaking = type.schemas.some((schema) => (schema.change?.breaking.length ?? 0) > 0);
  return (
    <li className="preview-type" aria-labelledby={id}>
      <div className="preview-type-head">
        <span className={`outcome-badge outcome-badge-${type.outcome}`}>{OUTCOME_LABEL[type.outcome]}</span>
        {breaking && <span className="breaking-badge">Breaking</span>}
        <strong id={id} className="preview-type-name">
          {type.name}
        </strong>
        <code className="slug">{type.slug}</code>
        {type.collection !== null && <CollectionBadge collection={type.collection} />}
      </div>
      {type.changes.length > 0 && <ChangesTable name={type.name} changes={type.changes} />}
      {type.schemas.length > 0 && (
        <ul className="preview-schemas" aria-label={`Schemas of ${type.name}`}>
          {type.schemas.map((schema, index) => (
            <SchemaLine key={index} schema={schema} typeName={type.name} />
          ))}
        </ul>
      )}
      {type.references.length > 0 && (
        <div className="preview-references">
          <span className="preview-references-label">Nested blocks</span>
          <ul aria-label={`Nested blocks of ${type.name}`}>
            {type.references.map((reference, index) => (
              <ReferenceLine key={index} reference={reference} />
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

function TypeGroup({ title, types }: { title: string; types: readonly PreviewBlockType[] }) {
  const id = useId();
  if (types.length === 0) return null;
  return (
    <section className="preview-group" aria-labelledby={id}>
      <h3 id={id}>{`${title} (${types.length.toLocaleString('en-US')})`}</h3>
      <ul className="preview-type-list">
        {types.map((type) => (
          <TypeItem key={type.slug} type={type} />
        ))}
      </ul>
    </section>
  );
}

/** Open from the start when an import holds no more than this many types, all of them unchanged. */
const OPEN_UNCHANGED_UP_TO = 20;

/** Unchanged types collapsed: they are the bulk of a re-import and need no attention. */
function UnchangedGroup({ types, alone }: { types: readonly PreviewBlockType[]; alone: boolean }) {
  const [open, setOpen] = useState(alone && types.length <= OPEN_UNCHANGED_UP_TO);
  if (types.length === 0) return null;
  return (
    <details className="preview-group preview-unchanged" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <h3>{`Unchanged (${types.length.toLocaleString('en-US')})`}</h3>
      </summary>
      {/* Rendered only when opened: an import may hold thousands. */}
      {open && (
        <ul className="preview-type-list">
          {types.map((type) => (
            <TypeItem key={type.slug} type={type} />
          ))}
        </ul>
      )}
    </details>
  );
}

export function PreviewTypes({ types }: { types: readonly PreviewBlockType[] }) {
  const updates = types.filter((type) => type.outcome === 'update');
  const created = types.filter((type) => type.outcome === 'new');
  const newSchemas = types.filter((type) => type.outcome === 'new-version');
  const unchanged = types.filter((type) => type.outcome === 'unchanged');
  return (
    <>
      <TypeGroup title="Updates" types={updates} />
      <TypeGroup title="New" types={created} />
      <TypeGroup title="New versions" types={newSchemas} />
      <UnchangedGroup types={unchanged} alone={updates.length + created.length + newSchemas.length === 0} />
    </>
  );
}
