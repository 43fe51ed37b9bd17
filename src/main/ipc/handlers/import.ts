import type { HandlersOf, ImportContract } from '../../../shared/contract';
import { importEntries, importSourceName } from '../../operations/import';
import { recordLastImport } from '../../operations/last-import';
import { PendingImports } from '../../operations/pending-imports';
import { previewImport } from '../../operations/preview';
import type { HandlerContext } from '../context';

/**
 * The window cannot run a dropped `.py` yet: running user code needs the user's confirmation,
 * a dialog (and a `confirmed` flag on previewImport) still to come. Until then, the command line.
 */
export const WINDOW_PYTHON_REFUSAL =
  'a Python file runs its code to be read, and the window cannot ask you to confirm that yet: import it from the command line with `block-registry import FILE.py`. JSON block files never run anything.';

export function importHandlers(context: HandlerContext): HandlersOf<ImportContract> {
  const pending = new PendingImports();
  return {
    async previewImport({ files }) {
      const { preview, entries } = await previewImport(context.registry, files, {}, { pythonRefusal: WINDOW_PYTHON_REFUSAL });
      pending.keep(preview, entries);
      return preview;
    },
    async applyImport({ preview_id }) {
      const entries = pending.take(preview_id);
      const report = await importEntries(context.registry, entries, importSourceName(entries));
      recordLastImport(context.registry.path, report);
      return report;
    },
    cancelImport({ preview_id }) {
      pending.forget(preview_id);
      return Promise.resolve(null);
    },
  };
}
