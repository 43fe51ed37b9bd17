// Renders the whole window on a fake `window.api` at a hash route.
import { cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { App } from '../../../src/renderer/App';
import { RegistryStoreProvider } from '../../../src/renderer/store/context';
import { createRegistryStore } from '../../../src/renderer/store/registry-store';
import { createFakeApi, type FakeApi } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

export function renderApp(hash = '#/', api: FakeApi = createFakeApi()) {
  window.location.hash = hash;
  const store = createRegistryStore(() => api);
  const user = userEvent.setup();
  const view = render(
    <RegistryStoreProvider store={store}>
      <App />
    </RegistryStoreProvider>,
  );
  return { api, store, user, ...view };
}
