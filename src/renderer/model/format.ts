// Display formats for numbers, dates, durations and checksums.

const COUNT = new Intl.NumberFormat('en-US');

/** `5054` → `5,054`. */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** `12.34` → `12 ms`; null → null. */
export function formatMs(ms: number): string {
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** `sha256:17b73297ed60f080…` → `sha256:17b73297ed60`; the full value belongs in a title. */
export function shortChecksum(checksum: string, hexDigits = 12): string {
  const colon = checksum.indexOf(':');
  const prefix = colon === -1 ? '' : checksum.slice(0, colon + 1);
  const hex = colon === -1 ? checksum : checksum.slice(colon + 1);
  return hex.length <= hexDigits ? checksum : `${prefix}${hex.slice(0, hexDigits)}…`;
}

/** ISO 8601 UTC → `2026-11-24 07:15 UTC` (the stored text when it is not a date). */
export function formatDateTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match === null ? iso : `${match[1] ?? ''} ${match[2] ?? ''} UTC`;
}
