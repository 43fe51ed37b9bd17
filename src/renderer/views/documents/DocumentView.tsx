// One block document: who it is (type, schema, whether that is its type's newest and what changed
// since, dates, references both ways), its fields through its schema (the same field table and
// read-only form as a schema's page, filled with its values; secrets masked as Prefect masks
// them), and what can be done with it: edit, copy to another server, compare, upgrade.
import { useMemo, useState, type ReactNode } from 'react';
import { SECRET_MASK, type DocumentDetail } from '../../../shared/documents';
import { getOwn, isJsonObject, parseJson, stringifyJson, type JsonObject, type JsonValue } from '../../../shared/json';
import { schemaFields } from '../../../shared/schema-fields';
import { callDocuments } from '../../bridge/documents';
import { CopyDialog } from '../../components/documents/CopyDialog';
import { DocumentCompare } from '../../components/documents/ComparePanels';
import { UpgradePanel } from '../../components/documents/UpgradePanel';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FieldsTable } from '../../components/FieldsTable';
import { Loading } from '../../components/Loading';
import { SchemaChangeSummary } from '../../components/SchemaChangeSummary';
import { SchemaForm } from '../../components/SchemaForm';
import { useCall } from '../../hooks/use-call';
import { formatDateTime } from '../../model/format';
import { href } from '../../model/routes';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { connectionLabel, connectionsOf, DocumentsBreadcrumb, ReferenceLinks, SchemaLabel, useConnections } from './shared';
import './documents.css';

export function DocumentView({ connection, id }: { connection: string; id: string }) {
  const connectionsState = useConnections();
  const connections = connectionsOf(connectionsState);
  const [detail, reload] = useCall(`${connection}|${id}`, () => callDocuments('getDocument', { connection_id: connection, id }));
  const title = detail.status === 'ready' ? `${detail.value.summary.block_type.slug}/${detail.value.summary.name}` : 'Block document';
  useDocumentTitle(title);
  const serverName = connectionLabel(connections, connection);
  return (
    <div className="documents-page">
      <DocumentsBreadcrumb connection={connection} serverName={serverName} title={title} />
      {detail.status === 'loading' && <Loading label="Reading the document…" />}
      {detail.status === 'error' && <ErrorAlert error={detail.error} title="Could not read the document" onRetry={reload} />}
      {detail.status === 'ready' && <Loaded detail={detail.value} connection={connection} connections={connections} onChanged={reload} />}
    </div>
  );
}

/** Who the document is: its type and schema, dates, references both ways, id. */
function DocumentFacts({ summary, connection }: { summary: DocumentDetail['summary']; connection: string }) {
  return (
    <dl className="document-facts">
      <dt>Type</dt>
      <dd>
        <a href={href.blockType(summary.block_type.slug)}>{summary.block_type.name}</a> (<code>{summary.block_type.slug}</code>)
      </dd>
      <dt>Schema</dt>
      <dd>
        <SchemaLabel schema={summary.schema} />
        {summary.newest_schema !== null && !summary.outdated && <span className="flag flag-yes">Newest</span>}
      </dd>
      <dt>Created</dt>
      <dd>{summary.created === null ? '' : formatDateTime(summary.created)}</dd>
      <dt>Updated</dt>
      <dd>{summary.updated === null ? '' : formatDateTime(summary.updated)}</dd>
      <dt>References</dt>
      <dd>
        <ReferenceLinks connection={connection} references={summary.references} direction="out" />
      </dd>
      <dt>Referenced by</dt>
      <dd>
        <ReferenceLinks connection={connection} references={summary.referenced_by} direction="in" />
      </dd>
      <dt>Id</dt>
      <dd>
        <code>{summary.id}</code>
      </dd>
    </dl>
  );
}

function Loaded({ detail, connection, connections, onChanged }: { detail: DocumentDetail; connection: string; connections: ReturnType<typeof connectionsOf>; onChanged: () => void }) {
  const { summary } = detail;
  const [copying, setCopying] = useState(false);
  const fields = useMemo(() => parseJson(detail.fields_json), [detail.fields_json]);
  const data = useMemo(() => {
    const parsed = parseJson(detail.data_json);
    return isJsonObject(parsed) ? parsed : {};
  }, [detail.data_json]);
  const values = useMemo(() => fieldValues(fields, data, detail, connection), [fields, data, detail, connection]);
  const server = connections.find((candidate) => candidate.id === connection);
  const ids = useMemo(() => [summary.id], [summary.id]);
  // The read-only form's pickers name the documents this one references.
  const referenced = useMemo(() => summary.references.map((reference) => ({ id: reference.id, name: reference.name, block_type_slug: reference.block_type_slug })), [summary.references]);
  return (
    <>
      <h1 tabIndex={-1}>
        {summary.block_type.slug}/{summary.name}
      </h1>
      <div className="servers-actions">
        <a className="button" href={href.editDocument(connection, summary.id)}>
          Edit
        </a>
        <button type="button" className="button" disabled={server === undefined} onClick={() => setCopying(true)}>
          Copy to another server…
        </button>
      </div>
      <DocumentFacts summary={summary} connection={connection} />

      {summary.outdated && summary.newest_schema !== null && (
        <section className="section document-outdated" aria-labelledby="outdated-heading">
          <h2 id="outdated-heading">Outdated: a newer schema of its type exists</h2>
          <p>
            This document was saved with {summary.schema.version} <code>{summary.schema.checksum}</code>; the newest {summary.block_type.slug} schema on this server is {summary.newest_schema.version}{' '}
            <code>{summary.newest_schema.checksum}</code>. Prefect does not move a document to a newer schema.
          </p>
          {summary.change !== null && <SchemaChangeSummary summary={summary.change} />}
          <UpgradePanel connection={connection} id={summary.id} onUpgraded={onChanged} />
        </section>
      )}

      <section className="section" aria-labelledby="document-fields-heading">
        <h2 id="document-fields-heading">Fields</h2>
        {detail.secret_fields.length > 0 && (
          <p className="muted">
            Secret values are shown as {SECRET_MASK}, as Prefect&apos;s API shows them: {detail.secret_fields.join(', ')}.
          </p>
        )}
        <FieldsTable fields={schemaFields(fields)} caption="Fields and values" values={values} />
      </section>
      <section className="section" aria-labelledby="document-form-heading">
        <h2 id="document-form-heading">Form</h2>
        <p className="muted">What Prefect&apos;s UI shows for this document (read-only).</p>
        <SchemaForm fields={fields} label={`Form of ${summary.block_type.slug}/${summary.name}`} values={withReferences(data, detail)} documents={referenced} />
      </section>
      {server !== undefined && <DocumentCompare from={server} id={summary.id} connections={connections} />}
      {copying && server !== undefined && <CopyDialog from={server} ids={ids} connections={connections} onClose={() => setCopying(false)} onCopied={() => undefined} />}
    </>
  );
}

/** The data as the form reads it: each referenced document as its `$ref` (the data holds its values, inlined by the server). */
export function withReferences(data: JsonObject, detail: DocumentDetail): JsonObject {
  const values: JsonObject = { ...data };
  for (const reference of detail.summary.references) values[reference.field] = { $ref: { block_document_id: reference.id } };
  return values;
}

/** Each top-level value as the table shows it: a reference as a link, a secret as the mask, the rest as JSON. */
function fieldValues(fields: JsonValue, data: JsonObject, detail: DocumentDetail, connection: string): Map<string, ReactNode> {
  const values = new Map<string, ReactNode>();
  const references = new Map(detail.summary.references.map((reference) => [reference.field, reference]));
  for (const field of schemaFields(fields)) {
    const reference = references.get(field.name);
    if (reference !== undefined) {
      values.set(
        field.name,
        <a href={href.document(connection, reference.id)}>
          {reference.block_type_slug}/{reference.name}
        </a>,
      );
      continue;
    }
    const value = getOwn(data, field.name);
    if (value !== undefined) values.set(field.name, <code className="default-value">{typeof value === 'string' && value === SECRET_MASK ? SECRET_MASK : stringifyJson(value)}</code>);
  }
  return values;
}
