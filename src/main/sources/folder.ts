// The auto-register folder: every file placed in `auto-register/` in the user-data folder is
// registered at each launch after the bundled sources, each file a source of its own, so that a
// bad file is reported and skipped without holding up the others.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readBlockFileBytes } from '../files/disk';
import { parseBlockFile } from '../files/read-block-files';
import type { RegistrationSource } from './source';

export const AUTO_REGISTER_FOLDER = 'auto-register';

/**
 * Launch never runs user code on its own: a `.py` file dropped in the folder stays unread until
 * the user enables it (a setting of the window, to come).
 */
export const AUTO_REGISTER_PYTHON_REFUSAL = 'Python files in the auto-register folder run only when enabled in settings; import it with `block-registry import FILE.py` to run it once.';

/** The folder beside the database file (in the app's user-data folder for the desktop app). */
export function autoRegisterFolder(databasePath: string): string {
  return join(dirname(databasePath), AUTO_REGISTER_FOLDER);
}

export function folderSources(folder: string): RegistrationSource[] {
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
      return {
        name: label,
        kind: 'folder',
        mode: 'catalogue',
        readContent: () => readBlockFileBytes(path, label).bytes,
        parse: (bytes) => parseBlockFile({ name: label, bytes }, { pythonRefusal: AUTO_REGISTER_PYTHON_REFUSAL }),
      } satisfies RegistrationSource;
    });
}
