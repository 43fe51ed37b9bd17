// Adding or editing a saved connection. A saved secret is never shown: leaving the field empty
// keeps it. What is typed stays in the form (the secret is never put in the store); saving and its
// error are the servers slice's. The API URL gets the scheme it lacks (`127.0.0.1:4200` means
// http://), and a URL without /api (most often Prefect's UI address) is offered its /api form,
// and is saved without it only when the user says so.
import { useState, type FormEvent } from 'react';
import { apiPathSuggestion, withScheme } from '../../../shared/api-url';
import type { ServerAuthKind, ServerConnectionInfo } from '../../../shared/servers';
import { useRegistry, useRegistryStore } from '../../store/context';
import { ErrorAlert } from '../ErrorAlert';
import './ConnectionForm.css';

interface Props {
  /** The connection to edit, or null to add one. */
  editing: ServerConnectionInfo | null;
}

const AUTH_LABELS: Record<ServerAuthKind, string> = { none: 'None', 'api-key': 'API key (Prefect Cloud)', 'auth-string': 'Auth string (user:password)' };

/** Under the URL: the /api form of a URL that has none; at Save, a question before saving it as typed. */
function ApiPathAdvice({ url, suggestion, asked, onUse, onSaveAsTyped }: { url: string; suggestion: string; asked: boolean; onUse: () => void; onSaveAsTyped: () => void }) {
  return (
    <div className={asked ? 'servers-url-advice servers-url-advice-asked' : 'servers-url-advice'} role={asked ? 'alert' : 'status'}>
      <p>
        {asked ? 'Not saved yet: ' : ''}
        {"Prefect's API is usually under /api, and "}
        <code>{url}</code>
        {' has none.'}
      </p>
      <div className="servers-actions">
        <button type="button" className="button button-small" onClick={onUse}>
          {`Use ${suggestion}`}
        </button>
        {asked && (
          <button type="button" className="button button-small button-quiet" onClick={onSaveAsTyped}>
            Save as typed
          </button>
        )}
      </div>
    </div>
  );
}

function ApiUrlField({ apiUrl, onChange, asked, onSave }: { apiUrl: string; onChange: (url: string) => void; asked: boolean; onSave: (url: string) => void }) {
  const complete = withScheme(apiUrl);
  const suggestion = apiPathSuggestion(complete);
  return (
    <>
      <label>
        API URL
        <input
          value={apiUrl}
          onChange={(event) => onChange(event.target.value)}
          // `127.0.0.1:4200/api` is a URL without its scheme: the form writes it in.
          onBlur={() => onChange(withScheme(apiUrl))}
          required
          spellCheck={false}
          placeholder="http://127.0.0.1:4200/api"
        />
      </label>
      {suggestion !== null && (
        <ApiPathAdvice
          url={complete}
          suggestion={suggestion}
          asked={asked}
          onUse={() => {
            onChange(suggestion);
            if (asked) onSave(suggestion);
          }}
          onSaveAsTyped={() => onSave(complete)}
        />
      )}
    </>
  );
}

export function ConnectionForm({ editing }: Props) {
  const store = useRegistryStore();
  const encryptionAvailable = useRegistry((state) => state.connectionList?.encryption_available ?? false);
  const saving = useRegistry((state) => state.connectionSaving);
  const error = useRegistry((state) => state.connectionSaveError);
  const [name, setName] = useState(editing?.name ?? '');
  const [apiUrl, setApiUrl] = useState(editing?.api_url ?? 'http://127.0.0.1:4200/api');
  // Save was pressed on a URL without /api: the form asks before saving it so.
  const [asked, setAsked] = useState(false);
  const [auth, setAuth] = useState<ServerAuthKind>(editing?.auth ?? 'none');
  const [secret, setSecret] = useState('');
  const keepsSecret = editing !== null && editing.has_secret && editing.auth === auth;

  async function save(url: string) {
    setAsked(false);
    setApiUrl(url);
    await store.getState().saveConnection({ id: editing?.id ?? null, name, api_url: url, auth, secret: auth === 'none' || (keepsSecret && secret === '') ? null : secret });
    // The secret leaves the window's memory either way.
    setSecret('');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const url = withScheme(apiUrl);
    if (apiPathSuggestion(url) !== null) {
      setApiUrl(url);
      setAsked(true);
      return;
    }
    await save(url);
  }

  return (
    <form className="servers-form" aria-label={editing === null ? 'Add a connection' : `Edit ${editing.name}`} onSubmit={(event) => void submit(event)}>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <ApiUrlField
        apiUrl={apiUrl}
        onChange={(url) => {
          setApiUrl(url);
          if (url !== apiUrl) setAsked(false);
        }}
        asked={asked}
        onSave={(url) => void save(url)}
      />
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
