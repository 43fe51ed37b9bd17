// Exporting block types from a view: the call (main shows the save dialog) and what came of it,
// kept by the view that asked, so the message goes when the view goes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ExportOutcome } from '../../shared/contract';
import { useRegistryStore } from '../store/context';

export type ExportState = { status: 'idle' } | { status: 'exporting' } | { status: 'done'; outcome: ExportOutcome & { path: string } } | { status: 'cancelled' } | { status: 'error'; error: ApiError };

export function useExport(): { state: ExportState; exportSlugs: (slugs: string[]) => Promise<void>; dismiss: () => void } {
  const store = useRegistryStore();
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const exportSlugs = useCallback(
    async (slugs: string[]) => {
      setState({ status: 'exporting' });
      const response = await store.getState().exportBlockTypes(slugs);
      if (!mounted.current) return;
      if (!response.ok) setState({ status: 'error', error: response.error });
      else if (response.value.path === null) setState({ status: 'cancelled' });
      else setState({ status: 'done', outcome: { ...response.value, path: response.value.path } });
    },
    [store],
  );
  const dismiss = useCallback(() => setState({ status: 'idle' }), []);
  return { state, exportSlugs, dismiss };
}
