// `.py` block files (and modules named on the command line): read by running Prefect itself in
// the user's Python (src/main/python), then checked as strictly as any JSON file. Only a caller
// that may run user code passes PythonSettings; without them a `.py` file is refused unread.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { appendJsonPath, RegistryError, type RegistryIssue } from '../../shared/errors';
import { blockSchemaChecksum } from '../checksum';
import type { RegistrationEntry } from '../../shared/formats';
import { readEntryList } from '../../shared/formats/entries';
import type { JsonObject } from '../../shared/json';
import { chooseInterpreter, type PythonInterpreter } from '../python/interpreter';
import { removedIfInterrupted } from '../python/process-group';
import { runExtraction, runExtractions, type Extraction, type ExtractionTarget } from '../python/run-extraction';
import type { PythonSettings } from '../python/settings';
import { refusal, type BlockFileInput, type BlockFileReader, type ParsedBlockFile } from './block-file';

export const PYTHON_NOT_ALLOWED =
  'a Python file runs its code to be read, so it is read only when you ask for it: import it from the command line (`block-registry import FILE.py`). JSON block files never run anything.';

/** `.py` exactly, as `prefect block register -f` requires. */
export function isPythonFileName(name: string): boolean {
  return name.endsWith('.py');
}

export const pythonBlockFiles: BlockFileReader = {
  accepts: (file) => isPythonFileName(file.name),
  read: async (file, options) => {
    if (options.python === undefined) throw refusal(file.name, options.pythonRefusal ?? PYTHON_NOT_ALLOWED);
    const settings = options.python;
    if (file.path !== undefined) return extractBlocks({ kind: 'file', path: file.path, label: file.name }, settings);
    return withCopy(file, (path, folder) => extractBlocks({ kind: 'file', path, label: file.name }, { ...settings, cwd: folder }));
  },
};

/**
 * The blocks of importable modules (`import --module NAME`...), as `prefect block register -m`
 * finds them, all read in one run of Python: each module's blocks, or the error that says why it
 * has none, in order. A failure of the run itself (no interpreter, the timeout) is thrown.
 */
export async function readPythonModules(names: readonly string[], settings: PythonSettings): Promise<Array<ParsedBlockFile | RegistryError>> {
  if (names.length === 0) return [];
  const interpreter = chooseInterpreter({ python: settings.python, env: settings.env });
  const extractions = await runExtractions(
    names.map((name) => ({ kind: 'module', name })),
    { interpreter, timeoutMs: settings.timeoutMs, cwd: settings.cwd, env: settings.env, signal: settings.signal },
  );
  return extractions.map((extraction, index) => {
    if (extraction instanceof RegistryError) return extraction;
    try {
      return parsedExtraction(`module ${names[index] ?? ''}`, interpreter, extraction);
    } catch (error) {
      if (error instanceof RegistryError) return error;
      throw error;
    }
  });
}

/** A dropped file (bytes, no path) runs from a copy under its own name in a folder of its own. */
async function withCopy<T>(file: BlockFileInput, work: (path: string, folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'block-registry-python-'));
  const release = removedIfInterrupted(folder);
  try {
    // Its own name: Prefect names the module after the file, and the name shows in messages.
    const path = join(folder, basename(file.name.replaceAll('\\', '/')));
    writeFileSync(path, file.bytes);
    return await work(path, folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    release();
  }
}

async function extractBlocks(target: ExtractionTarget, settings: PythonSettings): Promise<ParsedBlockFile> {
  const interpreter = chooseInterpreter({ python: settings.python, env: settings.env });
  const extraction = await runExtraction(target, { interpreter, timeoutMs: settings.timeoutMs, cwd: settings.cwd, env: settings.env, signal: settings.signal });
  return parsedExtraction(target.kind === 'file' ? target.label : `module ${target.name}`, interpreter, extraction);
}

function parsedExtraction(label: string, interpreter: PythonInterpreter, extraction: Extraction): ParsedBlockFile {
  return {
    format: 'python',
    entries: entriesOf(label, extraction),
    python: { interpreter, executable: extraction.executable, pythonVersion: extraction.pythonVersion, prefectVersion: extraction.prefectVersion },
  };
}

/**
 * The script's blocks as registration entries, validated like a JSON entry list; the checksum
 * Prefect computed must equal ours from the same fields, or what we store would not be what
 * Prefect registers.
 */
function entriesOf(file: string, extraction: Extraction): RegistrationEntry[] {
  const issues: RegistryIssue[] = [];
  const classes = extraction.blocks.map((block) => (typeof block.class === 'string' ? block.class : '?'));
  const blocks = extraction.blocks.map(({ class: _class, ...block }): JsonObject => block);
  const entries = readEntryList(blocks, [], { file, collection: null, issues });
  entries.forEach((entry, index) => {
    const schema = entry.blockSchema;
    if (schema === null) return;
    const ours = blockSchemaChecksum(schema.fields);
    if (schema.checksum !== ours) {
      const message = `the checksum Prefect ${extraction.prefectVersion} computed for ${classes[index] ?? entry.blockType.slug} (${String(schema.checksum)}) differs from ours (${ours}) for the same fields; nothing was registered.`;
      issues.push({ file, path: appendJsonPath(entry.schemaPath ?? entry.path, 'checksum'), message });
    }
  });
  if (issues.length > 0) throw new RegistryError('invalid_input', `${file}: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}; nothing was registered.`, issues);
  return entries;
}
