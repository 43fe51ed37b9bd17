// Reads a block definition file of any accepted format, recognised by content (not by name),
// into one registration batch. Any problem anywhere means an error listing every problem.
import { RegistryError, type RegistryIssue } from '../errors';
import { isJsonObject, JsonSyntaxError, parseJson, type JsonValue } from '../json';
import type { RegistrationBatch } from './batch';
import { looksLikeCatalogue, readCatalogue } from './catalogue';
import { looksLikeEntry, readEntry, readEntryList, type EntryContext } from './entries';

export type { RegistrationBatch, RegistrationEntry } from './batch';

export const EXPECTED_FORMATS =
  "Prefect's block catalogue ({\"collections\": …}), one block type with its block_schema, or a list of those";

export function parseBlockDefinitions(file: string, text: string): RegistrationBatch {
  let root: JsonValue;
  try {
    root = parseJson(text);
  } catch (error) {
    const message = error instanceof JsonSyntaxError ? error.message : String(error);
    throw new RegistryError('invalid_input', `${file}: ${message}`, [{ file, message }]);
  }
  const issues: RegistryIssue[] = [];
  const context: EntryContext = { file, collection: null, issues };
  let entries;
  if (looksLikeCatalogue(root)) entries = readCatalogue(root, context);
  else if (Array.isArray(root) && root.length > 0 && root.every(isJsonObject)) entries = readEntryList(root, [], context);
  else if (looksLikeEntry(root)) entries = [readEntry(root, [], context)].filter((entry) => entry !== null);
  else {
    throw new RegistryError('invalid_input', `${file}: not a block definition file. Expected ${EXPECTED_FORMATS}.`, [
      { file, message: `not a block definition file. Expected ${EXPECTED_FORMATS}.` },
    ]);
  }
  if (issues.length > 0) {
    const noun = issues.length === 1 ? 'problem' : 'problems';
    throw new RegistryError('invalid_input', `${file}: ${issues.length} ${noun}; nothing was registered.`, issues);
  }
  return { entries };
}
