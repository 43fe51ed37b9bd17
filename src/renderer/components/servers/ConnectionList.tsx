// The connections: the Prefect profile's (read-only) and the saved ones, each with Test, Edit and
// Remove, and the last test's result.
import type { ServerConnectionInfo } from '../../../shared/servers';
import { href } from '../../model/routes';
import { connectionsOf, type ConnectionTestState } from '../../store/servers-slice';
import { useRegistry, useRegistryStore } from '../../store/context';
import { ErrorAlert } from '../ErrorAlert';
import './ConnectionList.css';

const AUTH_TEXT = { none: 'no authentication', 'api-key': 'API key', 'auth-string': 'auth string' } as const;

export function ConnectionList() {
  const store = useRegistryStore();
  const connections = useRegistry(connectionsOf);
  const error = useRegistry((state) => state.connectionRemoveError);
  if (connections.length === 0) return <p className="muted">No connections yet. Add one, or configure PREFECT_API_URL in your Prefect profile.</p>;
  return (
    <>
      {error !== null && <ErrorAlert error={error} title="Could not remove the connection" onDismiss={() => store.getState().dismissConnectionRemoveError()} />}
      <ul className="servers-connections" aria-label="Connections">
        {connections.map((connection) => (
          <Connection key={connection.id} connection={connection} />
        ))}
      </ul>
    </>
  );
}

function Connection({ connection }: { connection: ServerConnectionInfo }) {
  const store = useRegistryStore();
  const state = useRegistry((registry) => registry.connectionTests[connection.id]);
  return (
    <li className="servers-connection" aria-label={connection.name}>
      <div className="servers-connection-head">
        <strong>{connection.name}</strong>
        <code>{connection.api_url}</code>
        <span className="muted">
          {AUTH_TEXT[connection.auth]}
          {connection.has_secret ? ' (saved)' : ''} · {connection.origin}
        </span>
      </div>
      <div className="servers-actions">
        <button type="button" className="button button-small" onClick={() => void store.getState().testConnection(connection.id)} disabled={state?.phase === 'testing'}>
          Test connection
        </button>
        <a className="button button-small" href={href.documents(connection.id)}>
          Documents
        </a>
        {!connection.read_only && (
          <>
            <button type="button" className="button button-small" onClick={() => store.getState().editConnection(connection)}>
              Edit
            </button>
            <button type="button" className="button button-small" onClick={() => void store.getState().removeConnection(connection.id)}>
              Remove
            </button>
          </>
        )}
      </div>
      {state !== undefined && <TestResult state={state} />}
    </li>
  );
}

function TestResult({ state }: { state: ConnectionTestState }) {
  if (state.phase === 'testing')
    return (
      <p className="muted" role="status">
        Testing…
      </p>
    );
  if (state.phase === 'error') return <ErrorAlert error={state.error} title="Could not test the connection" />;
  const { test } = state;
  return (
    <div className={`servers-test ${test.ok ? 'servers-test-ok' : 'servers-test-failed'}`} role="status">
      {test.ok ? (
        <p>
          Connected: Prefect {test.server_version}, API {test.api_version}, credentials accepted.
        </p>
      ) : (
        <>
          <p>{test.reachable ? 'Reachable, but not usable:' : 'Not reachable:'}</p>
          <ul>
            {test.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
