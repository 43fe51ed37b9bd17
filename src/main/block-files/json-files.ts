// Block definition JSON in any of the formats `shared/formats` recognises by content. A file of
// Prefect's REST answers holds a server's read-backs: each whose fields do not give the checksum
// it records is restored to what its client sent where that can be found (registry/
// read-back); what cannot be keeps the file rule (the checksum computed from the fields, with a
// warning).
import { decodeBlockFile, readBlockDefinitions, type BlockFileFormat } from '../../shared/formats';
import { restoreEntries } from '../registry/read-back';
import type { BlockFileReader } from './block-file';

const READ_BACK_FORMATS: ReadonlySet<BlockFileFormat> = new Set(['rest-schema', 'rest-schema-list', 'inspect']);

export const jsonBlockFiles: BlockFileReader = {
  // Recognised by content, not by name: whatever no other reader claims is tried as JSON, and
  // refused with the list of expected formats when it is not.
  accepts: () => true,
  // Synchronous work in an async reader: a throw becomes the rejection the caller awaits.
  read: async (file) => {
    const read = readBlockDefinitions(file.name, decodeBlockFile(file.name, file.bytes));
    return READ_BACK_FORMATS.has(read.format) ? { ...read, entries: restoreEntries(read.entries, { keepChecksums: false }).entries } : read;
  },
};
