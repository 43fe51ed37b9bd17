// Block type logos, fetched by main for the window (which never reaches the network): against a
// real https server on loopback with a certificate made for this run. Over https only, redirects
// included; size-capped; image types only; a deadline; cached in the user-data folder by the
// URL's sha256; and the IPC call that hands them over, validated at main's edge.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGO_CACHE_FOLDER, LogoStore } from '../../src/main/logos/logo-store';
import { MAX_LOGO_BYTES } from '../../src/main/logos/fetch-logo';
import { launchRegistry } from '../../src/main/operations/launch';
import { recordingHandlers } from '../helpers/handlers';
import { loopbackOnlyLookup, PNG_BYTES, startLogoServer, startPlainHttpServer, SVG_TEXT, type LogoServer } from '../helpers/logos';
import { useTempFolder } from '../helpers/registry';

let server: LogoServer;
let plain: Awaited<ReturnType<typeof startPlainHttpServer>>;
const folder = useTempFolder('logos');

const png = { headers: { 'content-type': 'image/png' }, body: PNG_BYTES };

beforeAll(async () => {
  plain = await startPlainHttpServer({ '/logo.png': png });
  server = await startLogoServer({
    '/logo.png': png,
    '/logo.svg': { headers: { 'content-type': 'image/svg+xml; charset=utf-8' }, body: SVG_TEXT },
    '/to-https': { status: 302, headers: { location: '/logo.png' } },
    '/to-http': { status: 301, headers: { location: `${plain.origin}/logo.png` } },
    '/to-file': { status: 302, headers: { location: 'file:///etc/passwd' } },
    '/loop': { status: 302, headers: { location: '/loop' } },
    '/page.html': { headers: { 'content-type': 'text/html' }, body: '<html><script>alert(1)</script></html>' },
    '/html-as-png': { headers: { 'content-type': 'image/png' }, body: '<html>not found</html>' },
    '/untyped': { body: PNG_BYTES },
    '/declared-huge': { headers: { 'content-type': 'image/png', 'content-length': String(MAX_LOGO_BYTES + 1) }, body: Buffer.alloc(MAX_LOGO_BYTES + 1) },
    '/streamed-huge': { headers: { 'content-type': 'image/png', 'transfer-encoding': 'chunked' }, body: Buffer.concat([PNG_BYTES, Buffer.alloc(MAX_LOGO_BYTES)]) },
    '/hangs': { hang: true },
  });
});

afterAll(async () => {
  await server.close();
  await plain.close();
});

let stores = 0;
/** A store with a cache folder of its own, trusting this run's server, off the internet. */
function store(options: { trusted?: boolean; timeoutMs?: number; cacheDir?: string } = {}): LogoStore {
  stores += 1;
  return new LogoStore({
    cacheDir: options.cacheDir ?? join(folder, `user-data-${stores}`, LOGO_CACHE_FOLDER),
    lookup: loopbackOnlyLookup,
    trustedCertificates: options.trusted === false ? [] : [server.certificate],
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

function requestsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const before = server.requests.length;
  return work().then(() => server.requests.slice(before));
}

describe('fetching a logo over https', () => {
  it('a PNG: a data: URL of its bytes, cached as logo-cache/<sha256 of the URL>.png and shown from there afterwards', async () => {
    const cacheDir = join(folder, 'cached', LOGO_CACHE_FOLDER);
    const url = `${server.origin}/logo.png`;
    const first = await store({ cacheDir }).get(url);
    expect(first).toEqual({ data_url: `data:image/png;base64,${PNG_BYTES.toString('base64')}` });
    const key = createHash('sha256').update(url).digest('hex');
    expect(readdirSync(cacheDir)).toEqual([`${key}.png`]);
    expect(readFileSync(join(cacheDir, `${key}.png`)).equals(PNG_BYTES)).toBe(true);
    // A later launch (a new store), the server gone from that path: the cache answers, nothing is asked.
    server.routes.delete('/logo.png');
    try {
      const requests = await requestsDuring(async () => expect(await store({ cacheDir }).get(url)).toEqual(first));
      expect(requests).toEqual([]);
    } finally {
      server.routes.set('/logo.png', png);
    }
  });

  it('an SVG, script and all, as a data:image/svg+xml URL: only ever an image, which runs no script', async () => {
    const image = await store().get(`${server.origin}/logo.svg`);
    expect(image).toEqual({ data_url: `data:image/svg+xml;base64,${Buffer.from(SVG_TEXT).toString('base64')}` });
  });

  it('follows a redirect to https', async () => {
    expect((await store().get(`${server.origin}/to-https`)).data_url).toMatch(/^data:image\/png;base64,/);
  });

  it('the same logo asked for by many cards at once is fetched once', async () => {
    const logos = store();
    const requests = await requestsDuring(() => Promise.all(Array.from({ length: 20 }, () => logos.get(`${server.origin}/logo.png`))));
    expect(requests).toEqual(['/logo.png']);
  });
});

describe('what is refused (the window shows the initials), caching nothing', () => {
  const refusals: Array<[string, () => string, string | RegExp]> = [
    ['an http URL, never asked for', () => `${plain.origin}/logo.png`, 'logos are fetched over https only (refused http: URL)'],
    ['a redirect to http', () => `${server.origin}/to-http`, 'logos are fetched over https only (refused http: URL)'],
    ['a redirect to file:', () => `${server.origin}/to-file`, 'logos are fetched over https only (refused file: URL)'],
    ['endless redirects', () => `${server.origin}/loop`, 'more than 3 redirects'],
    ['an HTML page', () => `${server.origin}/page.html`, 'not an image the window shows (text/html)'],
    ['no content type', () => `${server.origin}/untyped`, 'not an image the window shows (no content type)'],
    ['an error page sent as image/png', () => `${server.origin}/html-as-png`, 'the content is not image/png'],
    ['a declared size over 512 KB', () => `${server.origin}/declared-huge`, `over the ${MAX_LOGO_BYTES} bytes a logo may have (${MAX_LOGO_BYTES + 1} bytes)`],
    ['an undeclared size that grows over 512 KB', () => `${server.origin}/streamed-huge`, `over the ${MAX_LOGO_BYTES} bytes a logo may have`],
    ['a missing logo', () => `${server.origin}/missing.png`, 'HTTP 404'],
    ['a host that does not resolve (offline)', () => 'https://logos.example.com/aws.png', /^could not be fetched \(ENOTFOUND: /],
    ['not a URL', () => 'https://', 'not a URL: https://'],
  ];

  it.each(refusals)('%s', async (_name, urlOf, reason) => {
    const cacheDir = join(folder, `refused-${stores}`, LOGO_CACHE_FOLDER);
    const plainBefore = plain.requests.length;
    const image = await store({ cacheDir }).get(urlOf());
    expect(image.data_url).toBeNull();
    if ('reason' in image) expect(image.reason).toMatch(typeof reason === 'string' ? new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : reason);
    expect(plain.requests.length).toBe(plainBefore);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });

  it('a server that never answers: given up at the deadline', async () => {
    const image = await store({ timeoutMs: 300 }).get(`${server.origin}/hangs`);
    expect(image).toEqual({ data_url: null, reason: 'no answer within 300 ms' });
  });

  it('a certificate nobody vouches for', async () => {
    const image = await store({ trusted: false }).get(`${server.origin}/logo.png`);
    expect(image.data_url).toBeNull();
    if ('reason' in image) expect(image.reason).toMatch(/^could not be fetched \(.*(self[- ]signed|SELF_SIGNED)/i);
  });
});

describe('the getLogo call', () => {
  it('hands a logo over as a data: URL; refuses what is not an https URL at main’s edge', async () => {
    const userData = mkdtempSync(join(folder, 'ipc-'));
    const launched = await launchRegistry(userData);
    try {
      const main = recordingHandlers(launched, { logos: store({ cacheDir: join(userData, LOGO_CACHE_FOLDER) }) });
      expect(await main.call('getLogo', { url: `${server.origin}/logo.png` })).toEqual({ data_url: `data:image/png;base64,${PNG_BYTES.toString('base64')}` });
      expect(readdirSync(join(userData, LOGO_CACHE_FOLDER))).toHaveLength(1);
      for (const args of [
        { url: `${plain.origin}/logo.png` },
        { url: 'javascript:alert(1)' },
        { url: 'data:image/png;base64,AAAA' },
        { url: 'x'.repeat(5000) },
        { url: 1 },
        {},
        undefined,
        { url: `${server.origin}/logo.png`, extra: true },
      ]) {
        const error = await main.callError('getLogo', args);
        expect(error).toMatchObject({ code: 'invalid_input', message: 'Invalid arguments for getLogo.' });
      }
      expect((await main.callError('getLogo', { url: 'http://example.com/a.png' })).issues).toEqual([{ path: 'url', message: 'must be an https URL (logos are fetched over https only)' }]);
      // The window's default: off the internet, the catalogue's own logos are unavailable, with the reason.
      const offline = await main.call<{ data_url: null; reason: string }>('getLogo', { url: 'https://raw.githubusercontent.com/PrefectHQ/prefect/main/assets/block-logos/aws.png' });
      expect(offline.data_url).toBeNull();
      expect(offline.reason).toMatch(/^could not be fetched \(ENOTFOUND/);
    } finally {
      await launched.registry.close();
    }
  });
});
