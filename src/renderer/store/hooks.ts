// Details fetched on demand: each hook asks the store to load (once, then cached) and returns
// the resource, `loading` until the answer is in.
import { useEffect } from 'react';
import type { BlockSchemaDetail, BlockTypeDetail } from '../../shared/contract';
import type { RegistrationReport } from '../../shared/report';
import { useRegistry, useRegistryStore } from './context';
import type { Resource } from './details-slice';

const LOADING = { status: 'loading' } as const;

export function useBlockType(slug: string | null): Resource<BlockTypeDetail> {
  const store = useRegistryStore();
  useEffect(() => {
    if (slug !== null) void store.getState().loadBlockType(slug);
  }, [store, slug]);
  return useRegistry((state) => (slug === null ? undefined : state.blockTypes[slug])) ?? LOADING;
}

export function useBlockSchema(id: string | null): Resource<BlockSchemaDetail> {
  const store = useRegistryStore();
  useEffect(() => {
    if (id !== null) void store.getState().loadSchema(id);
  }, [store, id]);
  return useRegistry((state) => (id === null ? undefined : state.schemas[id])) ?? LOADING;
}

export function useRegistrationReport(): Resource<RegistrationReport | null> {
  const store = useRegistryStore();
  useEffect(() => {
    void store.getState().loadReport();
  }, [store]);
  return useRegistry((state) => state.report) ?? LOADING;
}
