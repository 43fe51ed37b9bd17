// The window's Prefect server connections: the ones saved in this app (secrets encrypted by the
// operating system, never sent back to the window) and, offered automatically and read-only, the
// one the user's Prefect settings configure (environment, then the active profile), as the
// command line would use it.
import { randomUUID } from 'node:crypto';
import { errorMessage, RegistryError } from '../../shared/errors';
import { PROFILE_CONNECTION_ID, type SaveConnectionArgs, type ServerAuthKind, type ServerConnectionInfo, type ServerConnectionList } from '../../shared/servers';
import { PrefectClient } from './client/client';
import { describeOrigin, normaliseApiUrl, PrefectCredentials, readActiveProfile, resolvePrefectConnection, type PrefectConnection } from './client/config';
import { timeoutFromEnv } from './client/http';
import { readStoredConnections, writeStoredConnections, type StoredConnection } from './connection-store';
import type { SecretEncryptor } from './secret-encryptor';

export interface ServersEnvironment {
  /** The saved connections file (connection-store.ts). */
  file: string;
  encryptor: SecretEncryptor;
  /** Where Prefect's own settings are read from (process.env in the app). */
  env: NodeJS.ProcessEnv;
}

export const NO_ENCRYPTION_MESSAGE =
  'This system offers no encryption for saved secrets (no keyring is available to the app), so the secret was not saved. Put it in your Prefect profile (PREFECT_API_KEY or PREFECT_API_AUTH_STRING) instead, or save the connection without authentication.';

export function listConnections(servers: ServersEnvironment): ServerConnectionList {
  const saved = readStoredConnections(servers.file).map(savedInfo);
  let profile: ServerConnectionInfo | null = null;
  let problem: string | null = null;
  try {
    profile = profileInfo(servers.env);
  } catch (error) {
    problem = errorMessage(error);
  }
  return { connections: profile === null ? saved : [profile, ...saved], encryption_available: servers.encryptor.isAvailable(), profile_problem: problem };
}

export function saveConnection(servers: ServersEnvironment, args: SaveConnectionArgs): ServerConnectionInfo {
  if (args.id === PROFILE_CONNECTION_ID) throw new RegistryError('invalid_input', 'The Prefect profile connection is read from your Prefect settings; change it there.');
  const name = args.name.trim();
  if (name === '') throw new RegistryError('invalid_input', 'A connection needs a name.');
  const apiUrl = normaliseApiUrl(args.api_url, { kind: 'saved', name });
  const stored = readStoredConnections(servers.file);
  const existing = args.id === null ? undefined : stored.find((connection) => connection.id === args.id);
  if (args.id !== null && existing === undefined) throw new RegistryError('not_found', 'No saved connection with that id (it may have been removed).');
  const connection: StoredConnection = { id: existing?.id ?? randomUUID(), name, api_url: apiUrl, auth: args.auth, encrypted_secret: null };
  if (args.auth !== 'none') connection.encrypted_secret = secretToStore(servers.encryptor, args, existing);
  const next = existing === undefined ? [...stored, connection] : stored.map((other) => (other.id === connection.id ? connection : other));
  writeStoredConnections(servers.file, next);
  return savedInfo(connection);
}

export function removeConnection(servers: ServersEnvironment, id: string): void {
  if (id === PROFILE_CONNECTION_ID) throw new RegistryError('invalid_input', 'The Prefect profile connection is read from your Prefect settings; it cannot be removed here.');
  const stored = readStoredConnections(servers.file);
  if (!stored.some((connection) => connection.id === id)) throw new RegistryError('not_found', 'No saved connection with that id (it may have been removed already).');
  writeStoredConnections(
    servers.file,
    stored.filter((connection) => connection.id !== id),
  );
}

/** The client for a connection: its secret decrypted here, in main, and held only by the client. */
export function clientFor(servers: ServersEnvironment, id: string): PrefectClient {
  return new PrefectClient(connectionFor(servers, id), { timeoutMs: timeoutFromEnv(servers.env) });
}

function connectionFor(servers: ServersEnvironment, id: string): PrefectConnection {
  if (id === PROFILE_CONNECTION_ID) return resolvePrefectConnection(undefined, servers.env);
  const stored = readStoredConnections(servers.file).find((connection) => connection.id === id);
  if (stored === undefined) throw new RegistryError('not_found', 'No saved connection with that id (it may have been removed).');
  const origin = { kind: 'saved', name: stored.name } as const;
  let credentials: PrefectCredentials | null = null;
  if (stored.auth !== 'none' && stored.encrypted_secret !== null) {
    if (!servers.encryptor.isAvailable()) throw new RegistryError('prefect_config', `The secret of '${stored.name}' cannot be decrypted: this system's encryption is not available now.`);
    let secret: string;
    try {
      secret = servers.encryptor.decrypt(Uint8Array.from(Buffer.from(stored.encrypted_secret, 'base64')));
    } catch {
      // The encryptor's message is not passed on: it could quote what it was given.
      throw new RegistryError('prefect_config', `The secret of '${stored.name}' could not be decrypted (saved under another user or machine?): edit the connection and enter it again.`);
    }
    credentials = new PrefectCredentials(stored.auth === 'api-key' ? 'PREFECT_API_KEY' : 'PREFECT_API_AUTH_STRING', secret, origin);
  }
  return { apiUrl: stored.api_url, apiUrlOrigin: origin, credentials };
}

/** The label of a connection id, for comparisons and messages. */
export function connectionName(servers: ServersEnvironment, id: string): string {
  // The name the connection list gives it, so that one server has one name everywhere.
  if (id === PROFILE_CONNECTION_ID) return profileConnectionName(readActiveProfile(servers.env));
  return readStoredConnections(servers.file).find((connection) => connection.id === id)?.name ?? id;
}

function secretToStore(encryptor: SecretEncryptor, args: SaveConnectionArgs, existing: StoredConnection | undefined): string {
  const what = args.auth === 'api-key' ? 'an API key' : 'an auth string (user:password)';
  if (args.secret === null) {
    // Editing without retyping: the saved secret stays, if it was one of the same kind.
    if (existing?.encrypted_secret != null && existing.auth === args.auth) return existing.encrypted_secret;
    throw new RegistryError('invalid_input', `This connection needs ${what}.`);
  }
  if (args.secret.trim() === '') throw new RegistryError('invalid_input', `This connection needs ${what}.`);
  if (args.auth === 'auth-string' && !args.secret.includes(':')) throw new RegistryError('invalid_input', 'An auth string is user:password (the colon is missing).');
  if (!encryptor.isAvailable()) throw new RegistryError('prefect_config', NO_ENCRYPTION_MESSAGE);
  return Buffer.from(encryptor.encrypt(args.secret)).toString('base64');
}

function savedInfo(connection: StoredConnection): ServerConnectionInfo {
  return {
    id: connection.id,
    name: connection.name,
    api_url: connection.api_url,
    auth: connection.auth,
    has_secret: connection.encrypted_secret !== null,
    read_only: false,
    origin: 'saved in this app',
  };
}

/** "Prefect profile 'local'", or "Prefect settings" when the environment alone configures it. */
function profileConnectionName(profile: { name: string } | null): string {
  return profile === null ? 'Prefect settings' : `Prefect profile '${profile.name}'`;
}

/** The connection Prefect's settings configure, or null when they configure none. */
function profileInfo(env: NodeJS.ProcessEnv): ServerConnectionInfo | null {
  const profile = readActiveProfile(env);
  if (profile === null && !env.PREFECT_API_URL) return null;
  if (profile !== null && !profile.settings.PREFECT_API_URL && !env.PREFECT_API_URL) return null;
  const connection = resolvePrefectConnection(undefined, env);
  const auth: ServerAuthKind = connection.credentials === null ? 'none' : connection.credentials.setting === 'PREFECT_API_KEY' ? 'api-key' : 'auth-string';
  return {
    id: PROFILE_CONNECTION_ID,
    name: profileConnectionName(profile),
    api_url: connection.apiUrl,
    auth,
    has_secret: connection.credentials !== null,
    read_only: true,
    origin: describeOrigin(connection.apiUrlOrigin),
  };
}
