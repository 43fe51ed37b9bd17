// Fetching one block type logo for the window, which never reaches the network itself: over
// https only (a redirect too), within a size cap and a deadline, and only as one of the image
// types the window shows. Whatever comes back is handed over as an image, which cannot run
// script: an SVG's scripts never run in an <img>, and the window never inlines one.
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';

/** The image types a logo may be, each with the file extension the cache names it by. */
export const LOGO_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
} as const;

export type LogoType = keyof typeof LOGO_TYPES;

/** Prefect's logos are a few KB; no logo needs more than this. */
export const MAX_LOGO_BYTES = 512 * 1024;
const LOGO_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface LogoFetchOptions {
  /** The whole fetch, redirects and body included. */
  timeoutMs?: number;
  maxBytes?: number;
  /** Certificates trusted besides Node's own roots (PEM): a test's local server, a company's CA. */
  trustedCertificates?: readonly string[];
  /** How host names are resolved (Node's dns.lookup by default). */
  lookup?: LookupFunction;
}

export interface FetchedLogo {
  type: LogoType;
  bytes: Buffer;
}

/** Why a logo was not fetched, in words for the person (the window shows the initials instead). */
export class LogoRefused extends Error {
  override name = 'LogoRefused';
}

function isLogoType(type: string): type is LogoType {
  return Object.hasOwn(LOGO_TYPES, type);
}

/** Only https: an http logo could be swapped on the way, and no other scheme is fetched at all. */
export function httpsLogoUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LogoRefused(`not a URL: ${url}`);
  }
  if (parsed.protocol !== 'https:') throw new LogoRefused(`logos are fetched over https only (refused ${parsed.protocol} URL)`);
  return parsed;
}

export async function fetchLogo(url: string, options: LogoFetchOptions = {}): Promise<FetchedLogo> {
  const timeoutMs = options.timeoutMs ?? LOGO_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_LOGO_BYTES;
  const ca = options.trustedCertificates === undefined || options.trustedCertificates.length === 0 ? undefined : [...rootCertificates, ...options.trustedCertificates];
  const deadline = AbortSignal.timeout(timeoutMs);
  let target = httpsLogoUrl(url);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await get(target, { signal: deadline, ca, lookup: options.lookup });
      const status = response.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (location === undefined) throw new LogoRefused(`HTTP ${status} without a Location`);
        if (redirects >= MAX_REDIRECTS) throw new LogoRefused(`more than ${MAX_REDIRECTS} redirects`);
        target = httpsLogoUrl(new URL(location, target).href);
        continue;
      }
      if (status !== 200) {
        response.resume();
        throw new LogoRefused(`HTTP ${status}`);
      }
      const type = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!isLogoType(type)) {
        response.resume();
        throw new LogoRefused(`not an image the window shows (${type === '' ? 'no content type' : type})`);
      }
      const declared = Number(response.headers['content-length'] ?? Number.NaN);
      if (declared > maxBytes) {
        response.resume();
        throw new LogoRefused(`over the ${maxBytes} bytes a logo may have (${declared} bytes)`);
      }
      const bytes = await readCapped(response, maxBytes);
      if (!looksLike(type, bytes)) throw new LogoRefused(`the content is not ${type}`);
      return { type, bytes };
    }
  } catch (error) {
    if (error instanceof LogoRefused) throw error;
    if (deadline.aborted) throw new LogoRefused(`no answer within ${timeoutMs} ms`);
    throw new LogoRefused(`could not be fetched (${describeNetworkError(error)})`);
  }
}

interface GetOptions {
  signal: AbortSignal;
  ca: string[] | undefined;
  lookup: LookupFunction | undefined;
}

/** One GET, no cookies nor referrer (Node sends none), no compression asked for. */
function get(url: URL, options: GetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'GET',
      headers: { accept: Object.keys(LOGO_TYPES).join(', '), 'user-agent': 'block-registry' },
      signal: options.signal,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
    });
    outgoing.on('response', resolve);
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** The body, refused as soon as it passes `maxBytes` (a server may send more than it declared, or not declare). */
function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Said before the connection is cut: cutting it reports a closed connection, which is not why.
        reject(new LogoRefused(`over the ${maxBytes} bytes a logo may have`));
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('the connection closed before the end of the image')));
  });
}

/** The bytes start as the type says: an error page sent as image/png is not cached as a logo. */
function looksLike(type: LogoType, bytes: Buffer): boolean {
  const starts = (text: string, at = 0): boolean => bytes.subarray(at, at + text.length).toString('latin1') === text;
  switch (type) {
    case 'image/png':
      return starts('\x89PNG\r\n\x1a\n');
    case 'image/jpeg':
      return starts('\xff\xd8\xff');
    case 'image/gif':
      return starts('GIF87a') || starts('GIF89a');
    case 'image/webp':
      return starts('RIFF') && starts('WEBP', 8);
    case 'image/svg+xml':
      return /<svg[\s>]/i.test(bytes.toString('utf8'));
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
