// `server check`: can this machine use the chosen Prefect server? Reachable (`/health`, which
// needs no credentials), its versions, and whether the credentials are accepted (a one-row,
// authenticated read).
import { errorMessage, RegistryError } from '../../shared/errors';
import type { ConnectionTest } from '../../shared/servers';
import type { PrefectClient } from './client/client';
import { describeOrigin } from './client/config';

/** What the window's "Test connection" shows, plus where the URL and the credentials came from. */
export interface ServerCheck extends ConnectionTest {
  api_url_from: string;
  credentials: { setting: string; from: string } | null;
}

export async function checkServer(client: PrefectClient): Promise<ServerCheck> {
  const connection = client.connection;
  const check: ServerCheck = {
    api_url: connection.apiUrl,
    api_url_from: describeOrigin(connection.apiUrlOrigin),
    credentials: connection.credentials?.toJSON() ?? null,
    reachable: false,
    server_version: null,
    api_version: null,
    authenticated: null,
    problems: [],
    ok: false,
  };
  const step = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      check.problems.push(errorMessage(error));
      return null;
    }
  };
  check.reachable = (await step(() => client.health().then(() => true))) === true;
  if (!check.reachable) return check;
  check.api_version = await step(() => client.apiVersion());
  // /admin/version is behind auth on a server with an auth string: a 401 there is the auth problem.
  check.server_version = await step(() => client.serverVersion());
  check.authenticated = (await step(() => client.readBlockTypesPage(1).then(() => true))) === true;
  check.problems = [...new Set(check.problems)];
  check.ok = check.problems.length === 0;
  return check;
}
