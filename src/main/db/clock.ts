// Timestamps for `created` / `updated`: ISO 8601 UTC with microseconds, strictly increasing
// within a process, so that "newest first" is well defined even for rows made in one millisecond.

let lastMicros = 0n;

export function utcNow(): string {
  let micros = BigInt(Date.now()) * 1000n;
  if (micros <= lastMicros) micros = lastMicros + 1n;
  lastMicros = micros;
  const millis = Number(micros / 1000n);
  const iso = new Date(millis).toISOString(); // 2026-11-24T07:15:43.123Z
  const subMillis = String(micros % 1000n).padStart(3, '0');
  return `${iso.slice(0, 23)}${subMillis}Z`;
}
