// A server's block documents: each with its type, the schema it was saved with and whether that
// is its type's newest on the server (the outdated ones say how many fields changed), when it was
// updated, the documents it references and those referencing it. Anonymous ones on request. Tick
// documents to copy them to another server; compare this server's documents with another's.
import { useMemo, useState } from 'react';
import type { CopyReport, DocumentSummary } from '../../../shared/documents';
import { callDocuments } from '../../bridge/documents';
import { CopyDialog } from '../../components/documents/CopyDialog';
import { ServerDocumentsCompare } from '../../components/documents/ComparePanels';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useCall } from '../../hooks/use-call';
import { formatDateTime } from '../../model/format';
import { href } from '../../model/routes';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useRegistry } from '../../store/context';
import { connectionLabel, connectionsOf, DocumentLink, DocumentsBreadcrumb, NewestBadge, ReferenceLinks, SchemaLabel, useConnections } from './shared';
import './documents.css';

interface Props {
  connection: string;
  type: string | null;
  anonymous: boolean;
}

export function DocumentsView({ connection, type, anonymous }: Props) {
  const connectionsState = useConnections();
  const connections = connectionsOf(connectionsState);
  const server = connections.find((candidate) => candidate.id === connection);
  const name = connectionLabel(connections, connection);
  useDocumentTitle(`Block documents on ${name}`);
  const [listing, reload] = useCall(`${connection}|${String(anonymous)}`, () => callDocuments('listDocuments', { connection_id: connection, slugs: [], anonymous }));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The documents the copy dialog was opened for: fixed while it is open.
  const [copying, setCopying] = useState<readonly string[] | null>(null);
  const [copied, setCopied] = useState<CopyReport | null>(null);

  const documents = useMemo(() => (listing.status === 'ready' ? listing.value.documents : []), [listing]);
  const types = useMemo(() => [...new Set(documents.map((document) => document.block_type.slug))].sort(), [documents]);
  const shown = type === null ? documents : documents.filter((document) => document.block_type.slug === type);
  const toggle = (id: string): void =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="documents-page">
      <DocumentsBreadcrumb connection={connection} serverName={name} />
      <h1 tabIndex={-1}>Block documents on {name}</h1>
      {server !== undefined && <p className="muted">{server.api_url}</p>}
      <DocumentsControls connection={connection} type={type} anonymous={anonymous} name={name} known={server !== undefined} connections={connections} types={types} />

      {listing.status === 'loading' && <Loading label="Reading the server's documents…" />}
      {listing.status === 'error' && <ErrorAlert error={listing.error} title="Could not read the documents" onRetry={reload} />}
      {listing.status === 'ready' && (
        <DocumentsSection
          connection={connection}
          type={type}
          shown={shown}
          anonymousHidden={listing.value.anonymous_hidden}
          selected={selected}
          onToggle={toggle}
          canCopy={server !== undefined}
          onCopy={() => setCopying([...selected])}
          copied={copied}
        />
      )}
      {server !== undefined && <ServerDocumentsCompare from={server} connections={connections} />}
      {copying !== null && server !== undefined && (
        <CopyDialog
          from={server}
          ids={copying}
          connections={connections}
          onClose={() => setCopying(null)}
          onCopied={(report) => {
            setCopied(report);
            setSelected(new Set());
          }}
        />
      )}
    </div>
  );
}

interface ControlsProps {
  connection: string;
  type: string | null;
  anonymous: boolean;
  /** The connection's label. */
  name: string;
  /** Whether the connection is one of the saved ones (else its id is offered as it is). */
  known: boolean;
  connections: ReturnType<typeof connectionsOf>;
  /** The types of the server's documents. */
  types: readonly string[];
}

/** Which server, which type, anonymous documents too (each a link: the route holds them), and a new document. */
function DocumentsControls({ connection, type, anonymous, name, known, connections, types }: ControlsProps) {
  return (
    <div className="documents-controls">
      <label>
        Server
        <select value={connection} onChange={(event) => (window.location.hash = href.documents(event.target.value, type, anonymous))}>
          {!known && <option value={connection}>{name}</option>}
          {connections.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select value={type ?? ''} onChange={(event) => (window.location.hash = href.documents(connection, event.target.value === '' ? null : event.target.value, anonymous))}>
          <option value="">Every type</option>
          {[...new Set([...types, ...(type === null ? [] : [type])])].map((slug) => (
            <option key={slug} value={slug}>
              {slug}
            </option>
          ))}
        </select>
      </label>
      <label className="documents-checkbox">
        <input type="checkbox" checked={anonymous} onChange={(event) => (window.location.hash = href.documents(connection, type, event.target.checked))} /> Anonymous documents too
      </label>
      <NewDocumentPicker connection={connection} type={type} types={types} />
    </div>
  );
}

/** "New document of" a type: the server's types and the catalogue's (protected ones are Prefect's own). */
function NewDocumentPicker({ connection, type, types }: { connection: string; type: string | null; types: readonly string[] }) {
  const catalogue = useRegistry((state) => state.entries);
  const [newType, setNewType] = useState(type ?? '');
  const creatable = [...new Set([...types, ...catalogue.filter((entry) => !entry.block_type.is_protected).map((entry) => entry.block_type.slug)])].sort();
  return (
    <span className="documents-new">
      <label>
        New document of
        <select value={newType} onChange={(event) => setNewType(event.target.value)}>
          <option value="">Choose a type</option>
          {creatable.map((slug) => (
            <option key={slug} value={slug}>
              {slug}
            </option>
          ))}
        </select>
      </label>
      {newType === '' ? (
        <span className="button button-disabled" aria-disabled="true">
          New document
        </span>
      ) : (
        <a className="button" href={href.newDocument(connection, newType)}>
          New document
        </a>
      )}
    </span>
  );
}

interface SectionProps {
  connection: string;
  type: string | null;
  shown: readonly DocumentSummary[];
  anonymousHidden: number;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  canCopy: boolean;
  onCopy: () => void;
  copied: CopyReport | null;
}

/** The documents shown: their count, Copy, how many anonymous ones are left out, the last copy's outcome, the table. */
function DocumentsSection({ connection, type, shown, anonymousHidden, selected, onToggle, canCopy, onCopy, copied }: SectionProps) {
  const outdated = shown.filter((document) => document.outdated).length;
  return (
    <section aria-labelledby="documents-heading" className="section">
      <div className="section-heading">
        <h2 id="documents-heading">
          {shown.length} document{shown.length === 1 ? '' : 's'}
          {outdated > 0 ? `, ${outdated} outdated` : ''}
        </h2>
        <div className="servers-actions">
          <span className="muted">{selected.size} selected</span>
          <button type="button" className="button" disabled={selected.size === 0 || !canCopy} onClick={onCopy}>
            Copy to another server…
          </button>
        </div>
      </div>
      {anonymousHidden > 0 && (
        <p className="muted">{anonymousHidden === 1 ? '1 anonymous document (made by Prefect itself) is' : `${anonymousHidden} anonymous documents (made by Prefect itself) are`} not listed.</p>
      )}
      {copied !== null && (
        <p role="status" className="documents-note">
          Copied to {copied.to_url}: {copied.counts.create} created, {copied.counts.update} updated, {copied.counts.unchanged} unchanged.
        </p>
      )}
      {shown.length === 0 ? (
        <p className="muted">No block documents{type === null ? '' : ` of type ${type}`} on this server.</p>
      ) : (
        <DocumentsTable connection={connection} documents={shown} selected={selected} onToggle={onToggle} />
      )}
    </section>
  );
}

function DocumentsTable({ connection, documents, selected, onToggle }: { connection: string; documents: readonly DocumentSummary[]; selected: ReadonlySet<string>; onToggle: (id: string) => void }) {
  return (
    <div className="table-scroll">
      <table className="table documents-table" aria-labelledby="documents-heading">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Schema</th>
            <th scope="col">Newest?</th>
            <th scope="col">Updated</th>
            <th scope="col">References</th>
            <th scope="col">Referenced by</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => (
            <tr key={document.id}>
              <td>
                <input type="checkbox" aria-label={`Select ${document.block_type.slug}/${document.name}`} checked={selected.has(document.id)} onChange={() => onToggle(document.id)} />
              </td>
              <th scope="row">
                <DocumentLink connection={connection} id={document.id}>
                  {document.name}
                </DocumentLink>
                {document.is_anonymous && <span className="muted"> (anonymous)</span>}
              </th>
              <td>
                <a href={href.blockType(document.block_type.slug)}>
                  <code>{document.block_type.slug}</code>
                </a>
              </td>
              <td>
                <SchemaLabel schema={document.schema} />
              </td>
              <td>
                <NewestBadge summary={document} />
              </td>
              <td>{document.updated === null ? '' : formatDateTime(document.updated)}</td>
              <td>
                <ReferenceLinks connection={connection} references={document.references} direction="out" />
              </td>
              <td>
                <ReferenceLinks connection={connection} references={document.referenced_by} direction="in" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
