// One HTTP exchange with a Prefect server: a timeout per request, bounded retries for what is
// worth retrying (429 with Retry-After, 502, 503, 504, a connection closed mid-way), redirects followed
// only within the server's origin so that credentials never travel elsewhere, and bodies read
// with the lossless JSON reader (a schema's numbers must survive for its checksum). Servers with
// CSRF protection on get the token Prefect's own client sends (`prefect/client/base.py`).
// Whatever a server sends is untrusted: a body is read only up to a size the route can need, and
// the credentials are redacted from it (a server may quote the request's header back) before
// anything else sees it.
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../../shared/errors';
import { isJsonObject, isLosslessNumber, parseJson, stringifyJson, type JsonObject, type JsonValue } from '../../../shared/json';
import type { PrefectConnection } from './config';
import { classifyNetworkFailure, isTransientNetworkFailure, networkFailure } from './network-errors';
import type { PrefectResponse } from './response';
import { csrfTokenShape, expectShape } from './response-shapes';
import { WriteGate } from './write-gate';

/** Prefect's client's own default (`PREFECT_API_REQUEST_TIMEOUT`), and the SQLite server's busy timeout. */
const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * Prefect's client's own (429, 502, 503; `prefect/client/base.py`), and a gateway's timeout. Not 500:
 * Prefect answers 500 for an exception inside the server (it answers 503 when its SQLite database
 * is locked), which the same request meets again; retrying it only kept a person waiting.
 */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;
/** Prefect's client sends this; the server refuses versions below 0.8.0. */
const API_VERSION_HEADER = '0.8.4';
const CHANGE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The longest wait between attempts by default (Retry-After included), unless the timeout is shorter. */
const DEFAULT_MAX_DELAY_MS = 30_000;
/** A wait this long or longer between attempts is said (HttpOptions.notify): the command is not hung. */
const ANNOUNCED_WAIT_MS = 5_000;

const MB = 1024 * 1024;
/**
 * The most a body may be on the routes that answer a few bytes (`true`, `"0.8.4"`, a CSRF token):
 * room for another site's HTML error page, which is then reported as not a Prefect API.
 */
const SMALL_BODY_BYTES = 1 * MB;
/**
 * The most a body may be on every other route. A page of 200 of the largest schema of Prefect's
 * own catalogue (31 KB) is 6 MB, the whole catalogue 0.3 MB; a single schema can be as large as
 * an import file (50 MB, MAX_FILE_BYTES), and must come back when read.
 */
const LARGE_BODY_BYTES = 64 * MB;
const SMALL_ROUTES = /^\/(health|version|admin\/version|csrf-token)(\?|$)/;

/** The most bytes the answer to `route` may have. */
function bodyLimit(route: string): number {
  return SMALL_ROUTES.test(route) ? SMALL_BODY_BYTES : LARGE_BODY_BYTES;
}

/** What this client knows of the server's CSRF protection (Prefect's client: `_add_csrf_headers`). */
type CsrfState = { kind: 'unknown' } | { kind: 'off' } | { kind: 'token'; token: string; expiresAt: number };

export interface HttpOptions {
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** The longest wait between attempts, Retry-After included (default 30 s, or the timeout when shorter). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of a long wait before another attempt (the command line says it on stderr). */
  notify?: (message: string) => void;
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

export interface RequestOptions {
  /** Aborts the request (and any retry of it) when the caller no longer needs its answer. */
  signal?: AbortSignal;
}

export class PrefectHttp {
  readonly connection: PrefectConnection;
  readonly timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #notify: (message: string) => void;
  /** Identifies this client to the server's CSRF protection, as Prefect's client does (a UUID per client). */
  readonly #csrfClient = randomUUID();
  #csrf: CsrfState = { kind: 'unknown' };
  /**
   * Writes go several at a time until the server refuses one as busy (503: SQLite's "database is
   * locked"), then one at a time (write-gate.ts); reads never wait for them.
   */
  readonly #writes = new WriteGate();

  constructor(connection: PrefectConnection, options: HttpOptions = {}) {
    this.connection = connection;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Prefect on SQLite answers 503 while another write holds the database: worth waiting for,
    // about as long as Prefect's client waits (5 retries, 2 to 32 s apart: about a minute).
    this.#maxAttempts = options.maxAttempts ?? 10;
    // A Retry-After of days is not waited for: at most this long, then the request again (and,
    // after the last attempt, the server's answer). Nor longer than one request may take.
    this.#maxDelayMs = options.maxDelayMs ?? Math.min(DEFAULT_MAX_DELAY_MS, this.timeoutMs);
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#notify = options.notify ?? (() => undefined);
  }

  /** `method route` (route relative to the API URL, e.g. `/block_types/filter`), retried when worth it; writes through the write gate. */
  request(method: string, route: string, body?: JsonValue, options: RequestOptions = {}): Promise<PrefectResponse> {
    if (isWrite(method, route)) return this.#writes.run(() => this.#attempts(method, route, body, options.signal));
    return this.#attempts(method, route, body, options.signal);
  }

  async #attempts(method: string, route: string, body: JsonValue | undefined, signal: AbortSignal | undefined): Promise<PrefectResponse> {
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= this.#maxAttempts;
      let response: Response;
      try {
        response = await this.#send(method, route, body, CHANGE_METHODS.has(method) ? await this.#csrfHeaders() : {}, signal);
      } catch (error) {
        // Abandoned by the caller (a page asked ahead of a listing that has ended): not a failure to retry or report.
        if (signal?.aborted === true) throw new RegistryError('prefect_server', `${method} ${route} was no longer needed, and not waited for.`);
        if (error instanceof RegistryError) throw error;
        const kind = classifyNetworkFailure(error);
        if (last || !isTransientNetworkFailure(kind)) throw networkFailure(kind, new URL(this.connection.apiUrl), this.timeoutMs, error);
        await this.#wait(this.#backoff(attempt), `${method} ${route} got no answer (the connection was closed)`, attempt);
        continue;
      }
      if (response.status === 503 && isWrite(method, route)) this.#writes.refusedAsBusy();
      if (!last && RETRYABLE_STATUSES.has(response.status)) {
        const asked = retryAfterMs(response.headers.get('retry-after'));
        await response.body?.cancel();
        const answered = `${method} ${route} answered ${response.status}`;
        if (asked !== null && asked > this.#maxDelayMs) {
          const wait = this.#maxDelayMs;
          this.#notify(
            `${answered}; the server asked to wait ${formatSeconds(asked)} (Retry-After): waiting ${formatSeconds(wait)}, the longest this client waits, then trying again (attempt ${attempt + 1} of ${this.#maxAttempts}).`,
          );
          await this.#sleep(wait);
        } else {
          await this.#wait(asked ?? this.#backoff(attempt), answered, attempt);
        }
        continue;
      }
      const read = await readResponse(response, method, route, this.timeoutMs, this.connection);
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
    if (answer.status === 200) {
      const { token, expiration } = expectShape(answer, this.connection, csrfTokenShape);
      const expiresAt = typeof expiration === 'string' ? Date.parse(expiration) : Number.NaN;
      // Renewed a little early, so that a token never expires on its way to the server.
      this.#csrf = { kind: 'token', token, expiresAt: Number.isNaN(expiresAt) ? Date.now() + 60_000 : expiresAt - 5_000 };
      return { 'prefect-csrf-token': token, 'prefect-csrf-client': this.#csrfClient };
    }
    if (answer.status === 404 || (answer.status === 422 && /CSRF protection is disabled/.test(detailOf(answer.json)))) this.#csrf = { kind: 'off' };
    // Anything else (401, say): the write goes without, and the server's own answer to it is reported.
    return {};
  }

  /** Waits `ms` (never more than the longest wait) before another attempt, saying so when it is long. */
  async #wait(ms: number, why: string, attempt: number): Promise<void> {
    const wait = Math.min(ms, this.#maxDelayMs);
    if (wait >= ANNOUNCED_WAIT_MS) this.#notify(`${why}; trying again in ${formatSeconds(wait)} (attempt ${attempt + 1} of ${this.#maxAttempts}).`);
    await this.#sleep(wait);
  }

  /** Exponential from 250 ms, capped at 16 s, with jitter so that parallel requests do not retry in step. */
  #backoff(attempt: number): number {
    const base = Math.min(250 * 2 ** (attempt - 1), Math.min(16_000, this.#maxDelayMs));
    return base / 2 + Math.random() * (base / 2);
  }

  /** One attempt, following same-origin redirects by hand (fetch would carry the credentials anywhere). */
  async #send(method: string, route: string, body: JsonValue | undefined, extraHeaders: Record<string, string>, abandoned?: AbortSignal): Promise<Response> {
    let url = new URL(`${this.connection.apiUrl}${route}`);
    let currentMethod = method;
    let currentBody = body === undefined ? undefined : stringifyJson(body);
    const origin = url.origin;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = abandoned === undefined ? timeout : AbortSignal.any([timeout, abandoned]);
    for (let hop = 0; ; hop += 1) {
      const headers: Record<string, string> = { accept: 'application/json', 'x-prefect-api-version': API_VERSION_HEADER, ...extraHeaders };
      if (currentBody !== undefined) headers['content-type'] = 'application/json';
      const credentials = this.connection.credentials;
      if (credentials !== null) headers.authorization = credentials.authorization();
      const response = await fetch(url, { method: currentMethod, headers, body: currentBody, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel();
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError('prefect_server', `The Prefect server at ${origin} redirected ${method} ${route} to a location that is not a URL; not followed.`);
      }
      if (next.origin !== origin) {
        // The server chose that address: it could hold the secret.
        const elsewhere = redactText(next.origin, this.connection);
        throw new RegistryError(
          'prefect_server',
          `The Prefect server at ${origin} redirected ${method} ${route} to another origin (${elsewhere}); not followed, so that credentials are not sent there. Use that address as --api-url if it is the right server.`,
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

/** A request that changes the server: not the filter and count routes, which are POSTs that only read. */
function isWrite(method: string, route: string): boolean {
  return CHANGE_METHODS.has(method) && !/\/(filter|count)(\?|$)/.test(route);
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** `12 s`, `99999999 s`, `0.25 s`. */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

async function readResponse(response: Response, method: string, route: string, timeoutMs: number, connection: PrefectConnection): Promise<PrefectResponse> {
  // The server chose it: it could hold the secret, and a message may quote it.
  const contentType = redactText(response.headers.get('content-type') ?? '', connection).slice(0, 200);
  let body: { text: string; bytes: number };
  try {
    body = await readBoundedBody(response, bodyLimit(route));
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      throw new RegistryError(
        'prefect_server',
        `The Prefect server at ${new URL(connection.apiUrl).origin} sent more than ${error.limit / MB} MB for ${method} ${route}; stopped reading (no answer of a Prefect server to it is that large).`,
      );
    }
    throw networkFailure(classifyNetworkFailure(error), new URL(response.url || connection.apiUrl), timeoutMs, error);
  }
  let json: JsonValue | undefined;
  if (contentType.includes('json') && body.text !== '') {
    try {
      json = redactJson(parseJson(body.text), connection);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, json, contentType, method, route, bytes: body.bytes };
}

class BodyTooLarge extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`body over ${limit} bytes`);
    this.limit = limit;
  }
}

/**
 * The body as text (UTF-8, as response.text() decodes it), read until it ends or passes `limit`
 * bytes: then the rest is not read (the connection is closed) and BodyTooLarge is thrown. A
 * server that never ends its body is stopped here, or by the request's timeout.
 */
async function readBoundedBody(response: Response, limit: number): Promise<{ text: string; bytes: number }> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new BodyTooLarge(limit);
  }
  if (response.body === null) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    bytes += chunk.value.byteLength;
    if (bytes > limit) {
      await reader.cancel();
      throw new BodyTooLarge(limit);
    }
    parts.push(decoder.decode(chunk.value, { stream: true }));
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), bytes };
}

function redactText(text: string, connection: PrefectConnection): string {
  return connection.credentials === null ? text : connection.credentials.redact(text);
}

/** Every string (keys too, and a number's text) of a server's answer with the credentials redacted: a JSON escape cannot hide them either. */
function redactJson(value: JsonValue, connection: PrefectConnection): JsonValue {
  const credentials = connection.credentials;
  if (credentials === null) return value;
  const redact = (item: JsonValue): JsonValue => {
    if (typeof item === 'string') return credentials.redact(item);
    if (isLosslessNumber(item)) return credentials.redact(item.value) === item.value ? item : credentials.redact(item.value);
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length; index++) item[index] = redact(item[index] as JsonValue);
      return item;
    }
    if (!isJsonObject(item)) return item;
    const keys = Object.keys(item);
    if (keys.every((key) => credentials.redact(key) === key)) {
      for (const key of keys) item[key] = redact(item[key] as JsonValue);
      return item;
    }
    // Object.fromEntries defines own properties: a `__proto__` key stays a key.
    return Object.fromEntries(keys.map((key) => [credentials.redact(key), redact(item[key] as JsonValue)])) as JsonObject;
  };
  return redact(value);
}

/** A Prefect error body's `detail`, or '' when it has none. */
function detailOf(json: JsonValue | undefined): string {
  return isJsonObject(json) && typeof json.detail === 'string' ? json.detail : '';
}
