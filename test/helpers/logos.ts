// Logos for the tests: a real https server on loopback (a certificate made by openssl for this
// run, which the logo store is told to trust), and a logo store that stays off the internet (host
// names other than localhost do not resolve, as when offline), so runs are repeatable.
import { execFileSync } from 'node:child_process';
import type { LookupAddress } from 'node:dns';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LOGO_CACHE_FOLDER, LogoStore, type LogoStoreOptions } from '../../src/main/logos/logo-store';
import { closeHttpServer, listenOnLoopback } from './loopback';

/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
/** An SVG with a script in it: shown as an image, the script never runs. */
export const SVG_TEXT = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" onload="window.__pwned=40"><script>window.__pwned=41</script><rect width="8" height="8" fill="teal"/></svg>';

/** Resolves localhost only; every other name fails as it does offline. */
export const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'localhost') {
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
    return;
  }
  const address: LookupAddress = { address: '127.0.0.1', family: 4 };
  if (options.all === true) callback(null, [address]);
  else callback(null, address.address, address.family);
};

/** The logo store beside a database, as the app keeps it in its user-data folder, off the internet. */
export function testLogoStore(databasePath: string, options: Partial<LogoStoreOptions> = {}): LogoStore {
  return new LogoStore({ cacheDir: join(dirname(databasePath), LOGO_CACHE_FOLDER), lookup: loopbackOnlyLookup, ...options });
}

export interface LogoRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Never answers (a server that hangs). */
  hang?: boolean;
}

export interface LogoServer {
  /** https://localhost:PORT */
  origin: string;
  /** The server's certificate (PEM), to be trusted by the store. */
  certificate: string;
  /** Paths asked for, in order. */
  requests: string[];
  routes: Map<string, LogoRoute>;
  close: () => Promise<void>;
}

/** A self-signed certificate for localhost and 127.0.0.1, made for this run. */
function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'block-registry-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function answer(routes: Map<string, LogoRoute>, requests: string[]) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    requests.push(path);
    const route = routes.get(path);
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.hang === true) return;
    response.writeHead(route.status ?? 200, route.headers ?? {}).end(route.body ?? '');
  };
}

/** A https logo server on loopback; `routes` (path → answer) can be changed while it runs. */
export async function startLogoServer(routes: Record<string, LogoRoute> = {}): Promise<LogoServer> {
  const { key, cert } = makeCertificate();
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  const server = createServer({ key, cert }, answer(table, requests));
  const port = await listenOnLoopback(server);
  return { origin: `https://localhost:${port}`, certificate: cert, requests, routes: table, close: () => closeHttpServer(server) };
}

/** A plain-http server with the same routes: what the store must refuse to fetch from. */
export async function startPlainHttpServer(routes: Record<string, LogoRoute>): Promise<{ origin: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createHttpServer(answer(new Map(Object.entries(routes)), requests));
  const port = await listenOnLoopback(server);
  return { origin: `http://localhost:${port}`, requests, close: () => closeHttpServer(server) };
}
