// Block type logos, as main fetched them (data: URLs): the window itself never reaches the
// network. Each URL is asked for once while the page lives, whatever number of cards show it;
// one main could not fetch is asked for again when next shown (main says quickly while it
// remembers the failure, and tries again later: the network may be back).
import { safeCall, windowApi } from './api';

const pending = new Map<string, Promise<string | null>>();
const fetched = new Map<string, string>();

/** The logo's data: URL once main has it, at once; undefined when not (yet). */
export function knownLogo(url: string): string | undefined {
  return fetched.get(url);
}

/** The logo at an https URL as a data: URL; null when main could not have it (offline, refused). */
export function logoDataUrl(url: string): Promise<string | null> {
  const known = fetched.get(url);
  if (known !== undefined) return Promise.resolve(known);
  let answer = pending.get(url);
  if (answer === undefined) {
    answer = safeCall(() => windowApi().getLogo({ url })).then((response) => {
      pending.delete(url);
      const dataUrl = response.ok ? response.value.data_url : null;
      // Only images: a data: URL of any other kind is never put in an <img>.
      if (dataUrl === null || !dataUrl.startsWith('data:image/')) return null;
      fetched.set(url, dataUrl);
      return dataUrl;
    });
    pending.set(url, answer);
  }
  return answer;
}
