// Electron's security checklist, as pure decisions the lifecycle code applies (and tests check).
import { RegistryError } from '../../shared/errors';

/** The URL, normalised, when it may leave the app for the system browser: http(s) only. */
export function externalWebUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RegistryError('invalid_input', `Not a URL: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RegistryError('invalid_input', `Only http and https links are opened (refused ${parsed.protocol} link).`);
  }
  return parsed.href;
}

/** Only http(s) URLs leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    externalWebUrl(url);
    return true;
  } catch {
    return false;
  }
}

/** The window may only ever show the app's own page: same origin and path as where it started. */
export function isAppPage(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
  } catch {
    return false;
  }
}
