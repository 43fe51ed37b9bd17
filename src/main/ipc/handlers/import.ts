import { dirname } from 'node:path';
import type { HandlersOf, ImportContract } from '../../../shared/contract';
import { RegistryError } from '../../../shared/errors';
import type { PythonConfirmationRequest } from '../../../shared/python';
import { isPythonFileName } from '../../files/python-files';
import { importEntries, importSourceName } from '../../operations/import';
import { recordLastImport } from '../../operations/last-import';
import { PendingImports } from '../../operations/pending-imports';
import { previewImport } from '../../operations/preview';
import type { PythonInterpreter } from '../../python/interpreter';
import { chooseWindowInterpreter, interpreterInfo, pythonPreferencesPath, readPythonPreferences, windowPythonSettings } from '../../python/preferences';
import type { RunningPreviews } from '../../python/running-previews';
import type { HandlerContext } from '../context';

export const PREVIEW_CANCELLED = 'The import preview was cancelled: its Python run was stopped, and nothing was written.';

export function importHandlers(context: HandlerContext, running: RunningPreviews): HandlersOf<ImportContract> {
  const pending = new PendingImports();
  return {
    async previewImport({ files, run_python, python_interpreter, request_id }) {
      const pythonFiles = files.map((file) => file.name).filter(isPythonFileName);
      if (pythonFiles.length === 0) return keep(await previewImport(context.registry, files));
      const preferences = readPythonPreferences(pythonPreferencesPath(dirname(context.registry.path)));
      let interpreter: PythonInterpreter;
      try {
        interpreter = chooseWindowInterpreter(preferences, process.env);
      } catch (error) {
        // No interpreter to name, so nothing to confirm: each `.py` file is refused unread, saying how to give one.
        if (!(error instanceof RegistryError)) throw error;
        return keep(await previewImport(context.registry, files, {}, { pythonRefusal: error.message }));
      }
      // Running a file runs its code: only files the person confirmed, with the interpreter they were shown.
      const confirmed = new Set(run_python ?? []);
      if (!pythonFiles.every((name) => confirmed.has(name)) || python_interpreter !== interpreter.command) {
        return { kind: 'needs_confirmation', python_files: pythonFiles, interpreter: interpreterInfo(interpreter) } satisfies PythonConfirmationRequest;
      }
      const controller = running.start(request_id);
      try {
        const read = windowPythonSettings({ ...preferences, interpreter_path: interpreter.command }, process.env, controller.signal);
        const previewed = await previewImport(context.registry, files, {}, { python: read });
        if (controller.signal.aborted) throw new RegistryError('python', PREVIEW_CANCELLED);
        return keep(previewed);
      } finally {
        running.end(request_id);
      }
    },
    async applyImport({ preview_id }) {
      const entries = pending.take(preview_id);
      const report = await importEntries(context.registry, entries, importSourceName(entries));
      recordLastImport(context.registry.filePath, report);
      return report;
    },
    cancelImport({ preview_id }) {
      pending.forget(preview_id);
      return Promise.resolve(null);
    },
  };

  function keep({ preview, entries }: Awaited<ReturnType<typeof previewImport>>): typeof preview {
    pending.keep(preview, entries);
    return preview;
  }
}
