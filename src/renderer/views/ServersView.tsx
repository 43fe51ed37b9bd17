// The "Prefect servers" page: connections (the Prefect profile's and saved ones), a side-by-side
// comparison of any two sources (this registry, server A, server B), and push or pull of the
// chosen block types between this registry and a server. Every network call runs in main.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../shared/contract';
import { REGISTRY_SOURCE, type ServerConnectionInfo, type ServerConnectionList, type SourceComparison, type TransferArgs, type TransferJob } from '../../shared/servers';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorAlert } from '../components/ErrorAlert';
import { ComparisonTable } from '../components/servers/ComparisonTable';
import { ConnectionForm } from '../components/servers/ConnectionForm';
import { ConnectionList } from '../components/servers/ConnectionList';
import { TransferPanel } from '../components/servers/TransferPanel';
import { href } from '../model/routes';
import { callServers } from '../bridge/servers-api';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useRegistryStore } from '../store/context';
import '../styles/servers.css';

type Editing = { connection: ServerConnectionInfo | null } | null;
/** The push or pull on the page: one asked for here, or one main was already running when the page opened. */
type Transfer = { request: TransferArgs; resumed?: TransferJob };

/** Push and pull go between this registry and one server: which server, and which way is which. */
function transferTarget(left: string, right: string): string | null {
  if (left === REGISTRY_SOURCE && right !== REGISTRY_SOURCE) return right;
  if (right === REGISTRY_SOURCE && left !== REGISTRY_SOURCE) return left;
  return null;
}

export function ServersView() {
  useDocumentTitle('Prefect servers');
  const store = useRegistryStore();
  const [list, setList] = useState<ServerConnectionList | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [left, setLeft] = useState<string>(REGISTRY_SOURCE);
  const [right, setRight] = useState<string>('');
  const [comparison, setComparison] = useState<SourceComparison | null>(null);
  const [comparing, setComparing] = useState(false);
  const [compareError, setCompareError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [transfer, setTransfer] = useState<Transfer | null>(null);

  const reload = useCallback(async () => {
    const response = await callServers('listConnections', undefined);
    if (!response.ok) {
      setListError(response.error);
      return;
    }
    setListError(null);
    setList(response.value);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  // One push or pull at a time (main refuses a second): one still running from an earlier visit
  // of this page takes the transfer's place, its progress shown, Push and Pull disabled until it ends.
  useEffect(() => {
    let live = true;
    void callServers('getRunningTransfer', undefined).then((response) => {
      const job = response.ok ? response.value : null;
      if (!live || job === null) return;
      const request: TransferArgs = { direction: job.direction, connection_id: '', slugs: job.results.map((result) => result.slug) };
      setTransfer((current) => current ?? { request, resumed: job });
    });
    return () => {
      live = false;
    };
  }, []);

  const connections = useMemo(() => list?.connections ?? [], [list]);
  // The right side defaults to the first connection once there is one.
  useEffect(() => {
    if (right === '' && connections.length > 0) setRight(connections[0]?.id ?? '');
  }, [connections, right]);

  const sources = [{ id: REGISTRY_SOURCE, label: 'This registry' }, ...connections.map((connection) => ({ id: connection.id, label: `${connection.name} (${connection.api_url})` }))];
  const labelOf = (id: string): string => sources.find((source) => source.id === id)?.label ?? id;

  const compare = useCallback(async () => {
    setComparing(true);
    setCompareError(null);
    const response = await callServers('compareSources', { left, right });
    setComparing(false);
    if (response.ok) setComparison(response.value);
    else setCompareError(response.error);
  }, [left, right]);

  const target = comparison === null ? null : transferTarget(comparison.left.source, comparison.right.source);
  const start = (direction: 'push' | 'pull') => {
    if (target === null) return;
    setTransfer({ request: { direction, connection_id: target, slugs: [...selected].sort() } });
  };
  const compared = comparison !== null;
  const finished = useCallback(
    (job: TransferJob) => {
      if (job.direction === 'pull') void store.getState().refresh();
      if (compared) void compare();
    },
    [compare, compared, store],
  );
  const transferTargetLabel = (request: TransferArgs, resumed: TransferJob | undefined): string => {
    if (request.direction === 'pull') return 'this registry';
    if (resumed === undefined) return labelOf(request.connection_id);
    const connection = connections.find((candidate) => candidate.api_url === resumed.api_url);
    return connection === undefined ? resumed.api_url : labelOf(connection.id);
  };
  const panel = transfer !== null && (
    <TransferPanel request={transfer.request} resumed={transfer.resumed} target={transferTargetLabel(transfer.request, transfer.resumed)} onFinished={finished} onClose={() => setTransfer(null)} />
  );

  return (
    <div className="servers-page">
      <Breadcrumb items={[{ label: 'Catalogue', href: href.catalogue() }, { label: 'Prefect servers' }]} />
      <h1 tabIndex={-1}>Prefect servers</h1>

      <section aria-labelledby="connections-heading" className="section">
        <h2 id="connections-heading">Connections</h2>
        {listError !== null && <ErrorAlert error={listError} title="Could not read the connections" onRetry={() => void reload()} />}
        {list?.profile_problem != null && <p className="servers-note">Your Prefect profile could not be read: {list.profile_problem}</p>}
        <ConnectionList connections={connections} onEdit={(connection) => setEditing({ connection })} onRemoved={() => void reload()} />
        {editing === null ? (
          <button type="button" className="button" onClick={() => setEditing({ connection: null })}>
            Add a connection
          </button>
        ) : (
          <ConnectionForm
            key={editing.connection?.id ?? 'new'}
            editing={editing.connection}
            encryptionAvailable={list?.encryption_available ?? false}
            onSaved={(connection) => {
              setEditing(null);
              void reload();
              if (right === '') setRight(connection.id);
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </section>

      <section aria-labelledby="compare-heading" className="section">
        <h2 id="compare-heading">Compare</h2>
        <div className="servers-sources">
          <label>
            Left
            <select value={left} onChange={(event) => setLeft(event.target.value)}>
              {sources.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Right
            <select value={right} onChange={(event) => setRight(event.target.value)}>
              <option value="" disabled>
                Choose a source
              </option>
              {sources.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button-primary" onClick={() => void compare()} disabled={comparing || right === '' || left === right}>
            {comparing ? 'Comparing…' : 'Compare'}
          </button>
        </div>
        {compareError !== null && <ErrorAlert error={compareError} title="Could not compare" onDismiss={() => setCompareError(null)} />}
        {comparison === null && panel}
        {comparison !== null && (
          <>
            <div className="servers-actions">
              <span className="muted">{selected.size} selected</span>
              <button type="button" className="button" disabled={target === null || selected.size === 0 || transfer !== null} onClick={() => start('push')}>
                Push to server
              </button>
              <button type="button" className="button" disabled={target === null || selected.size === 0 || transfer !== null} onClick={() => start('pull')}>
                Pull into this registry
              </button>
              {target === null && <span className="muted">Push and pull go between this registry and a server.</span>}
            </div>
            {panel}
            <ComparisonTable comparison={comparison} selected={selected} onSelect={setSelected} />
          </>
        )}
      </section>
    </div>
  );
}
