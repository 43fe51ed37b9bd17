// The one path from file bytes to registration entries, for the window's drop, the command
// line's `import` and the auto-register folder: the choice of format reader and the wrapping of
// errors into issues live here and nowhere else. The limits are limits.ts's, which this module
// (the bytes given) and disk.ts (a file's size before it is read) call.
import { issuesOf, RegistryError, type RegistryIssue } from '../../shared/errors';
import { FORMAT_LABELS, type BlockFileFormat, type RegistrationEntry } from '../../shared/formats';
import type { PythonRuntime } from '../python/settings';
import type { BlockFileInput, BlockFileReader, ParsedBlockFile, ReadOptions } from './block-file';
import { jsonBlockFiles } from './json-files';
import { refuseOversize, tooManyFiles } from './limits';
import { pythonBlockFiles } from './python-files';

export { refusal } from './block-file';

/** In order: the first reader that accepts a file reads it. A new input format is one reader here. */
const READERS: readonly BlockFileReader[] = [pythonBlockFiles, jsonBlockFiles];

/** One file as read: its format and valid entries, and the problems of its other entries or why it could not be read. */
export interface BlockFileResult {
  name: string;
  format: BlockFileFormat | null;
  format_label: string | null;
  entries: RegistrationEntry[];
  issues: RegistryIssue[];
  /** The Python that read it, for a `.py` file or a module. */
  python?: PythonRuntime;
}

export interface BlockFilesResult {
  files: BlockFileResult[];
  /** Every file's entries, in file order. */
  entries: RegistrationEntry[];
  /** Every problem of every file. */
  issues: RegistryIssue[];
}

/** One file's entries, all of them valid; rejects with a RegistryError listing its problems. */
export async function parseBlockFile(file: BlockFileInput, options: ReadOptions = {}): Promise<ParsedBlockFile> {
  const parsed = await readValidEntries(file, options);
  const issues = parsed.issues ?? [];
  if (issues.length > 0) {
    throw new RegistryError('invalid_input', `${file.name}: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}; nothing was registered.`, issues);
  }
  return parsed;
}

/** One file's valid entries and the problems of the others; rejects when the file cannot be read at all. */
async function readValidEntries(file: BlockFileInput, options: ReadOptions): Promise<ParsedBlockFile> {
  refuseOversize(file.name, file.bytes.length);
  const reader = READERS.find((candidate) => candidate.accepts(file)) ?? jsonBlockFiles;
  return reader.read(file, options);
}

/** Reads every file, collecting each one's problems instead of stopping at the first. */
export async function readBlockFiles(files: readonly BlockFileInput[], options: ReadOptions = {}): Promise<BlockFilesResult> {
  const tooMany = tooManyFiles(files.length);
  if (tooMany !== null) return { files: [], entries: [], issues: [tooMany] };
  // One after the other: a `.py` file runs a Python process, and several at once would compete.
  const results: BlockFileResult[] = [];
  for (const file of files) results.push(await readBlockFile(file, options));
  return combine(results);
}

/** The results of several files as one. */
export function combine(results: BlockFileResult[]): BlockFilesResult {
  return { files: results, entries: results.flatMap((result) => result.entries), issues: results.flatMap((result) => result.issues) };
}

/** One file's valid entries and its problems; only a bug (not a RegistryError) is thrown. */
export async function readBlockFile(file: BlockFileInput, options: ReadOptions = {}): Promise<BlockFileResult> {
  try {
    return parsedResult(file.name, await readValidEntries(file, options));
  } catch (error) {
    return unreadable(file.name, error);
  }
}

/** The result for a file read, wholly or in part. */
export function parsedResult(name: string, parsed: ParsedBlockFile): BlockFileResult {
  const result: BlockFileResult = { name, format: parsed.format, format_label: FORMAT_LABELS[parsed.format], entries: parsed.entries, issues: parsed.issues ?? [] };
  if (parsed.python !== undefined) result.python = parsed.python;
  return result;
}

/** The result for a file that could not be read: its RegistryError's issues. */
export function unreadable(name: string, error: unknown): BlockFileResult {
  if (!(error instanceof RegistryError)) throw error;
  return { name, format: null, format_label: null, entries: [], issues: issuesOf(error, name) };
}
