// One HTTP exchange with a Prefect server: a timeout per request, bounded retries for what is
// worth retrying (429 with Retry-After, 5xx, a connection closed mid-way), redirects followed
// only within the server's origin so that credentials never travel elsewhere, and bodies read
// with the lossless JSON reader (a schema's numbers must survive for its checksum). Servers with
// CSRF protection on get the token Prefect's own client sends (`prefect/client/base.py`).
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/errors';
import { isJsonObject, parseJson, stringifyJson, type JsonValue } from '../../shared/json';
import { SerialGate } from '../serial-gate';
import type { PrefectConnection } from './config';
import { classifyNetworkFailure, isTransientNetworkFailure, networkFailure } from './network-errors';

/** Prefect's client's own default (`PREFECT_API_REQUEST_TIMEOUT`), and the SQLite server's busy timeout. */
export const DEFAULT_TIMEOUT_MS = 60_000;
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;
/** Prefect's client sends this; the server refuses versions below 0.8.0. */
const API_VERSION_HEADER = '0.8.4';
const CHANGE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What this client knows of the server's CSRF protection (Prefect's client: `_add_csrf_headers`). */
type CsrfState = { kind: 'unknown' } | { kind: 'off' } | { kind: 'token'; token: string; expiresAt: number };

export interface HttpOptions {
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** The longest wait between attempts, Retry-After included. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PrefectResponse {
  status: number;
  /** The body as JSON, or undefined when it is not JSON (an HTML page, nothing). */
  json: JsonValue | undefined;
  contentType: string;
  method: string;
  route: string;
  /** How many attempts it took (more than one after retries). */
  attempts?: number;
}

/** BLOCK_REGISTRY_HTTP_TIMEOUT_MS: a whole number of milliseconds, never a silent default. */
export function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.BLOCK_REGISTRY_HTTP_TIMEOUT_MS;
  if (text === undefined || text === '') return DEFAULT_TIMEOUT_MS;
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) === 0) {
    throw new RegistryError('prefect_config', `BLOCK_REGISTRY_HTTP_TIMEOUT_MS must be a whole, positive number of milliseconds, e.g. 60000 (got ${JSON.stringify(text)}).`);
  }
  return Number(text.trim());
}

export class PrefectHttp {
  readonly connection: PrefectConnection;
  readonly timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Identifies this client to the server's CSRF protection, as Prefect's client does (a UUID per client). */
  readonly #csrfClient = randomUUID();
  #csrf: CsrfState = { kind: 'unknown' };
  /**
   * Writes go one at a time; reads do not wait for them. A Prefect server on SQLite reads in a
   * transaction and then writes (`POST /block_schemas/` looks the checksum up first): when another
   * write commits in between, SQLite refuses the second at once ("database is locked", answered
   * 503). Two writes in flight made most schema writes of a 5,000-type push collide and retry
   * until one gave up; Prefect's own client writes one at a time, and so do we.
   */
  readonly #writes = new SerialGate();

  constructor(connection: PrefectConnection, options: HttpOptions = {}) {
    this.connection = connection;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Prefect on SQLite answers 503 while another write holds the database: worth waiting for,
    // about as long as Prefect's client waits (5 retries, 2 to 32 s apart: about a minute).
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#maxDelayMs = options.maxDelayMs ?? 30_000;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** `method route` (route relative to the API URL, e.g. `/block_types/filter`), retried when worth it; writes one at a time. */
  request(method: string, route: string, body?: JsonValue): Promise<PrefectResponse> {
    if (CHANGE_METHODS.has(method)) return this.#writes.run(() => this.#attempts(method, route, body));
    return this.#attempts(method, route, body);
  }

  async #attempts(method: string, route: string, body: JsonValue | undefined): Promise<PrefectResponse> {
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= this.#maxAttempts;
      let response: Response;
      try {
        response = await this.#send(method, route, body, CHANGE_METHODS.has(method) ? await this.#csrfHeaders() : {});
      } catch (error) {
        if (error instanceof RegistryError) throw error;
        const kind = classifyNetworkFailure(error);
        if (last || !isTransientNetworkFailure(kind)) throw networkFailure(kind, new URL(this.connection.apiUrl), this.timeoutMs, error);
        await this.#sleep(this.#backoff(attempt));
        continue;
      }
      if (!last && RETRYABLE_STATUSES.has(response.status)) {
        const delay = retryAfterMs(response.headers.get('retry-after')) ?? this.#backoff(attempt);
        await response.body?.cancel();
        await this.#sleep(Math.min(delay, this.#maxDelayMs));
        continue;
      }
      const read = await readResponse(response, method, route, this.timeoutMs);
      if (!last && read.status === 403 && this.#csrf.kind === 'token' && /CSRF token/.test(detailOf(read.json))) {
        // The token expired or the server forgot it (a restart): a new one, and the request again.
        this.#csrf = { kind: 'unknown' };
        continue;
      }
      return { ...read, attempts: attempt };
    }
  }

  /**
   * The CSRF headers for a write: none when the server's protection is off (it answers the token
   * request with 422 "CSRF protection is disabled.", or 404 when it is older), else a token,
   * fetched once and again when it expires.
   */
  async #csrfHeaders(): Promise<Record<string, string>> {
    if (this.#csrf.kind === 'token' && Date.now() < this.#csrf.expiresAt) return { 'prefect-csrf-token': this.#csrf.token, 'prefect-csrf-client': this.#csrfClient };
    if (this.#csrf.kind === 'off') return {};
    const answer = await this.request('GET', `/csrf-token?client=${this.#csrfClient}`);
    const token = isJsonObject(answer.json) ? answer.json.token : undefined;
    const expiration = isJsonObject(answer.json) ? answer.json.expiration : undefined;
    if (answer.status === 200 && typeof token === 'string') {
      const expiresAt = typeof expiration === 'string' ? Date.parse(expiration) : Number.NaN;
      // Renewed a little early, so that a token never expires on its way to the server.
      this.#csrf = { kind: 'token', token, expiresAt: Number.isNaN(expiresAt) ? Date.now() + 60_000 : expiresAt - 5_000 };
      return { 'prefect-csrf-token': token, 'prefect-csrf-client': this.#csrfClient };
    }
    if (answer.status === 404 || (answer.status === 422 && /CSRF protection is disabled/.test(detailOf(answer.json)))) this.#csrf = { kind: 'off' };
    // Anything else (401, say): the write goes without, and the server's own answer to it is reported.
    return {};
  }

  /** Exponential from 250 ms, capped at 16 s, with jitter so that parallel requests do not retry in step. */
  #backoff(attempt: number): number {
    const base = Math.min(250 * 2 ** (attempt - 1), Math.min(16_000, this.#maxDelayMs));
    return base / 2 + Math.random() * (base / 2);
  }

  /** One attempt, following same-origin redirects by hand (fetch would carry the credentials anywhere). */
  async #send(method: string, route: string, body: JsonValue | undefined, extraHeaders: Record<string, string>): Promise<Response> {
    let url = new URL(`${this.connection.apiUrl}${route}`);
    let currentMethod = method;
    let currentBody = body === undefined ? undefined : stringifyJson(body);
    const origin = url.origin;
    const signal = AbortSignal.timeout(this.timeoutMs);
    for (let hop = 0; ; hop += 1) {
      const headers: Record<string, string> = { accept: 'application/json', 'x-prefect-api-version': API_VERSION_HEADER, ...extraHeaders };
      if (currentBody !== undefined) headers['content-type'] = 'application/json';
      const credentials = this.connection.credentials;
      if (credentials !== null) headers.authorization = credentials.authorization();
      const response = await fetch(url, { method: currentMethod, headers, body: currentBody, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== origin) {
        throw new RegistryError(
          'prefect_server',
          `The Prefect server at ${origin} redirected ${method} ${route} to another origin (${next.origin}); not followed, so that credentials are not sent there. Use that address as --api-url if it is the right server.`,
        );
      }
      if (hop >= MAX_REDIRECTS) throw new RegistryError('prefect_server', `The Prefect server at ${origin} redirected ${method} ${route} more than ${MAX_REDIRECTS} times.`);
      // As fetch does: 303 (and 301/302 after a POST) become a GET without a body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        currentBody = undefined;
      }
      url = next;
    }
  }
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

async function readResponse(response: Response, method: string, route: string, timeoutMs: number): Promise<PrefectResponse> {
  const contentType = response.headers.get('content-type') ?? '';
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkFailure(classifyNetworkFailure(error), new URL(response.url || 'http://server'), timeoutMs, error);
  }
  let json: JsonValue | undefined;
  if (contentType.includes('json') && text !== '') {
    try {
      json = parseJson(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, json, contentType, method, route };
}

/** A Prefect error body's `detail`, or '' when it has none. */
function detailOf(json: JsonValue | undefined): string {
  return isJsonObject(json) && typeof json.detail === 'string' ? json.detail : '';
}
