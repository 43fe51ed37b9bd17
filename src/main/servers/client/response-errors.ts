// A Prefect answer that is not the expected one, as a message that says what to do: credentials
// refused (which setting to check), a URL that is not a Prefect API (try `…/api`), or the
// server's own `detail`.
import { RegistryError } from '../../../shared/errors';
import { isJsonObject, type JsonValue } from '../../../shared/json';
import { describeOrigin, type AuthSetting, type PrefectConnection } from './config';
import type { PrefectResponse } from './response';
import { apiPathSuggestion } from '../../../shared/api-url';

const MAX_DETAIL_LENGTH = 500;

/** The response itself when its status is one of `expected`, else the error that explains it. */
export function expectStatus(response: PrefectResponse, connection: PrefectConnection, expected: readonly number[]): PrefectResponse {
  if (expected.includes(response.status)) {
    if (response.json === undefined && response.status !== 204) throw notAnApi(response, connection);
    return response;
  }
  throw statusFailure(response, connection);
}

export function statusFailure(response: PrefectResponse, connection: PrefectConnection): RegistryError {
  const request = `${response.method} ${response.route}`;
  const detail = detailOf(response.json);
  if (response.status === 401 || (response.status === 403 && (detail === null || /not authenticated|forbidden|unauthorized/i.test(detail)))) {
    return authFailure(response.status, connection);
  }
  if (response.json === undefined) return notAnApi(response, connection);
  if (response.status === 404) {
    return new RegistryError('prefect_server', `${request} answered 404 (${detail ?? 'Not Found'}): is ${connection.apiUrl} the Prefect API? ${apiSuffixHint(connection)}`);
  }
  const retried =
    (response.attempts ?? 1) > 1 ? ` (still, after ${response.attempts} attempts: the server is overloaded or its database busy; run the command again, it goes on from where it stopped)` : '';
  // Prefect's 500 is an exception inside the server: what it was is in the server's log, not the answer.
  const inside = response.status === 500 ? ' (an error inside the server: its log says which)' : '';
  const message = `${request} answered ${response.status}${detail === null ? '' : `: ${detail}`}${inside}${retried}`;
  // Asked once and refused for what it asked (a 4xx, or an exception inside the server): the next
  // request may be taken. A 403 is a permission, which the next request lacks too.
  const refusedThis = retried === '' && response.status !== 403 && response.status !== 429 && response.status >= 400 && response.status <= 500;
  return refusedThis ? new RefusedRequest(response.status, message) : new RegistryError('prefect_server', message);
}

/**
 * A request the server answered and refused for what it asked (a 4xx but 403 and 429, or a 500:
 * an exception inside the server for that request). The server still takes other requests, where
 * one that is unreachable, overloaded (a 503 after every retry), refusing the credentials or a
 * permission takes none: a push goes on past the first, and stops at the others.
 */
export class RefusedRequest extends RegistryError {
  readonly status: number;

  constructor(status: number, message: string) {
    super('prefect_server', message);
    this.status = status;
  }
}

function authFailure(status: number, connection: PrefectConnection): RegistryError {
  const credentials = connection.credentials;
  const server = `The Prefect server at ${connection.apiUrl} refused the request (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'})`;
  // A connection saved in the window is changed in the window, not through Prefect's settings.
  const saved = connection.apiUrlOrigin.kind === 'saved' ? connection.apiUrlOrigin.name : null;
  const kind = (setting: AuthSetting): string => (setting === 'PREFECT_API_KEY' ? 'API key' : 'user:password');
  if (credentials === null && saved !== null) {
    return new RegistryError(
      'prefect_auth',
      `${server}: it wants credentials. Edit the saved connection '${saved}' on the servers page and choose its authentication (user:password, for a server started with PREFECT_SERVER_API_AUTH_STRING, or an API key for Prefect Cloud).`,
    );
  }
  if (credentials === null) {
    return new RegistryError(
      'prefect_auth',
      `${server}: it wants credentials. Set PREFECT_API_AUTH_STRING (user:password, for a server started with PREFECT_SERVER_API_AUTH_STRING) or PREFECT_API_KEY (Prefect Cloud), in the environment or the active profile.`,
    );
  }
  if (credentials.origin.kind === 'saved')
    return new RegistryError('prefect_auth', `${server}: check the ${kind(credentials.setting)} of the saved connection '${credentials.origin.name}' on the servers page.`);
  return new RegistryError('prefect_auth', `${server}: check ${credentials.setting} (from ${describeOrigin(credentials.origin)}).`);
}

/** An answer that is not JSON where Prefect always answers JSON: most often the UI or another site. */
export function notAnApi(response: PrefectResponse, connection: PrefectConnection): RegistryError {
  const what = response.contentType.includes('html') ? 'an HTML page' : response.contentType === '' ? 'no JSON' : `${response.contentType.split(';')[0]}`;
  return new RegistryError(
    'prefect_server',
    `${connection.apiUrl} does not look like a Prefect API: ${response.method} ${response.route} answered ${response.status} with ${what}. ${apiSuffixHint(connection)}`,
  );
}

function apiSuffixHint(connection: PrefectConnection): string {
  if (connection.apiUrl.endsWith('/api')) return 'Prefect Cloud URLs end in /api/accounts/ID/workspaces/ID.';
  const suggested = apiPathSuggestion(connection.apiUrl) ?? `${connection.apiUrl}/api`;
  // Where the URL came from says where to change it: a flag, a saved connection, the settings.
  const origin = connection.apiUrlOrigin;
  if (origin.kind === 'flag') return `Prefect's API is usually under /api: try --api-url ${suggested}.`;
  if (origin.kind === 'saved') return `Prefect's API is usually under /api: edit the connection '${origin.name}' to use ${suggested}.`;
  return `Prefect's API is usually under /api: set PREFECT_API_URL to ${suggested} (in ${describeOrigin(origin)}).`;
}

/** Prefect's `detail`, or a validation error's first messages; bounded, for one line. */
export function detailOf(json: JsonValue | undefined): string | null {
  if (!isJsonObject(json)) return null;
  let text: string | null = null;
  if (typeof json.detail === 'string') text = json.detail;
  else if (Array.isArray(json.exception_detail) || Array.isArray(json.detail)) {
    const items = (Array.isArray(json.exception_detail) ? json.exception_detail : json.detail) as JsonValue[];
    text = items
      .slice(0, 3)
      .map((item) =>
        isJsonObject(item)
          ? `${Array.isArray(item.loc) ? item.loc.map((part) => (typeof part === 'string' || typeof part === 'number' ? String(part) : JSON.stringify(part))).join('.') : ''}: ${typeof item.msg === 'string' ? item.msg : ''}`
          : '',
      )
      .join('; ');
  } else if (typeof json.exception_message === 'string') text = json.exception_message;
  if (text === null) return null;
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}
