// A comparison row opened: every schema of one block type on both sides (this registry, a server),
// any two of them side by side before anything is pushed or pulled: what changed field by field
// from left to right, what of it breaks documents saved on the left's schema, and the line diff.
// Main reads the schemas (compareTypeSchemas); a repeated version label carries its checksum.
import { useId, useMemo, useState } from 'react';
import { parseJson } from '../../../shared/json';
import { breakingChanges, type BreakingChange } from '../../../shared/schema-breaking';
import { summarizeSchemaDiff, type SchemaDiffSummary } from '../../../shared/schema-diff';
import type { SideSchema, SourceComparison, TypeSchemasComparison, TypeSchemasSide } from '../../../shared/servers';
import { callServers } from '../../bridge/servers-api';
import { useCall } from '../../hooks/use-call';
import { holdsSchema, schemaLabel } from '../../model/servers';
import { ErrorAlert } from '../ErrorAlert';
import { LineDiff } from '../LineDiff';
import { Loading } from '../Loading';
import { Modal } from '../Modal';
import { SchemaChangeSummary } from '../SchemaChangeSummary';
import './TypeSchemasDialog.css';

/** One side's schemas to choose from, newest first; each says whether the other side has it. */
function SchemaPicker({
  side,
  other,
  among,
  position,
  chosen,
  onChoose,
}: {
  side: TypeSchemasSide;
  other: TypeSchemasSide;
  among: readonly SideSchema[];
  position: 'Left' | 'Right';
  chosen: number;
  onChoose: (index: number) => void;
}) {
  if (side.schemas.length === 0) return <p className="type-schemas-missing">{`${position}: ${side.label} has no block type with this slug.`}</p>;
  return (
    <label className="type-schemas-picker">
      <span>
        {`${position}: `}
        <strong>{side.label}</strong>
      </span>
      <select value={chosen} onChange={(event) => onChoose(Number(event.target.value))}>
        {side.schemas.map((schema, index) => (
          <option key={`${schema.checksum} ${schema.version}`} value={index}>
            {`${schemaLabel(schema, among)}${index === 0 ? ', newest' : ''}${holdsSchema(other.schemas, schema) ? '' : `, only ${position.toLowerCase()}`}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What changed from left to right, field by field, and what breaks (a summary is never worth a crash). */
function useCompared(left: SideSchema, right: SideSchema): { summary: SchemaDiffSummary; breaking: BreakingChange[] } | null {
  return useMemo(() => {
    try {
      const older = { fields: parseJson(left.fields_json), capabilities: left.capabilities, version: left.version };
      const newer = { fields: parseJson(right.fields_json), capabilities: right.capabilities, version: right.version };
      return { summary: summarizeSchemaDiff(older, newer), breaking: breakingChanges(older.fields, newer.fields) };
    } catch {
      return null;
    }
  }, [left, right]);
}

function ComparedSchemas({ left, right, opened }: { left: SideSchema; right: SideSchema; opened: TypeSchemasComparison }) {
  const compared = useCompared(left, right);
  const same = left.checksum === right.checksum && left.version === right.version;
  return (
    <>
      {same && <p className="type-schemas-same">The same schema on both sides (same checksum and version).</p>}
      {compared !== null && <SchemaChangeSummary summary={compared.summary} breaking={compared.breaking} savedOn="the left schema" />}
      <LineDiff
        key={`${left.checksum} ${left.version} ${right.checksum} ${right.version}`}
        left={{ fields_json: left.fields_json, schema: left, side: `Left, ${opened.left.label}:` }}
        right={{ fields_json: right.fields_json, schema: right, side: `Right, ${opened.right.label}:` }}
      />
    </>
  );
}

function OpenedType({ opened }: { opened: TypeSchemasComparison }) {
  const [leftIndex, setLeftIndex] = useState(0);
  const [rightIndex, setRightIndex] = useState(0);
  const among = [...opened.left.schemas, ...opened.right.schemas];
  const left = opened.left.schemas[leftIndex];
  const right = opened.right.schemas[rightIndex];
  return (
    <>
      <div className="type-schemas-pickers">
        <SchemaPicker side={opened.left} other={opened.right} among={among} position="Left" chosen={leftIndex} onChoose={setLeftIndex} />
        <SchemaPicker side={opened.right} other={opened.left} among={among} position="Right" chosen={rightIndex} onChoose={setRightIndex} />
      </div>
      {left !== undefined && right !== undefined ? (
        <ComparedSchemas left={left} right={right} opened={opened} />
      ) : (
        <p className="muted">Only one side has this block type: there is nothing to compare its schemas with.</p>
      )}
    </>
  );
}

export function TypeSchemasDialog({ comparison, slug, onClose }: { comparison: SourceComparison; slug: string; onClose: () => void }) {
  const headingId = useId();
  const left = comparison.left.source;
  const right = comparison.right.source;
  const [state, reload] = useCall<TypeSchemasComparison>(`${left}\u0000${right}\u0000${slug}`, () => callServers('compareTypeSchemas', { left, right, slug }));
  return (
    <Modal labelledBy={headingId} onEscape={onClose} className="type-schemas-dialog">
      <div className="modal-header">
        <h2 id={headingId}>{`Schemas of ${slug}, side by side`}</h2>
        <p className="muted">{`${comparison.left.label} on the left, ${comparison.right.label} on the right. Nothing is pushed or pulled here.`}</p>
      </div>
      <div className="modal-body">
        {state.status === 'loading' && <Loading label="Reading the schemas of both sides…" />}
        {state.status === 'error' && <ErrorAlert error={state.error} title="Could not read the schemas" onRetry={reload} />}
        {state.status === 'ready' && <OpenedType opened={state.value} />}
      </div>
      <div className="modal-footer">
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
