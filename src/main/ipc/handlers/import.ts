import { dirname } from 'node:path';
import type { HandlersOf, ImportContract } from '../../../shared/contract';
import { applyPendingImport, previewDroppedFiles } from '../../operations/import';
import { PendingImports } from '../../operations/pending-imports';
import { pythonPreferencesPath } from '../../python/preferences';
import type { RunningPreviews } from '../../python/running-previews';
import type { HandlerContext } from '../context';

export function importHandlers(context: HandlerContext, running: RunningPreviews): HandlersOf<ImportContract> {
  const pending = new PendingImports();
  return {
    async previewImport({ run_python, python_interpreter, request_id, ...request }) {
      // A `.py` file runs only once the person confirmed it, by name, with the interpreter the
      // window's Python settings (beside the database) choose; the Cancel of `request_id` stops it.
      const controller = running.start(request_id);
      try {
        const consent = {
          kind: 'confirm',
          preferencesPath: pythonPreferencesPath(dirname(context.registry.path)),
          env: process.env,
          confirmedFiles: run_python ?? [],
          confirmedInterpreter: python_interpreter,
          signal: controller.signal,
        } as const;
        return await previewDroppedFiles(context.registry, request, consent, pending);
      } finally {
        running.end(request_id);
      }
    },
    applyImport: ({ preview_id }) => applyPendingImport(context.registry, preview_id, pending),
    cancelImport({ preview_id }) {
      pending.forget(preview_id);
      return Promise.resolve(null);
    },
  };
}
