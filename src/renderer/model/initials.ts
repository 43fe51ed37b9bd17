// The badge shown instead of a block type's logo: up to two initials of its name.

/** "AWS Credentials" → "AC", "dbt Core Operation" → "DC", "Webhook" → "WE", "" → "?". */
export function initials(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  const first = words[0];
  if (first === undefined) return '?';
  const second = words[1];
  const letters = second === undefined ? Array.from(first).slice(0, 2) : [Array.from(first)[0] ?? '', Array.from(second)[0] ?? ''];
  return letters.join('').toUpperCase();
}
