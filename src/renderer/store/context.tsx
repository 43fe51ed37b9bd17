// Gives views the registry store. The app uses one store on `window.api`; tests pass their own.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createRegistryStore, type RegistryState, type RegistryStore } from './registry-store';

let defaultStore: RegistryStore | null = null;

/** The app's store, created on first use. */
export function appStore(): RegistryStore {
  defaultStore ??= createRegistryStore();
  return defaultStore;
}

const StoreContext = createContext<RegistryStore | null>(null);

export function RegistryStoreProvider({ store, children }: { store: RegistryStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useRegistryStore(): RegistryStore {
  return useContext(StoreContext) ?? appStore();
}

/** A slice of the registry state; the component re-renders when it changes. */
export function useRegistry<T>(selector: (state: RegistryState) => T): T {
  return useStore(useRegistryStore(), selector);
}
