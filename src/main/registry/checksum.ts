// Prefect's block schema checksum for the main process: the pure code of shared/checksum with
// node:crypto's SHA-256 (native) in place of the portable one. Main code imports it from here.
import { createHash } from 'node:crypto';
import { useSha256Hex } from '../../shared/checksum';

// The canonical text is pure ASCII (Python's ensure_ascii), so latin1 is its exact encoding.
useSha256Hex((text) => createHash('sha256').update(text, 'latin1').digest('hex'));

export { blockSchemaChecksum, definitionsReachableFrom, nonBlockDefinitions } from '../../shared/checksum';
