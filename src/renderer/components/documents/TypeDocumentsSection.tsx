// A block type's documents on a chosen server, on the type's page: each with its schema and
// whether that is the type's newest there, and a way to make a new one. Read when asked (a server
// may be slow or away; the type's page does not wait on it).
import { useState } from 'react';
import type { ApiError } from '../../../shared/contract';
import type { DocumentListing } from '../../../shared/documents';
import type { ServerConnectionList } from '../../../shared/servers';
import { callDocuments } from '../../bridge/documents';
import { useCall } from '../../hooks/use-call';
import { href } from '../../model/routes';
import { callServers } from '../../bridge/servers-api';
import { DocumentLink, NewestBadge, SchemaLabel } from '../../views/documents/shared';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';

/** The type's documents on the server read, and a link to every one of them there. */
function TypeDocumentsTable({ slug, server, listing }: { slug: string; server: string; listing: DocumentListing }) {
  return (
    <>
      {listing.documents.length === 0 ? (
        <p className="muted">No {slug} documents on this server.</p>
      ) : (
        <table className="table" aria-label={`${slug} documents`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Schema</th>
              <th scope="col">Newest?</th>
            </tr>
          </thead>
          <tbody>
            {listing.documents.map((document) => (
              <tr key={document.id}>
                <th scope="row">
                  <DocumentLink connection={server} id={document.id}>
                    {document.name}
                  </DocumentLink>
                </th>
                <td>
                  <SchemaLabel schema={document.schema} />
                </td>
                <td>
                  <NewestBadge summary={document} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={href.documents(server, slug)}>Every {slug} document on this server</a>
      </p>
    </>
  );
}

export function TypeDocumentsSection({ slug, protectedType }: { slug: string; protectedType: boolean }) {
  const [connections] = useCall<ServerConnectionList>('connections', () => callServers('listConnections', undefined));
  const list = connections.status === 'ready' ? connections.value.connections : [];
  const [chosen, setChosen] = useState<string | null>(null);
  const server = chosen ?? list[0]?.id ?? '';
  const [result, setResult] = useState<{ server: string; listing: DocumentListing } | { server: string; error: ApiError } | { server: string; loading: true } | null>(null);

  async function show() {
    setResult({ server, loading: true });
    const response = await callDocuments('listDocuments', { connection_id: server, slugs: [slug], anonymous: false });
    setResult(response.ok ? { server, listing: response.value } : { server, error: response.error });
  }

  return (
    <section className="section" aria-labelledby="type-documents-heading">
      <h2 id="type-documents-heading">Documents</h2>
      {list.length === 0 ? (
        <p className="muted">
          Block documents live on Prefect servers: <a href={href.servers()}>add a server connection</a> to see this type&apos;s.
        </p>
      ) : (
        <div className="documents-controls">
          <label>
            Server
            <select value={server} onChange={(event) => setChosen(event.target.value)}>
              {list.map((connection) => (
                <option key={connection.id} value={connection.id}>
                  {connection.name} ({connection.api_url})
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={() => void show()} disabled={result !== null && 'loading' in result}>
            Show documents
          </button>
          {!protectedType && (
            <a className="button" href={href.newDocument(server, slug)}>
              New document
            </a>
          )}
        </div>
      )}
      {result !== null && 'loading' in result && <Loading label="Reading the server's documents…" />}
      {result !== null && 'error' in result && <ErrorAlert error={result.error} title="Could not read the documents" />}
      {result !== null && 'listing' in result && <TypeDocumentsTable slug={slug} server={result.server} listing={result.listing} />}
    </section>
  );
}
