// Timestamps for `created` / `updated`: ISO 8601 UTC with microseconds, strictly increasing
// within a process, so that "newest first" is well defined even for rows made in one millisecond.

let lastMicros = 0;
/** The millisecond last formatted and its ISO text up to the milliseconds: registration asks many times per millisecond. */
let lastMillis = -1;
let lastMillisText = '';

export function utcNow(): string {
  // Microseconds since 1970 stay exact in a double until the year 2255.
  let micros = Date.now() * 1000;
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  const millis = Math.floor(micros / 1000);
  if (millis !== lastMillis) {
    lastMillis = millis;
    lastMillisText = new Date(millis).toISOString().slice(0, 23); // 2026-11-24T07:15:43.123
  }
  const subMillis = String(micros - millis * 1000).padStart(3, '0');
  return `${lastMillisText}${subMillis}Z`;
}
