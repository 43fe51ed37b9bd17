// The auto-register folder: every file placed in `auto-register/` in the user-data folder is
// registered at each launch after the bundled sources, each file a source of its own, so that a
// bad file is reported and skipped without holding up the others.
import { readdirSync, statSync, type Dirent } from 'node:fs';
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

/**
 * The command line's reason: there, only the command itself turns running code on, never a
 * settings file that happens to lie beside the database it was pointed at.
 */
export const AUTO_REGISTER_PYTHON_CLI_REFUSAL =
  'Python files in the auto-register folder run from the command line only with `block-registry auto-register --run-python` (it runs their code); or import it once (`block-registry import FILE.py`).';

/** `python`: how `.py` files run, when the person allowed it; without it they are skipped unread, for `refusal`. */
export function folderSources(folder: string, python?: PythonSettings, refusal: string = AUTO_REGISTER_PYTHON_REFUSAL): RegistrationSource[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return []; // no folder yet: nothing to register
  }
  // Every .py file of the folder tree, looked for once per launch, when a .py file is first checked.
  let modules: string[] | undefined;
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
        parse: (bytes) => parseBlockFile({ name: label, bytes, path }, python === undefined ? { pythonRefusal: refusal } : { python: { ...python, cwd: folder } }),
      };
      if (isPythonFileName(name)) {
        if (python === undefined) source.skipReason = refusal;
        // What it imports from beside it is part of it: editing a module registers it again.
        else source.dependencies = () => (modules ??= pythonModulesIn(folder)).filter((module) => module !== path);
      }
      return source;
    });
}

/**
 * Every `.py` file in `folder` and below it, however deep: the modules a file there may import
 * (`prefect block register -f` runs it with its folder on the path). Symbolic links are followed,
 * to files and to folders, as Python's import follows them; a folder reached again (a link back
 * up the tree, or the same folder by two links) is searched once, so a link cycle ends the walk.
 * Hidden folders, `__pycache__` and virtual environments (a folder with a `pyvenv.cfg`) are left
 * out: installed packages are not followed.
 */
export function pythonModulesIn(folder: string): string[] {
  const found: string[] = [];
  // Folders by device and inode: a folder's path says nothing once links are followed.
  const searched = new Set<string>();
  // Stacks rather than recursion, so that no depth is too deep; linked folders after every real
  // one, so that a folder inside the tree is listed under its own path, not a link's.
  const folders: string[] = [];
  const linkedFolders: string[] = [];
  const search = (dir: string, top: boolean): void => {
    let entries: Dirent[];
    try {
      const stats = statSync(dir, { bigint: true });
      const identity = `${stats.dev}:${stats.ino}`;
      if (searched.has(identity)) return;
      searched.add(identity);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (!top && entries.some((entry) => entry.name === 'pyvenv.cfg')) return;
    for (const entry of entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
      const path = join(dir, entry.name);
      const linked = entry.isSymbolicLink();
      const kind = linked ? linkTargetKind(path) : entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
      if (kind === 'folder') (linked ? linkedFolders : folders).push(path);
      else if (kind === 'file' && isPythonFileName(entry.name)) found.push(path);
    }
  };
  search(folder, true);
  for (let next = folders.pop() ?? linkedFolders.pop(); next !== undefined; next = folders.pop() ?? linkedFolders.pop()) search(next, false);
  return found.sort();
}

/** What a symbolic link leads to; a dangling one leads nowhere. */
function linkTargetKind(path: string): 'folder' | 'file' | 'other' {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}
