// The auto-register folder: every file placed in `auto-register/` in the user-data folder is
// registered at each launch after the bundled sources, each file a source of its own, so that a
// bad file is reported and skipped without holding up the others.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readBlockFileBytes } from '../files/disk';
import { isPythonFileName } from '../files/python-files';
import { parseBlockFile } from '../files/read-block-files';
import { fileStamp } from '../fs/file-stamp';
import type { PythonSettings } from '../python/settings';
import type { RegistrationSource } from './source';

export const AUTO_REGISTER_FOLDER = 'auto-register';

/**
 * Launch never runs user code on its own: a `.py` file in the folder stays unread (reported as
 * skipped, saying why) until the person turns on "run .py files at launch" in the window's settings.
 */
export const AUTO_REGISTER_PYTHON_REFUSAL =
  'Python files in the auto-register folder run only when "Run .py files in the auto-register folder at launch" is on in the Python settings; or import it once (drop it on the window, or `block-registry import FILE.py`).';

/** The folder beside the database file (in the app's user-data folder for the desktop app). */
export function autoRegisterFolder(databasePath: string): string {
  return join(dirname(databasePath), AUTO_REGISTER_FOLDER);
}

/** `python`: how `.py` files run, when the person allowed it; without it they are skipped unread. */
export function folderSources(folder: string, python?: PythonSettings): RegistrationSource[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return []; // no folder yet: nothing to register
  }
  return names
    .filter((name) => !name.startsWith('.'))
    .sort()
    .filter((name) => {
      try {
        return statSync(join(folder, name)).isFile();
      } catch {
        return false;
      }
    })
    .map((name) => {
      const path = join(folder, name);
      const label = `${AUTO_REGISTER_FOLDER}/${name}`;
      const source: RegistrationSource = {
        name: label,
        kind: 'folder',
        mode: 'catalogue',
        readContent: () => readBlockFileBytes(path, label).bytes,
        stamp: () => fileStamp(path),
        // A `.py` file runs in place, in its folder, so that the modules beside it import as for `prefect block register -f`.
        parse: (bytes) => parseBlockFile({ name: label, bytes, path }, python === undefined ? { pythonRefusal: AUTO_REGISTER_PYTHON_REFUSAL } : { python: { ...python, cwd: folder } }),
      };
      if (python === undefined && isPythonFileName(name)) source.skipReason = AUTO_REGISTER_PYTHON_REFUSAL;
      return source;
    });
}
