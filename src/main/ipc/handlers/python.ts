import { dirname } from 'node:path';
import type { HandlersOf, PythonContract } from '../../../shared/contract';
import { pythonPreferencesPath, readPythonPreferences, writePythonPreferences } from '../../python/preferences';
import { probePython } from '../../python/probe';
import type { RunningPreviews } from '../../python/running-previews';
import type { HandlerContext } from '../context';

export function pythonHandlers(context: HandlerContext, running: RunningPreviews): HandlersOf<PythonContract> {
  // The app keeps its database in its user-data folder, and these settings beside it.
  const path = (): string => pythonPreferencesPath(dirname(context.registry.path));
  return {
    getPythonSettings: () => Promise.resolve(readPythonPreferences(path())),
    savePythonSettings: (preferences) => Promise.resolve(writePythonPreferences(path(), preferences)),
    probePython: ({ interpreter_path }) => probePython({ interpreter_path, run_at_launch: false }, process.env),
    cancelPreviewImport({ request_id }) {
      running.cancel(request_id);
      return Promise.resolve(null);
    },
  };
}
