// What a failed `fetch` means, in words a person can act on. Node's fetch throws
// `TypeError('fetch failed')` with the socket's error as `cause` (an AggregateError when every
// address of a host was tried), so the code is looked for along that chain.
import { RegistryError } from '../../../shared/errors';

export type NetworkFailureKind = 'refused' | 'unknown-host' | 'tls' | 'reset' | 'timeout' | 'blocked-port' | 'other';

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|EPROTO)/;

/** Every `code` on the error, its causes and an AggregateError's members. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const own = 'code' in error && typeof error.code === 'string' ? [error.code] : [];
  const members = error instanceof AggregateError ? error.errors.flatMap((member: unknown) => errorCodes(member, depth + 1)) : [];
  const cause = 'cause' in error ? errorCodes(error.cause, depth + 1) : [];
  return [...own, ...members, ...cause];
}

export function classifyNetworkFailure(error: unknown): NetworkFailureKind {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  // fetch refuses ports that browsers block (e.g. 9, 25, 6000) before connecting.
  if (error instanceof Error && error.cause instanceof Error && error.cause.message === 'bad port') return 'blocked-port';
  const codes = errorCodes(error);
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')) return 'timeout';
  if (codes.some((code) => TLS_CODES.test(code))) return 'tls';
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return 'unknown-host';
  if (codes.includes('ECONNREFUSED')) return 'refused';
  if (codes.some((code) => ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED'].includes(code))) return 'reset';
  return 'other';
}

/** Worth trying again: the server may be restarting or overloaded. */
export function isTransientNetworkFailure(kind: NetworkFailureKind): boolean {
  return kind === 'reset';
}

/** The error a command shows for a request that got no answer. */
export function networkFailure(kind: NetworkFailureKind, url: URL, timeoutMs: number, error: unknown): RegistryError {
  const where = url.origin;
  switch (kind) {
    case 'refused':
      return new RegistryError('prefect_unreachable', `Could not connect to the Prefect server at ${where}: connection refused. Is \`prefect server start\` running there, and is the port right?`);
    case 'unknown-host':
      return new RegistryError('prefect_unreachable', `Could not connect to the Prefect server at ${where}: the host name ${url.hostname} is not known (check PREFECT_API_URL or --api-url).`);
    case 'tls': {
      const code = errorCodes(error).find((candidate) => TLS_CODES.test(candidate)) ?? 'TLS error';
      return new RegistryError(
        'prefect_unreachable',
        `Could not connect to the Prefect server at ${where}: its TLS certificate was not accepted (${code}). Use the server's proper https address; certificates are always checked.`,
      );
    }
    case 'timeout':
      return new RegistryError('prefect_unreachable', `The Prefect server at ${where} did not answer within ${timeoutMs / 1000} s (BLOCK_REGISTRY_HTTP_TIMEOUT_MS sets the limit).`);
    case 'reset':
      return new RegistryError('prefect_unreachable', `The connection to the Prefect server at ${where} was closed before it answered, again after retrying. Is it restarting?`);
    case 'blocked-port':
      return new RegistryError('prefect_unreachable', `Could not connect to ${where}: port ${url.port} is one that fetch refuses to use (as browsers do); run the server on another port, e.g. 4200.`);
    default:
      return new RegistryError('prefect_unreachable', `Could not reach the Prefect server at ${where}: ${errorCodes(error)[0] ?? 'network error'}.`);
  }
}
