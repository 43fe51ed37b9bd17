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

// Letters whose spoken name starts with a vowel sound: "an S3 Bucket", "an SMB", "an HTTP".
const VOWEL_SOUND_LETTER_NAMES = new Set(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X']);
// "u" and "eu" words that start with a "you" sound take "a": "a unique", "a user", "a European".
const YOU_SOUND = /^(uni|use|usu|uti|ure|eu)/i;

/**
 * "a" or "an" before `phrase`, by how its first word sounds: an initialism (`S3`, `AWS`, `GCS`)
 * by its first letter's name, a word by its first letter ("an Azure", "a MinIO", "a unique").
 */
export function indefiniteArticle(phrase: string): 'a' | 'an' {
  const word = phrase.trim().split(/[\s-]/)[0] ?? '';
  const first = word.charAt(0);
  if (first === '') return 'a';
  // Spelled out: all capitals (AWS), letters and digits (S3, s3 in a slug), no vowel at all (smb).
  const initialism = /^[A-Z][A-Z0-9]+$/.test(word) || (/^[a-z0-9]+$/i.test(word) && (/\d/.test(word) || !/[aeiouy]/i.test(word)));
  if (initialism) return VOWEL_SOUND_LETTER_NAMES.has(first.toUpperCase()) ? 'an' : 'a';
  if (YOU_SOUND.test(word)) return 'a';
  return /^[aeiou]/i.test(first) ? 'an' : 'a';
}

/** "an S3 Bucket", "a GCS Bucket". */
export function withArticle(phrase: string): string {
  return `${indefiniteArticle(phrase)} ${phrase}`;
}
