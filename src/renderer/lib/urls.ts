// Which URLs may leave the app (to the system browser) or be loaded as images.

export function isHttpUrl(url: string | null | undefined): url is string {
  if (url === null || url === undefined) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
