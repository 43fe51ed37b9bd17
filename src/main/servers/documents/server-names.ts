// The servers a documents command names with --from and --to: a URL, or the name of a profile in
// Prefect's profiles.toml (its PREFECT_API_URL and its credentials, as `prefect transfer --from
// PROFILE` reads them). Credentials go only to the server they were configured for: the
// environment's to the configured server (PREFECT_API_URL, else the active profile), a profile's to
// its own URL; any other URL gets none, so that naming a server never sends it someone else's key.
import { RegistryError } from '../../../shared/errors';
import { normaliseApiUrl, PrefectCredentials, profilesPath, readProfilesFile, resolvePrefectConnection, type PrefectConnection, type SettingOrigin } from '../client/config';

interface ProfileSettings {
  name: string;
  file: string;
  settings: Record<string, string>;
}

/** The server `text` names (or, without it, the one --api-url or the settings configure). */
export function resolveNamedServer(text: string | undefined, apiUrlFlag: string | undefined, env: NodeJS.ProcessEnv): PrefectConnection {
  if (text === undefined) return resolvePrefectConnection(apiUrlFlag, env);
  if (text.trim() === '') throw new RegistryError('prefect_config', 'A server is a URL (e.g. http://127.0.0.1:4200/api) or the name of a Prefect profile; got nothing.');
  if (!text.includes('://')) return profileConnection(text, env);
  const apiUrl = normaliseApiUrl(text, { kind: 'flag' });
  const configured = configuredConnection(apiUrlFlag, env);
  if (configured !== null && configured.apiUrl === apiUrl) return { ...configured, apiUrl, apiUrlOrigin: { kind: 'flag' } };
  const profile = readProfiles(env).find((candidate) => candidate.settings.PREFECT_API_URL !== undefined && sameUrl(candidate.settings.PREFECT_API_URL, apiUrl));
  return { apiUrl, apiUrlOrigin: { kind: 'flag' }, credentials: profile === undefined ? null : credentialsOf(profile) };
}

function configuredConnection(apiUrlFlag: string | undefined, env: NodeJS.ProcessEnv): PrefectConnection | null {
  try {
    return resolvePrefectConnection(apiUrlFlag, env);
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'prefect_config' && /No Prefect server configured/.test(error.message)) return null;
    throw error;
  }
}

function profileConnection(name: string, env: NodeJS.ProcessEnv): PrefectConnection {
  const profiles = readProfiles(env);
  const profile = profiles.find((candidate) => candidate.name === name);
  const file = profilesPath(env);
  if (profile === undefined) {
    const known = profiles.map((candidate) => `'${candidate.name}'`).join(', ');
    throw new RegistryError('prefect_config', `'${name}' is neither a URL nor a profile of ${file}${known === '' ? ' (it has none)' : ` (its profiles: ${known})`}.`);
  }
  const url = profile.settings.PREFECT_API_URL;
  if (url === undefined || url === '') throw new RegistryError('prefect_config', `Profile '${name}' in ${file} has no PREFECT_API_URL.`);
  const origin: SettingOrigin = { kind: 'profile', profile: name, file };
  return { apiUrl: normaliseApiUrl(url, origin), apiUrlOrigin: origin, credentials: credentialsOf(profile) };
}

function credentialsOf(profile: ProfileSettings): PrefectCredentials | null {
  const origin: SettingOrigin = { kind: 'profile', profile: profile.name, file: profile.file };
  const authString = profile.settings.PREFECT_API_AUTH_STRING;
  if (authString !== undefined && authString !== '') return new PrefectCredentials('PREFECT_API_AUTH_STRING', authString, origin);
  const key = profile.settings.PREFECT_API_KEY;
  return key !== undefined && key !== '' ? new PrefectCredentials('PREFECT_API_KEY', key, origin) : null;
}

function sameUrl(text: string, apiUrl: string): boolean {
  try {
    return normaliseApiUrl(text, { kind: 'flag' }) === apiUrl;
  } catch {
    return false;
  }
}

/** Every profile of the profiles file with its string settings; none without a file. */
function readProfiles(env: NodeJS.ProcessEnv): ProfileSettings[] {
  const read = readProfilesFile(env);
  if (read === null) return [];
  const { file, profiles } = read;
  return Object.entries(profiles).flatMap(([name, table]) => {
    if (!isTable(table)) return [];
    const settings = Object.fromEntries(Object.entries(table).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    return [{ name, file, settings }];
  });
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
