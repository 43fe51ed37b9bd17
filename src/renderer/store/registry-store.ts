// The window's state: the catalogue and overview (loaded on start), the catalogue's filters,
// block type / schema / report details fetched on demand and cached, the import flow
// (import-slice.ts) and the Prefect servers page (servers-slice.ts). Every failed call ends up in
// an error state the views show; no call rejects.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiError, ApiResponse, CatalogueEntry, ExportOutcome, Overview, RegistryApi } from '../../shared/contract';
import { safeCall, windowApi } from '../bridge/api';
import { isHttpUrl } from '../model/urls';
import { createDetailsSlice, type DetailsSlice } from './details-slice';
import { createImportSlice, type ImportSlice } from './import-slice';
import { createServersSlice, type ServersSlice } from './servers-slice';

export interface RegistryState extends ImportSlice, DetailsSlice, ServersSlice {
  /** The catalogue and overview: `idle` until `load()` runs. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  entries: CatalogueEntry[];
  overview: Overview | null;
  /** Why loading the catalogue or overview failed. */
  error: ApiError | null;

  search: string;
  capabilities: string[];
  collection: string | null;

  /** The failure of the last action (opening a link), shown until dismissed. */
  actionError: ApiError | null;

  load: () => Promise<void>;
  /** Loads the catalogue and overview again, and every detail fetched before, without a loading state. */
  refresh: () => Promise<void>;
  setSearch: (search: string) => void;
  toggleCapability: (capability: string) => void;
  setCapabilities: (capabilities: string[]) => void;
  setCollection: (collection: string | null) => void;
  clearFilters: () => void;
  openExternal: (url: string) => Promise<boolean>;
  dismissActionError: () => void;
  /** Exports these block types (all when empty) through main's save dialog. */
  exportBlockTypes: (slugs: string[]) => Promise<ApiResponse<ExportOutcome>>;
  /** Opens the auto-register folder in the file manager (creating it). */
  openAutoRegisterFolder: () => Promise<ApiResponse<{ path: string }>>;
  /** The bridge itself, for a view whose calls are its own (the Python settings page). */
  api: () => RegistryApi;
}

export type RegistryStore = StoreApi<RegistryState>;

/** A store talking to `api()` (by default `window.api`, read at each call). */
export function createRegistryStore(api: () => RegistryApi = windowApi): RegistryStore {
  return createStore<RegistryState>()((set, get) => ({
    ...createImportSlice(api, set, get),
    ...createDetailsSlice(api, set, get),
    ...createServersSlice(api, set, get),
    status: 'idle',
    entries: [],
    overview: null,
    error: null,
    search: '',
    capabilities: [],
    collection: null,
    actionError: null,

    async load() {
      if (get().status === 'loading') return;
      set({ status: 'loading', error: null });
      const [overview, entries] = await Promise.all([safeCall(() => api().getOverview()), safeCall(() => api().listBlockTypes())]);
      // The overview (banner) is kept even when the catalogue failed, and the other way round.
      if (overview.ok) set({ overview: overview.value });
      if (entries.ok) set({ entries: entries.value });
      if (!entries.ok) set({ status: 'error', error: entries.error });
      else if (!overview.ok) set({ status: 'error', error: overview.error });
      else set({ status: 'ready', error: null });
    },

    async refresh() {
      const [overview, entries] = await Promise.all([safeCall(() => api().getOverview()), safeCall(() => api().listBlockTypes())]);
      if (overview.ok) set({ overview: overview.value });
      set(entries.ok ? { entries: entries.value, status: 'ready', error: null } : { status: 'error', error: entries.error });
      // Pages fetched before may show stale details.
      await get().refreshDetails();
    },

    setSearch: (search) => set({ search }),
    toggleCapability: (capability) => set(({ capabilities }) => ({ capabilities: capabilities.includes(capability) ? capabilities.filter((c) => c !== capability) : [...capabilities, capability] })),
    setCapabilities: (capabilities) => set({ capabilities: [...new Set(capabilities)] }),
    setCollection: (collection) => set({ collection }),
    clearFilters: () => set({ search: '', capabilities: [], collection: null }),

    async openExternal(url) {
      if (!isHttpUrl(url)) {
        set({ actionError: { code: 'invalid_input', message: `Only http and https links are opened (refused ${url}).`, issues: [] } });
        return false;
      }
      const response = await safeCall(() => api().openExternal({ url }));
      set({ actionError: response.ok ? null : response.error });
      return response.ok;
    },

    dismissActionError: () => set({ actionError: null }),

    exportBlockTypes: (slugs) => safeCall(() => api().exportBlockTypes({ slugs })),
    openAutoRegisterFolder: () => safeCall(() => api().openAutoRegisterFolder()),
    api,
  }));
}
