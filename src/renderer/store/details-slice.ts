// Block type, schema and report details: fetched when a page asks for them, cached, and fetched
// again in place after an import changed what they show.
import type { ApiError, ApiResponse, BlockSchemaDetail, BlockTypeDetail, RegistryApi } from '../../shared/contract';
import type { RegistrationReport } from '../../shared/report';
import { safeCall } from '../bridge/api';

/** Something fetched on demand. */
export type Resource<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: ApiError };

export interface DetailsSlice {
  blockTypes: Record<string, Resource<BlockTypeDetail>>;
  schemas: Record<string, Resource<BlockSchemaDetail>>;
  report: Resource<RegistrationReport | null> | null;
  loadBlockType: (slug: string, options?: { force?: boolean }) => Promise<void>;
  loadSchema: (id: string, options?: { force?: boolean }) => Promise<void>;
  loadReport: (options?: { force?: boolean }) => Promise<void>;
  /** Fetches every detail fetched before again, in place (no loading flash). */
  refreshDetails: () => Promise<void>;
}

type SetState = (partial: Partial<DetailsSlice> | ((state: DetailsSlice) => Partial<DetailsSlice>)) => void;
type GetState = () => DetailsSlice;

function toResource<T>(response: ApiResponse<T>): Resource<T> {
  return response.ok ? { status: 'ready', value: response.value } : { status: 'error', error: response.error };
}

/** A cached resource is fetched again only when forced, and never while it is loading. */
function shouldFetch<T>(cached: Resource<T> | null | undefined, force: boolean | undefined): boolean {
  return cached === undefined || cached === null || (cached.status !== 'loading' && (cached.status !== 'ready' || force === true));
}

export function createDetailsSlice(api: () => RegistryApi, set: SetState, get: GetState): DetailsSlice {
  const fetchBlockType = async (slug: string): Promise<void> => {
    const response = await safeCall(() => api().getBlockType({ slug }));
    set((state) => ({ blockTypes: { ...state.blockTypes, [slug]: toResource(response) } }));
  };
  const fetchSchema = async (id: string): Promise<void> => {
    const response = await safeCall(() => api().getBlockSchema({ id }));
    set((state) => ({ schemas: { ...state.schemas, [id]: toResource(response) } }));
  };
  const fetchReport = async (): Promise<void> => {
    const response = await safeCall(() => api().getRegistrationReport());
    set({ report: toResource(response) });
  };
  return {
    blockTypes: {},
    schemas: {},
    report: null,
    async loadBlockType(slug, options) {
      if (!shouldFetch(get().blockTypes[slug], options?.force)) return;
      set(({ blockTypes }) => ({ blockTypes: { ...blockTypes, [slug]: { status: 'loading' } } }));
      await fetchBlockType(slug);
    },
    async loadSchema(id, options) {
      if (!shouldFetch(get().schemas[id], options?.force)) return;
      set(({ schemas }) => ({ schemas: { ...schemas, [id]: { status: 'loading' } } }));
      await fetchSchema(id);
    },
    async loadReport(options) {
      if (!shouldFetch(get().report, options?.force)) return;
      set({ report: { status: 'loading' } });
      await fetchReport();
    },
    async refreshDetails() {
      const { blockTypes, schemas, report } = get();
      const settled = <T>(resources: Record<string, Resource<T>>): string[] => Object.keys(resources).filter((key) => resources[key]?.status !== 'loading');
      await Promise.all([...settled(blockTypes).map(fetchBlockType), ...settled(schemas).map(fetchSchema), ...(report !== null && report.status !== 'loading' ? [fetchReport()] : [])]);
    },
  };
}
