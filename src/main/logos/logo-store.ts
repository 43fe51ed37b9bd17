// The logos the window shows, fetched by main and kept in the user-data folder
// (`logo-cache/<sha256 of the URL>.<png|jpg|gif|webp|svg>`): a logo is fetched once, and shown
// offline afterwards. The window gets each as a data: URL, so that it needs no network at all
// (its Content-Security-Policy allows images from the app and data: only).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogoImage } from '../../shared/contract';
import { writeFileAtomic } from '../platform/atomic-file';
import { fetchLogo, httpsLogoUrl, LOGO_TYPES, LogoRefused, MAX_LOGO_BYTES, type FetchedLogo, type LogoFetchOptions, type LogoType } from './fetch-logo';

export const LOGO_CACHE_FOLDER = 'logo-cache';
/** Logos fetched at once: the catalogue asks for all of its logos together. */
const MAX_CONCURRENT_FETCHES = 4;
/** A logo that could not be fetched is not asked for again before this long (the window asks per card shown). */
const FAILURE_MEMORY_MS = 60_000;

export interface LogoStoreOptions extends LogoFetchOptions {
  /** The cache folder: `<user data>/logo-cache` in the app. */
  cacheDir: string;
}

export class LogoStore {
  readonly #options: LogoStoreOptions;
  /** Fetches under way, by URL: the same logo asked for by many cards is fetched once. */
  readonly #pending = new Map<string, Promise<LogoImage>>();
  readonly #failures = new Map<string, { reason: string; at: number }>();
  readonly #slots = new Slots(MAX_CONCURRENT_FETCHES);

  constructor(options: LogoStoreOptions) {
    this.#options = options;
  }

  /** The logo at `url` as a data: URL, from the cache or fetched; why not, when it cannot be had. */
  async get(url: string): Promise<LogoImage> {
    try {
      httpsLogoUrl(url);
    } catch (error) {
      return unavailable(error);
    }
    const cached = this.#readCache(url);
    if (cached !== null) return { data_url: dataUrl(cached) };
    const failure = this.#failures.get(url);
    if (failure !== undefined && Date.now() - failure.at < FAILURE_MEMORY_MS) return { data_url: null, reason: failure.reason };
    let pending = this.#pending.get(url);
    if (pending === undefined) {
      pending = this.#fetchAndKeep(url).finally(() => this.#pending.delete(url));
      this.#pending.set(url, pending);
    }
    return pending;
  }

  /** Where the logo at `url` is cached, without its extension. */
  cachePathFor(url: string): string {
    return join(this.#options.cacheDir, createHash('sha256').update(url).digest('hex'));
  }

  async #fetchAndKeep(url: string): Promise<LogoImage> {
    let logo: FetchedLogo;
    try {
      logo = await this.#slots.run(() => fetchLogo(url, this.#options));
    } catch (error) {
      const image = unavailable(error);
      this.#failures.set(url, { reason: image.reason, at: Date.now() });
      return image;
    }
    this.#failures.delete(url);
    try {
      mkdirSync(this.#options.cacheDir, { recursive: true });
      writeFileAtomic(`${this.cachePathFor(url)}.${LOGO_TYPES[logo.type]}`, logo.bytes);
    } catch {
      // A user-data folder that cannot be written: the logo is shown, and fetched again next time.
    }
    return { data_url: dataUrl(logo) };
  }

  #readCache(url: string): FetchedLogo | null {
    const base = this.cachePathFor(url);
    for (const [type, extension] of Object.entries(LOGO_TYPES) as Array<[LogoType, string]>) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(`${base}.${extension}`);
      } catch {
        continue;
      }
      if (bytes.length > 0 && bytes.length <= (this.#options.maxBytes ?? MAX_LOGO_BYTES)) return { type, bytes };
    }
    return null;
  }
}

function dataUrl(logo: FetchedLogo): string {
  return `data:${logo.type};base64,${logo.bytes.toString('base64')}`;
}

function unavailable(error: unknown): { data_url: null; reason: string } {
  return { data_url: null, reason: error instanceof LogoRefused ? error.message : `could not be fetched (${String(error)})` };
}

/** At most `limit` pieces of work at once; the others wait their turn, in order. */
class Slots {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A finished piece of work hands its slot to the next one waiting, so no newcomer slips in between.
    if (this.#running >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running += 1;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }
}
