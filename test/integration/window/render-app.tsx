// Renders the whole window at a hash route, its `window.api` answered by main's real handlers.
import { cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { App } from '../../../src/renderer/App';
import { RegistryStoreProvider } from '../../../src/renderer/store/context';
import { createRegistryStore } from '../../../src/renderer/store/registry-store';
import { createTestApi, type TestApi } from './real-api';

// Main runs in this page's globals here: its fetch is happy-dom's, which would apply a browser's
// same-origin policy (preflights, blocked answers) to main's calls to a Prefect server. Electron's
// main has none.
const happyDom = (window as unknown as { happyDOM?: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM;
if (happyDom !== undefined) happyDom.settings.fetch.disableSameOriginPolicy = true;

afterEach(() => {
  cleanup();
  window.location.hash = '';
  delete (window as Partial<Window>).api;
});

export function renderApp(hash = '#/', api: TestApi = createTestApi()) {
  window.location.hash = hash;
  // The pages that call main without the store (the servers page) use window.api, as in the app.
  (window as Partial<Window>).api = api;
  const store = createRegistryStore(() => api);
  const user = userEvent.setup();
  const view = render(
    <RegistryStoreProvider store={store}>
      <App />
    </RegistryStoreProvider>,
  );
  return { api, store, user, ...view };
}
