import type { HandlersOf, ImportContract } from '../../../shared/contract';
import { importEntries, importSourceName } from '../../operations/import';
import { PendingImports } from '../../operations/pending-imports';
import { previewImport } from '../../operations/preview';
import type { HandlerContext } from '../context';

export function importHandlers(context: HandlerContext): HandlersOf<ImportContract> {
  const pending = new PendingImports();
  return {
    async previewImport({ files }) {
      const { preview, entries } = await previewImport(context.registry, files);
      pending.keep(preview, entries);
      return preview;
    },
    async applyImport({ preview_id }) {
      const entries = pending.take(preview_id);
      return importEntries(context.registry, entries, importSourceName(entries));
    },
    cancelImport({ preview_id }) {
      pending.forget(preview_id);
      return Promise.resolve(null);
    },
  };
}
