// The current hash route, following `hashchange` (links, back/forward, reload all land here).
import { useMemo, useSyncExternalStore } from 'react';
import { parseRoute, type Route } from '../model/routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = (): string => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash, () => '');
  return useMemo(() => parseRoute(hash), [hash]);
}
