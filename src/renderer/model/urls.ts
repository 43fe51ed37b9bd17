// Which URLs may leave the app (to the system browser) or be loaded as images.

declare const accepted: unique symbol;
/** A string isHttpUrl accepted. Branded, so that a refused string is still a string and not `never`. */
export type HttpUrl = string & { readonly [accepted]: true };

export function isHttpUrl(url: string | null | undefined): url is HttpUrl {
  if (url === null || url === undefined) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Only https logos are asked of main (which fetches them): an http one shows its initials. */
export function isHttpsUrl(url: string | null | undefined): url is HttpUrl {
  return isHttpUrl(url) && new URL(url).protocol === 'https:';
}
