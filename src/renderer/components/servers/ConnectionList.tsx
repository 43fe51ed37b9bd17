// The connections: the Prefect profile's (read-only) and the saved ones, each with Test, Edit and
// Remove, and the last test's result.
import { useState } from 'react';
import type { ApiError } from '../../../shared/contract';
import type { ConnectionTest, ServerConnectionInfo } from '../../../shared/servers';
import { callServers } from '../../bridge/servers-api';
import { ErrorAlert } from '../ErrorAlert';

interface Props {
  connections: ServerConnectionInfo[];
  onEdit: (connection: ServerConnectionInfo) => void;
  onRemoved: () => void;
}

type TestState = { phase: 'testing' } | { phase: 'done'; test: ConnectionTest } | { phase: 'error'; error: ApiError };

const AUTH_TEXT = { none: 'no authentication', 'api-key': 'API key', 'auth-string': 'auth string' } as const;

export function ConnectionList({ connections, onEdit, onRemoved }: Props) {
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [error, setError] = useState<ApiError | null>(null);

  async function test(id: string) {
    setTests((current) => ({ ...current, [id]: { phase: 'testing' } }));
    const response = await callServers('testConnection', { id });
    setTests((current) => ({ ...current, [id]: response.ok ? { phase: 'done', test: response.value } : { phase: 'error', error: response.error } }));
  }

  async function remove(id: string) {
    const response = await callServers('removeConnection', { id });
    if (response.ok) onRemoved();
    else setError(response.error);
  }

  if (connections.length === 0) return <p className="muted">No connections yet. Add one, or configure PREFECT_API_URL in your Prefect profile.</p>;
  return (
    <>
      {error !== null && <ErrorAlert error={error} title="Could not remove the connection" onDismiss={() => setError(null)} />}
      <ul className="servers-connections" aria-label="Connections">
        {connections.map((connection) => {
          const state = tests[connection.id];
          return (
            <li key={connection.id} className="servers-connection" aria-label={connection.name}>
              <div className="servers-connection-head">
                <strong>{connection.name}</strong>
                <code>{connection.api_url}</code>
                <span className="muted">
                  {AUTH_TEXT[connection.auth]}
                  {connection.has_secret ? ' (saved)' : ''} · {connection.origin}
                </span>
              </div>
              <div className="servers-actions">
                <button type="button" className="button button-small" onClick={() => void test(connection.id)} disabled={state?.phase === 'testing'}>
                  Test connection
                </button>
                {!connection.read_only && (
                  <>
                    <button type="button" className="button button-small" onClick={() => onEdit(connection)}>
                      Edit
                    </button>
                    <button type="button" className="button button-small" onClick={() => void remove(connection.id)}>
                      Remove
                    </button>
                  </>
                )}
              </div>
              {state !== undefined && <TestResult state={state} />}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function TestResult({ state }: { state: TestState }) {
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
