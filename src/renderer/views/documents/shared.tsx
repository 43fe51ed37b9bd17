// What the documents pages share: the server connections (to name and switch servers), and small
// pieces of their rows: a schema's label, a document's link, its references.
import type { ReactNode } from 'react';
import type { DocumentReference, DocumentSchemaRef, DocumentSummary } from '../../../shared/documents';
import type { ServerConnectionInfo, ServerConnectionList } from '../../../shared/servers';
import { useCall, type CallState } from '../../hooks/use-call';
import { shortChecksum } from '../../model/format';
import { href } from '../../model/routes';
import { callServers } from '../../bridge/servers-api';
import { Breadcrumb } from '../../components/Breadcrumb';

export function useConnections(): CallState<ServerConnectionList> {
  return useCall('connections', () => callServers('listConnections', undefined))[0];
}

export function connectionsOf(state: CallState<ServerConnectionList>): ServerConnectionInfo[] {
  return state.status === 'ready' ? state.value.connections : [];
}

/** `Staging`, else the id while the list loads or when the connection is gone. */
export function connectionLabel(connections: readonly ServerConnectionInfo[], id: string): string {
  return connections.find((connection) => connection.id === id)?.name ?? id;
}

/** Catalogue › Prefect servers › the server's documents › `title` (none when `title` is the documents page's). */
export function DocumentsBreadcrumb({ connection, serverName, title }: { connection: string; serverName: string; title?: string }) {
  const documents = `${serverName}: block documents`;
  return (
    <Breadcrumb
      items={[
        { label: 'Catalogue', href: href.catalogue() },
        { label: 'Prefect servers', href: href.servers() },
        ...(title === undefined ? [{ label: documents }] : [{ label: documents, href: href.documents(connection) }, { label: title }]),
      ]}
    />
  );
}

export function SchemaLabel({ schema }: { schema: DocumentSchemaRef }) {
  return (
    <span className="document-schema" title={schema.checksum}>
      {schema.version} <code>{shortChecksum(schema.checksum)}</code>
    </span>
  );
}

export function DocumentLink({ connection, id, children }: { connection: string; id: string; children: ReactNode }) {
  return <a href={href.document(connection, id)}>{children}</a>;
}

/** `field → type/name` links (the documents a document references), or those referencing it. */
export function ReferenceLinks({ connection, references, direction }: { connection: string; references: readonly DocumentReference[]; direction: 'out' | 'in' }) {
  if (references.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="document-references">
      {references.map((reference) => (
        <li key={`${reference.field}:${reference.id}`}>
          {direction === 'out' && <code>{reference.field}</code>}
          {direction === 'out' && ' → '}
          <DocumentLink connection={connection} id={reference.id}>
            {reference.block_type_slug}/{reference.name}
          </DocumentLink>
          {direction === 'in' && (
            <>
              {' '}
              (<code>{reference.field}</code>)
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** "Outdated" with the number of field changes, or "Newest". */
export function NewestBadge({ summary }: { summary: DocumentSummary }) {
  if (summary.newest_schema === null) return <span className="muted">?</span>;
  if (!summary.outdated) return <span className="flag flag-yes">Newest</span>;
  const changes = summary.change?.properties.length ?? 0;
  return (
    <span className="flag flag-outdated" title={`The newest ${summary.block_type.slug} schema is ${summary.newest_schema.version} ${summary.newest_schema.checksum}`}>
      Outdated{changes > 0 ? ` (${changes} field change${changes === 1 ? '' : 's'})` : ''}
    </span>
  );
}
