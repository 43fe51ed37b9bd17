// What the `server` commands share: the client for the chosen server.
import { PrefectClient } from '../servers/client/client';
import { resolvePrefectConnection } from '../servers/client/config';
import { timeoutFromEnv } from '../servers/client/http';
import type { CliOptions } from './command';
import type { CliIo } from './io';

export function prefectClient(options: CliOptions, io: CliIo): PrefectClient {
  return new PrefectClient(resolvePrefectConnection(options.apiUrl, io.env), {
    timeoutMs: timeoutFromEnv(io.env),
    // A long wait before another attempt is said, so that a command waiting on a busy server does not look hung.
    notify: (message) => io.stderr(`block-registry: ${message}`),
  });
}
