// The page's connections: why they could not be read, a Prefect profile that could not be read,
// the list, and "Add a connection" or the form open on one.
import { useRegistry, useRegistryStore } from '../../store/context';
import { ErrorAlert } from '../ErrorAlert';
import { ConnectionForm } from './ConnectionForm';
import { ConnectionList } from './ConnectionList';

export function ConnectionsSection() {
  const store = useRegistryStore();
  const listError = useRegistry((state) => state.connectionListError);
  const profileProblem = useRegistry((state) => state.connectionList?.profile_problem ?? null);
  const editing = useRegistry((state) => state.connectionEditing);
  return (
    <section aria-labelledby="connections-heading" className="section">
      <h2 id="connections-heading">Connections</h2>
      {listError !== null && <ErrorAlert error={listError} title="Could not read the connections" onRetry={() => void store.getState().reloadConnections()} />}
      {profileProblem !== null && <p className="servers-note">Your Prefect profile could not be read: {profileProblem}</p>}
      <ConnectionList />
      {editing === null ? (
        <button type="button" className="button" onClick={() => store.getState().editConnection(null)}>
          Add a connection
        </button>
      ) : (
        <ConnectionForm key={editing.connection?.id ?? 'new'} editing={editing.connection} />
      )}
    </section>
  );
}
