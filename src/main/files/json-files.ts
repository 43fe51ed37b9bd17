// Block definition JSON in any of the formats `shared/formats` recognises by content.
import { decodeBlockFile, readBlockDefinitions } from '../../shared/formats';
import type { BlockFileReader } from './block-file';

export const jsonBlockFiles: BlockFileReader = {
  // Recognised by content, not by name: whatever no other reader claims is tried as JSON, and
  // refused with the list of expected formats when it is not.
  accepts: () => true,
  // Synchronous work in an async reader: a throw becomes the rejection the caller awaits.
  read: async (file) => readBlockDefinitions(file.name, decodeBlockFile(file.name, file.bytes)),
};
