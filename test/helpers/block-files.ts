// Block definition files read for a test's setup: every entry, or one error listing every
// problem (the app never needs this all-or-nothing shortcut: it previews first). Free of
// vitest, so that the end-to-end specs and the bench can use it too.
import type { BlockFileInput, ReadOptions } from '../../src/main/block-files/block-file';
import { readBlockFiles } from '../../src/main/block-files/read-block-files';
import { nothingRegistered } from '../../src/shared/errors';
import type { RegistrationEntry } from '../../src/shared/formats';

export async function parseBlockFiles(files: readonly BlockFileInput[], options: ReadOptions = {}): Promise<RegistrationEntry[]> {
  const { entries, issues } = await readBlockFiles(files, options);
  if (issues.length > 0) throw nothingRegistered(issues);
  return entries;
}
