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
