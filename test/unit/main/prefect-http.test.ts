// The HTTP layer's own rules, on real sockets: redirects never carry credentials to another
// origin, retries are bounded and honour Retry-After (up to a cap, said when long), bodies are
// read only up to their route's bound, credentials a server quotes back are redacted, and
// network failures say what happened.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { PrefectClient } from '../../../src/main/servers/client/client';
import { resolvePrefectConnection } from '../../../src/main/servers/client/config';
import { PrefectHttp, retryAfterMs, timeoutFromEnv } from '../../../src/main/servers/client/http';
import { RefusedRequest } from '../../../src/main/servers/client/response-errors';
import { CONCURRENT_WRITES } from '../../../src/main/servers/client/write-gate';
import { RegistryError } from '../../../src/shared/errors';
import { stringifyJson } from '../../../src/shared/json';
import { listenOnLoopback } from '../../helpers/loopback';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  return `http://127.0.0.1:${await listenOnLoopback(server)}`;
}

const SECRET = 'user:do-not-leak';
function http(apiUrl: string, maxAttempts = 3): PrefectHttp {
  const connection = resolvePrefectConnection(apiUrl, { PREFECT_API_AUTH_STRING: SECRET, PREFECT_HOME: '/nonexistent-prefect-home' });
  return new PrefectHttp(connection, { maxAttempts, sleep: async () => undefined, timeoutMs: 2_000 });
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('PrefectHttp', () => {
  it('refuses a redirect to another origin and sends it nothing', async () => {
    const seen: Array<string | undefined> = [];
    const elsewhere = await listen((request, response) => {
      seen.push(request.headers.authorization);
      response.end('true');
    });
    const server = await listen((_request, response) => {
      response.writeHead(307, { location: `${elsewhere}/api/health` }).end();
    });
    const error = await failure(http(`${server}/api`).request('GET', '/health'));
    expect(error.message).toMatch(/another origin/);
    expect(error.message).not.toContain('do-not-leak');
    expect(seen).toEqual([]);
  });

  it('follows a same-origin redirect with the credentials', async () => {
    const seen: Array<string | undefined> = [];
    const server = await listen((request, response) => {
      seen.push(request.headers.authorization);
      if (request.url === '/old/health') response.writeHead(308, { location: '/api/health' }).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('true');
    });
    const response = await http(`${server}/old`).request('GET', '/health');
    expect(response.json).toBe(true);
    expect(seen).toEqual([`Basic ${Buffer.from(SECRET).toString('base64')}`, `Basic ${Buffer.from(SECRET).toString('base64')}`]);
  });

  it('retries 429 and 503 a bounded number of times', async () => {
    let calls = 0;
    const server = await listen((_request, response) => {
      calls += 1;
      if (calls < 3) response.writeHead(calls === 1 ? 429 : 503, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"detail":"busy"}');
      else response.writeHead(200, { 'content-type': 'application/json' }).end('"0.8.4"');
    });
    expect((await http(`${server}/api`).request('GET', '/version')).json).toBe('0.8.4');
    expect(calls).toBe(3);
    calls = -10;
    const last = await http(`${server}/api`, 2).request('GET', '/version');
    expect(last.status).toBe(503);
    expect(calls).toBe(-8);
  });

  it('answers a 500 as it came, asked once: an error inside the server, as Prefect answers it', async () => {
    let calls = 0;
    const server = await listen((_request, response) => {
      calls += 1;
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"exception_message":"Internal Server Error"}');
    });
    expect((await http(`${server}/api`).request('GET', '/version')).status).toBe(500);
    expect(calls).toBe(1);
  });

  /** A server holding every request 150 ms (long enough for a batch to be sent before the first answer), counting what is in flight. */
  async function countingServer(busy: (url: string, writes: string[]) => boolean = () => false) {
    const inFlight = { write: 0, read: 0 };
    const most = { write: 0, read: 0 };
    const writes: string[] = [];
    const url = await listen((request, response) => {
      // The CSRF token request before each write is a read too: not counted.
      if (request.url?.startsWith('/api/csrf-token') === true) return void response.writeHead(404).end();
      const kind = request.method === 'POST' && request.url?.endsWith('/filter') !== true ? 'write' : 'read';
      inFlight[kind] += 1;
      most[kind] = Math.max(most[kind], inFlight[kind]);
      if (kind === 'write') writes.push(request.url ?? '');
      setTimeout(() => {
        inFlight[kind] -= 1;
        response.writeHead(busy(request.url ?? '', writes) ? 503 : 200, { 'content-type': 'application/json' }).end('{}');
      }, 150);
    });
    return { url, most, writes, reset: () => Object.assign(most, { write: 0, read: 0 }) };
  }

  it('keeps several writes in flight while the server takes them; filter POSTs are reads, never held by writes', async () => {
    const server = await countingServer();
    const client = http(`${server.url}/api`);
    await Promise.all([...Array.from({ length: 12 }, (_, index) => client.request('POST', `/w${index}`, {})), ...[0, 1, 2].map((index) => client.request('POST', `/r${index}/filter`, {}))]);
    // Several at once (as many as the gate allows, on a quiet machine), never more.
    expect(server.most.write).toBeGreaterThan(1);
    expect(server.most.write).toBeLessThanOrEqual(CONCURRENT_WRITES);
    expect(server.most.read).toBeGreaterThan(1);
    expect(server.writes.length).toBe(12);
  });

  it('after a write the server refused as busy (503), writes go one at a time, in order', async () => {
    // The first write is refused once, as a SQLite-backed server refuses a write while another holds the database.
    const server = await countingServer((url, writes) => url === '/api/w0' && writes.filter((written) => written === '/api/w0').length === 1);
    const client = http(`${server.url}/api`);
    await Promise.all([0, 1, 2, 3].map((index) => client.request('POST', `/w${index}`, {})));
    server.reset();
    server.writes.length = 0;
    await Promise.all([...[4, 5, 6, 7].map((index) => client.request('POST', `/w${index}`, {})), ...[0, 1, 2].map((index) => client.request('GET', `/r${index}`))]);
    expect(server.most.write).toBe(1);
    expect(server.most.read).toBe(3);
    expect(server.writes).toEqual(['/api/w4', '/api/w5', '/api/w6', '/api/w7']);
  });

  it('says connection refused for a closed port', async () => {
    const server = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const error = await failure(http(`${server}/api`).request('GET', '/health'));
    expect(error.code).toBe('prefect_unreachable');
    expect(error.message).toMatch(/connection refused/);
  });

  it('gives up after the timeout with the setting named', async () => {
    const server = await listen(() => undefined);
    const connection = resolvePrefectConnection(`${server}/api`, { PREFECT_HOME: '/nonexistent-prefect-home' });
    const error = await failure(new PrefectHttp(connection, { timeoutMs: 200, maxAttempts: 1 }).request('GET', '/health'));
    expect(error.message).toMatch(/did not answer within 0.2 s \(BLOCK_REGISTRY_HTTP_TIMEOUT_MS/);
  });
});

describe('what a server sends back', () => {
  /** Prefect before CSRF tokens: the request each client makes before its first POST. */
  const noCsrf = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.url?.startsWith('/api/csrf-token') !== true) return false;
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    return true;
  };

  /** Answers every request with a body that never ends, 64 KiB every millisecond (about 64 MB a second, never a flood). */
  function endless(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => response.write(Buffer.alloc(64 * 1024, ' ')), 1);
    response.on('close', () => clearInterval(timer));
  }

  it("stops reading a body past its route's bound, and says so", async () => {
    const server = await listen((_request, response) => endless(response));
    const client = new PrefectHttp(resolvePrefectConnection(`${server}/api`, { PREFECT_HOME: '/nonexistent-prefect-home' }), { timeoutMs: 3_000, maxAttempts: 1 });
    const error = await failure(client.request('GET', '/health'));
    expect(error.message).toMatch(/^The Prefect server at http:\/\/127\.0\.0\.1:\d+ sent more than 1 MB for GET \/health; stopped reading/);
  });

  it('refuses a declared length over the bound before reading the body', async () => {
    let written = 0;
    const server = await listen((request, response) => {
      if (noCsrf(request, response)) return;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) });
      const timer = setInterval(() => (written += response.write(Buffer.alloc(64 * 1024, ' ')) ? 64 * 1024 : 0), 5);
      response.on('close', () => clearInterval(timer));
    });
    const error = await failure(http(`${server}/api`).request('POST', '/block_types/filter', {}));
    expect(error.message).toMatch(/sent more than 64 MB for POST \/block_types\/filter; stopped reading/);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('redacts every form of the credentials from what a server quotes back', async () => {
    const key = 'pnu_quoted-back-key';
    const server = await listen((request, response) => {
      const header = request.headers.authorization ?? '';
      // The secret as written, behind a JSON escape, upper-cased, in a key, and in the content type.
      const escaped = `\\u0070${JSON.stringify(header.slice('Bearer p'.length)).slice(1, -1)}`;
      response.writeHead(422, { 'content-type': `application/json; x=${key}` });
      response.end(`{"detail":"Invalid credentials: ${header}, ${escaped}, ${key.toUpperCase()}","${key}":["${encodeURIComponent(key)}"]}`);
    });
    const connection = resolvePrefectConnection(`${server}/api`, { PREFECT_API_KEY: key, PREFECT_HOME: '/nonexistent-prefect-home' });
    const response = await new PrefectHttp(connection, { maxAttempts: 1 }).request('GET', '/version');
    const seen = `${stringifyJson(response.json ?? null)} ${response.contentType}`;
    expect(seen).not.toMatch(/quoted-back-key/i);
    expect(response.json).toEqual({ detail: 'Invalid credentials: Bearer [redacted], [redacted], [redacted]', '[redacted]': ['[redacted]'] });
    expect(response.contentType).toBe('application/json; x=[redacted]');
  });

  it('redacts an auth string, its base64 form and its password', async () => {
    const server = await listen((request, response) => {
      const header = request.headers.authorization ?? '';
      const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
      response
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: `${header} ${decoded} ${decoded.split(':')[1] ?? ''} ${header.slice('Basic '.length).replace(/=+$/, '')}` }));
    });
    const error = await failure(
      new PrefectClient(resolvePrefectConnection(`${server}/api`, { PREFECT_API_AUTH_STRING: SECRET, PREFECT_HOME: '/nonexistent-prefect-home' }), { maxAttempts: 1 }).apiVersion(),
    );
    expect(error.message).toBe('GET /version answered 500: Basic [redacted] [redacted] [redacted] [redacted] (an error inside the server: its log says which)');
  });

  it('waits no longer than the cap for a Retry-After of years, and says so', async () => {
    let calls = 0;
    const server = await listen((_request, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(429, { 'retry-after': '99999999', 'content-type': 'application/json' }).end('{"detail":"slow down"}');
      else response.writeHead(200, { 'content-type': 'application/json' }).end('"0.8.4"');
    });
    const slept: number[] = [];
    const notices: string[] = [];
    const connection = resolvePrefectConnection(`${server}/api`, { PREFECT_HOME: '/nonexistent-prefect-home' });
    const client = new PrefectHttp(connection, { timeoutMs: 60_000, sleep: async (ms) => void slept.push(ms), notify: (message) => notices.push(message) });
    expect((await client.request('GET', '/version')).json).toBe('0.8.4');
    expect(slept).toEqual([30_000]);
    expect(notices).toEqual(['GET /version answered 429; the server asked to wait 99999999 s (Retry-After): waiting 30 s, the longest this client waits, then trying again (attempt 2 of 10).']);
    // A shorter request timeout shortens the longest wait too.
    calls = 0;
    slept.length = 0;
    await new PrefectHttp(connection, { timeoutMs: 4_000, sleep: async (ms) => void slept.push(ms) }).request('GET', '/version');
    expect(slept).toEqual([4_000]);
  });

  it('refuses an answer of the wrong shape, naming the route and the field', async () => {
    const server = await listen((request, response) => {
      if (noCsrf(request, response)) return;
      const row = (index: number): object => ({ id: `id-${index}`, name: index === 3 ? 42 : `Type ${index}`, slug: `type-${index}`, is_protected: false });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([0, 1, 2, 3].map(row)));
    });
    const client = new PrefectClient(resolvePrefectConnection(`${server}/api`, { PREFECT_HOME: '/nonexistent-prefect-home' }), { maxAttempts: 1 });
    const error = await failure(client.readBlockTypes());
    expect(error.message).toMatch(/^POST \/block_types\/filter: \[3\]\.name: expected a string, got 42\. Not what a Prefect server answers/);
  });

  it('stops listing when a server answers every offset with the same page', async () => {
    let calls = 0;
    const server = await listen((request, response) => {
      if (noCsrf(request, response)) return;
      calls += 1;
      const rows = Array.from({ length: 200 }, (_, index) => ({ id: `id-${index}`, name: `Type ${index}`, slug: `type-${index}`, is_protected: false }));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
    });
    const client = new PrefectClient(resolvePrefectConnection(`${server}/api`, { PREFECT_HOME: '/nonexistent-prefect-home' }), { maxAttempts: 1 });
    const error = await failure(client.readBlockTypes());
    expect(error.message).toMatch(/^POST \/block_types\/filter answered offset 200 with the same rows as an earlier page: the server at \S+ does not page/);
    // The second page, and at most the few asked for ahead of it.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(5);
  });

  it('asks for the pages of a long listing several at a time, a short one in one request, and keeps their order', async () => {
    const total = 1_150;
    let inFlight = 0;
    let most = 0;
    // The offsets asked of the filtered listing (pages the first listing asked ahead past its end may arrive late).
    const offsets: number[] = [];
    const abandoned: number[] = [];
    const server = await listen((request, response) => {
      if (noCsrf(request, response)) return;
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const { offset, limit, block_types: filter } = JSON.parse(Buffer.concat(chunks).toString()) as { offset: number; limit: number; block_types?: unknown };
        if (filter !== undefined) offsets.push(offset);
        most = Math.max(most, ++inFlight);
        const size = filter === undefined ? total : 3;
        const rows = Array.from({ length: Math.max(0, Math.min(limit, size - offset)) }, (_, index) => ({
          id: `id-${offset + index}`,
          name: `Type ${offset + index}`,
          slug: `type-${offset + index}`,
          is_protected: false,
        }));
        // Held long enough that the pages asked ahead are all in flight together; those past the
        // end far longer: the listing ends without them, and abandons them.
        const past = filter === undefined && offset >= total;
        response.on('close', () => {
          if (!response.writableEnded) abandoned.push(offset);
        });
        setTimeout(
          () => {
            inFlight -= 1;
            if (!response.destroyed) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
          },
          past ? 5_000 : 100,
        );
      });
    });
    const client = new PrefectClient(resolvePrefectConnection(`${server}/api`, { PREFECT_HOME: '/nonexistent-prefect-home' }), { maxAttempts: 1 });
    const listed = await client.readBlockTypes();
    expect(listed.map((type) => type.id)).toEqual(Array.from({ length: total }, (_, index) => `id-${index}`));
    expect(most).toBeGreaterThan(1);
    // The pages asked ahead past the end are closed by the client, not left for the server to answer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(abandoned.length).toBeGreaterThan(0);
    expect(abandoned.every((offset) => offset >= total)).toBe(true);
    expect(await client.readBlockTypes(['type-0'])).toHaveLength(3);
    expect(offsets).toEqual([0]);
  });
});

describe('a refusal of one request, or of the server as a whole', () => {
  /** The error a client call meets when the server answers `status` to every request. */
  async function refusal(status: number): Promise<RegistryError> {
    const server = await listen((_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end('{"detail":"no"}');
    });
    const connection = resolvePrefectConnection(`${server}/api`, { PREFECT_HOME: '/nonexistent-prefect-home' });
    return failure(new PrefectClient(connection, { maxAttempts: 2, sleep: async () => undefined }).apiVersion());
  }

  // A push goes on past a request the server refused for what it asked (push.ts), and stops
  // when the server takes no request at all.
  it.each([400, 409, 422, 500])('a %i refuses that request only', async (status) => {
    const error = await refusal(status);
    expect(error).toBeInstanceOf(RefusedRequest);
    expect((error as RefusedRequest).status).toBe(status);
  });

  it.each([401, 403, 404, 429, 503])('a %i (after every retry where retried) is no refusal of one request', async (status) => {
    expect(await refusal(status)).not.toBeInstanceOf(RefusedRequest);
  });
});

describe('settings', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('BLOCK_REGISTRY_HTTP_TIMEOUT_MS is a positive whole number', () => {
    expect(timeoutFromEnv({})).toBe(60_000);
    expect(timeoutFromEnv({ BLOCK_REGISTRY_HTTP_TIMEOUT_MS: '5000' })).toBe(5000);
    expect(() => timeoutFromEnv({ BLOCK_REGISTRY_HTTP_TIMEOUT_MS: '5s' })).toThrow(/whole, positive number/);
    expect(() => timeoutFromEnv({ BLOCK_REGISTRY_HTTP_TIMEOUT_MS: '0' })).toThrow(/whole, positive number/);
  });
});
