// The window's state: the catalogue and overview (loaded on start), the catalogue's filters,
// block type / schema / report details fetched on demand and cached, and the import flow
// (import-slice.ts). Every failed call ends up in an error state the views show; no call rejects.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiError, ApiResponse, BlockSchemaDetail, BlockTypeDetail, CatalogueEntry, ExportOutcome, Overview, RegistryApi } from '../../shared/contract';
import type { RegistrationReport } from '../../shared/report';
import { safeCall, windowApi } from '../lib/api';
import { filterEntries, type CatalogueFilter } from '../lib/filter';
import { isHttpUrl } from '../lib/urls';
import { createImportSlice, type ImportSlice } from './import-slice';

/** Something fetched on demand. */
export type Resource<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: ApiError };

export interface RegistryState extends ImportSlice {
  /** The catalogue and overview: `idle` until `load()` runs. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  entries: CatalogueEntry[];
  overview: Overview | null;
  /** Why loading the catalogue or overview failed. */
  error: ApiError | null;

  search: string;
  capabilities: string[];
  collection: string | null;

  blockTypes: Record<string, Resource<BlockTypeDetail>>;
  schemas: Record<string, Resource<BlockSchemaDetail>>;
  report: Resource<RegistrationReport | null> | null;
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
  loadBlockType: (slug: string, options?: { force?: boolean }) => Promise<void>;
  loadSchema: (id: string, options?: { force?: boolean }) => Promise<void>;
  loadReport: (options?: { force?: boolean }) => Promise<void>;
  openExternal: (url: string) => Promise<boolean>;
  dismissActionError: () => void;
  /** Exports these block types (all when empty) through main's save dialog. */
  exportBlockTypes: (slugs: string[]) => Promise<ApiResponse<ExportOutcome>>;
  /** Opens the auto-register folder in the file manager (creating it). */
  openAutoRegisterFolder: () => Promise<ApiResponse<{ path: string }>>;
}

export type RegistryStore = StoreApi<RegistryState>;

export function filterOf(state: Pick<RegistryState, 'search' | 'capabilities' | 'collection'>): CatalogueFilter {
  return { search: state.search, capabilities: state.capabilities, collection: state.collection };
}

/** The entries the catalogue shows with the current filters. */
export function visibleEntries(state: RegistryState): CatalogueEntry[] {
  return filterEntries(state.entries, filterOf(state));
}

function toResource<T>(response: ApiResponse<T>): Resource<T> {
  return response.ok ? { status: 'ready', value: response.value } : { status: 'error', error: response.error };
}

/** A store talking to `api()` (by default `window.api`, read at each call). */
export function createRegistryStore(api: () => RegistryApi = windowApi): RegistryStore {
  return createStore<RegistryState>()((set, get) => ({
    ...createImportSlice(api, set, get),
    status: 'idle',
    entries: [],
    overview: null,
    error: null,
    search: '',
    capabilities: [],
    collection: null,
    blockTypes: {},
    schemas: {},
    report: null,
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
      // Pages fetched before may show stale details: fetch them again, in place (no loading flash).
      const { blockTypes, schemas, report } = get();
      const settled = <T,>(resources: Record<string, Resource<T>>): string[] => Object.keys(resources).filter((key) => resources[key]?.status !== 'loading');
      await Promise.all([
        ...settled(blockTypes).map(async (slug) => {
          const response = await safeCall(() => api().getBlockType({ slug }));
          set((state) => ({ blockTypes: { ...state.blockTypes, [slug]: toResource(response) } }));
        }),
        ...settled(schemas).map(async (id) => {
          const response = await safeCall(() => api().getBlockSchema({ id }));
          set((state) => ({ schemas: { ...state.schemas, [id]: toResource(response) } }));
        }),
        ...(report !== null && report.status !== 'loading'
          ? [
              (async () => {
                const response = await safeCall(() => api().getRegistrationReport());
                set({ report: toResource(response) });
              })(),
            ]
          : []),
      ]);
    },

    setSearch: (search) => set({ search }),
    toggleCapability: (capability) =>
      set(({ capabilities }) => ({ capabilities: capabilities.includes(capability) ? capabilities.filter((c) => c !== capability) : [...capabilities, capability] })),
    setCapabilities: (capabilities) => set({ capabilities: [...new Set(capabilities)] }),
    setCollection: (collection) => set({ collection }),
    clearFilters: () => set({ search: '', capabilities: [], collection: null }),

    async loadBlockType(slug, options) {
      const cached = get().blockTypes[slug];
      if (cached !== undefined && (cached.status === 'loading' || (cached.status === 'ready' && options?.force !== true))) return;
      set(({ blockTypes }) => ({ blockTypes: { ...blockTypes, [slug]: { status: 'loading' } } }));
      const response = await safeCall(() => api().getBlockType({ slug }));
      set(({ blockTypes }) => ({ blockTypes: { ...blockTypes, [slug]: toResource(response) } }));
    },

    async loadSchema(id, options) {
      const cached = get().schemas[id];
      if (cached !== undefined && (cached.status === 'loading' || (cached.status === 'ready' && options?.force !== true))) return;
      set(({ schemas }) => ({ schemas: { ...schemas, [id]: { status: 'loading' } } }));
      const response = await safeCall(() => api().getBlockSchema({ id }));
      set(({ schemas }) => ({ schemas: { ...schemas, [id]: toResource(response) } }));
    },

    async loadReport(options) {
      const cached = get().report;
      if (cached !== null && (cached.status === 'loading' || (cached.status === 'ready' && options?.force !== true))) return;
      set({ report: { status: 'loading' } });
      const response = await safeCall(() => api().getRegistrationReport());
      set({ report: toResource(response) });
    },

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
  }));
}
