// How the end-to-end tests launch Chromium. Which one: scripts/chromium.mjs, the same lookup
// npm test uses to install one when there is none.
import { findChromium } from '../../scripts/chromium.mjs';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** $CHROMIUM_PATH, else the system's Chromium, else Playwright's own download. */
export function chromiumExecutable(): string | undefined {
  const location = findChromium();
  return location.found ? location.path : undefined;
}
