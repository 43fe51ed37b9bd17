// The one path from file bytes to registration entries, for the window's drop, the command
// line's `import` and the auto-register folder: the limits, the choice of format reader and the
// wrapping of errors into issues live here and nowhere else.
import { issuesOf, nothingRegistered, RegistryError, ROOT_PATH, type RegistryIssue } from '../../shared/errors';
import { FORMAT_LABELS, type BlockFileFormat, type RegistrationEntry } from '../../shared/formats';
import { MAX_FILE_BYTES, MAX_IMPORT_FILES, oversizeMessage, tooManyFilesMessage } from '../../shared/limits';
import type { BlockFileInput, BlockFileReader, ParsedBlockFile } from './block-file';
import { jsonBlockFiles } from './json-files';

/** In order: the first reader that accepts a file reads it. A new input format is one reader here. */
const READERS: readonly BlockFileReader[] = [jsonBlockFiles];

/** One file as read: its format and entries, or why it could not be read. */
export interface BlockFileResult {
  name: string;
  format: BlockFileFormat | null;
  format_label: string | null;
  entries: RegistrationEntry[];
  issues: RegistryIssue[];
}

export interface BlockFilesResult {
  files: BlockFileResult[];
  /** Every file's entries, in file order. */
  entries: RegistrationEntry[];
  /** Every problem of every file. */
  issues: RegistryIssue[];
}

/** One file's entries; throws a RegistryError listing its problems. */
export function parseBlockFile(file: BlockFileInput): ParsedBlockFile {
  if (file.bytes.length > MAX_FILE_BYTES) throw refusal(file.name, oversizeMessage(file.bytes.length));
  const reader = READERS.find((candidate) => candidate.accepts(file)) ?? jsonBlockFiles;
  return reader.read(file);
}

/** Reads every file, collecting each one's problems instead of stopping at the first. */
export function readBlockFiles(files: readonly BlockFileInput[]): BlockFilesResult {
  if (files.length > MAX_IMPORT_FILES) {
    const issues = [{ message: tooManyFilesMessage(files.length) }];
    return { files: [], entries: [], issues };
  }
  return combine(files.map(readBlockFile));
}

/** The results of several files as one. */
export function combine(results: BlockFileResult[]): BlockFilesResult {
  return { files: results, entries: results.flatMap((result) => result.entries), issues: results.flatMap((result) => result.issues) };
}

/** Every file's entries, or one error listing every problem of every file. */
export function parseBlockFiles(files: readonly BlockFileInput[]): RegistrationEntry[] {
  const { entries, issues } = readBlockFiles(files);
  if (issues.length > 0) throw nothingRegistered(issues);
  return entries;
}

/** One file's entries, or its problems; only a bug (not a RegistryError) is thrown. */
export function readBlockFile(file: BlockFileInput): BlockFileResult {
  try {
    const parsed = parseBlockFile(file);
    return { name: file.name, format: parsed.format, format_label: FORMAT_LABELS[parsed.format], entries: parsed.entries, issues: [] };
  } catch (error) {
    return unreadable(file.name, error);
  }
}

/** The result for a file that could not be read: its RegistryError's issues. */
export function unreadable(name: string, error: unknown): BlockFileResult {
  if (!(error instanceof RegistryError)) throw error;
  return { name, format: null, format_label: null, entries: [], issues: issuesOf(error, name) };
}

export function refusal(file: string, message: string): RegistryError {
  return new RegistryError('invalid_input', `${file}: ${message}`, [{ file, path: ROOT_PATH, message }]);
}
