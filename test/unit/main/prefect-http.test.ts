// The HTTP layer's own rules, on real sockets: redirects never carry credentials to another
// origin, retries are bounded and honour Retry-After, and network failures say what happened.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePrefectConnection } from '../../../src/main/prefect-server/config';
import { PrefectHttp, retryAfterMs, timeoutFromEnv } from '../../../src/main/prefect-server/http';
import { RegistryError } from '../../../src/shared/errors';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
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

  it('sends writes one at a time, in order, while reads go at once', async () => {
    const inFlight = { POST: 0, GET: 0 };
    const most = { POST: 0, GET: 0 };
    const order: string[] = [];
    const server = await listen((request, response) => {
      // The CSRF token request before each write is a read too: not counted.
      if (request.url?.startsWith('/api/csrf-token') === true) return void response.writeHead(404).end();
      const method = request.method === 'POST' ? 'POST' : 'GET';
      inFlight[method] += 1;
      most[method] = Math.max(most[method], inFlight[method]);
      if (method === 'POST') order.push(request.url ?? '');
      // Held long enough that every request of the batch has been sent before the first answer.
      setTimeout(() => {
        inFlight[method] -= 1;
        // The first write fails (503) once: its retry still goes before the next write.
        const busy = request.url === '/api/w0' && order.filter((url) => url === '/api/w0').length === 1;
        response.writeHead(busy ? 503 : 200, { 'content-type': 'application/json' }).end('{}');
      }, 150);
    });
    const client = http(`${server}/api`);
    await Promise.all([...[0, 1, 2, 3].map((index) => client.request('POST', `/w${index}`, {})), ...[0, 1, 2].map((index) => client.request('GET', `/r${index}`))]);
    expect(most.POST).toBe(1);
    expect(most.GET).toBeGreaterThan(1);
    expect(order).toEqual(['/api/w0', '/api/w0', '/api/w1', '/api/w2', '/api/w3']);
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
