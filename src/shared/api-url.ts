// The two slips people make typing a Prefect API URL, for the window's connection form and for
// main's messages alike: no scheme (`127.0.0.1:4200`) and no `/api` (Prefect's UI address).

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Whether `text` starts with a scheme and `://` (`localhost:4200` does not: that is a host and a port). */
export function hasScheme(text: string): boolean {
  return SCHEME.test(text.trim());
}

/** `127.0.0.1:4200/api` → `http://127.0.0.1:4200/api`; text with a scheme, or empty, as it is (trimmed). */
export function withScheme(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || hasScheme(trimmed) ? trimmed : `http://${trimmed}`;
}

/**
 * The same URL with `/api` at the end of its path, when it has none anywhere: a self-hosted
 * server's API is under `/api` (Prefect Cloud's under `/api/accounts/…`). Null when the URL has
 * it, or is not an http(s) URL.
 */
export function apiPathSuggestion(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const path = url.pathname.replace(/\/+$/, '');
  if (path.split('/').includes('api')) return null;
  return `${url.origin}${path}/api`;
}
