// What the `server` commands share: the client for the chosen server.
import { PrefectClient } from '../prefect-server/client';
import { describeOrigin, resolvePrefectConnection, type PrefectConnection } from '../prefect-server/config';
import { timeoutFromEnv } from '../prefect-server/http';
import type { CliOptions } from './command';
import type { CliIo } from './io';

export function prefectClient(options: CliOptions, io: CliIo): PrefectClient {
  return prefectClientFor(resolvePrefectConnection(options.apiUrl, io.env), io);
}

/** The client for a server already chosen (the documents commands' --from and --to). */
export function prefectClientFor(connection: PrefectConnection, io: CliIo): PrefectClient {
  return new PrefectClient(connection, {
    timeoutMs: timeoutFromEnv(io.env),
    // A long wait before another attempt is said, so that a command waiting on a busy server does not look hung.
    notify: (message) => io.stderr(`block-registry: ${message}`),
  });
}

/** `server URL (from …)`, the line every server command starts its text output with. */
export function serverLine(client: PrefectClient): string {
  return `Prefect server ${client.connection.apiUrl} (from ${describeOrigin(client.connection.apiUrlOrigin)})`;
}
