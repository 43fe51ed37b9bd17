// Adding or editing a saved connection. A saved secret is never shown: leaving the field empty
// keeps it. What is typed stays in the form (the secret is never put in the store); saving and its
// error are the servers slice's.
import { useState, type FormEvent } from 'react';
import type { ServerAuthKind, ServerConnectionInfo } from '../../../shared/servers';
import { useRegistry, useRegistryStore } from '../../store/context';
import { ErrorAlert } from '../ErrorAlert';
import './ConnectionForm.css';

interface Props {
  /** The connection to edit, or null to add one. */
  editing: ServerConnectionInfo | null;
}

const AUTH_LABELS: Record<ServerAuthKind, string> = { none: 'None', 'api-key': 'API key (Prefect Cloud)', 'auth-string': 'Auth string (user:password)' };

export function ConnectionForm({ editing }: Props) {
  const store = useRegistryStore();
  const encryptionAvailable = useRegistry((state) => state.connectionList?.encryption_available ?? false);
  const saving = useRegistry((state) => state.connectionSaving);
  const error = useRegistry((state) => state.connectionSaveError);
  const [name, setName] = useState(editing?.name ?? '');
  const [apiUrl, setApiUrl] = useState(editing?.api_url ?? 'http://127.0.0.1:4200/api');
  const [auth, setAuth] = useState<ServerAuthKind>(editing?.auth ?? 'none');
  const [secret, setSecret] = useState('');
  const keepsSecret = editing !== null && editing.has_secret && editing.auth === auth;

  async function submit(event: FormEvent) {
    event.preventDefault();
    await store.getState().saveConnection({ id: editing?.id ?? null, name, api_url: apiUrl, auth, secret: auth === 'none' || (keepsSecret && secret === '') ? null : secret });
    // The secret leaves the window's memory either way.
    setSecret('');
  }

  return (
    <form className="servers-form" aria-label={editing === null ? 'Add a connection' : `Edit ${editing.name}`} onSubmit={(event) => void submit(event)}>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        API URL
        <input value={apiUrl} onChange={(event) => setApiUrl(event.target.value)} required spellCheck={false} />
      </label>
      <label>
        Authentication
        <select value={auth} onChange={(event) => setAuth(event.target.value as ServerAuthKind)}>
          {(Object.keys(AUTH_LABELS) as ServerAuthKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {AUTH_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      {auth !== 'none' && (
        <label>
          {auth === 'api-key' ? 'API key' : 'Auth string'}
          <input type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="off" placeholder={keepsSecret ? 'saved (leave empty to keep it)' : ''} />
        </label>
      )}
      {auth !== 'none' && !encryptionAvailable && <p className="servers-note">This system offers no encryption for saved secrets: a secret cannot be saved here.</p>}
      {error !== null && <ErrorAlert error={error} title="Could not save the connection" onDismiss={() => store.getState().dismissConnectionSaveError()} />}
      <div className="servers-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          Save
        </button>
        <button type="button" className="button" onClick={() => store.getState().closeConnectionForm()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
