import { blockSchemaChecksum } from '../../checksum';
import { errorMessage, RegistryError } from '../../../shared/errors';
import { decodeBlockFile } from '../../../shared/formats';
import { isJsonObject, parseJson } from '../../../shared/json';
import { readBlockFileBytes } from '../../files/disk';
import { UsageError, type CliCommand } from '../command';

export const checksumCommand: CliCommand = {
  usage: 'checksum FILE...',
  summary: 'Prefect\'s checksum of each FILE (one schema\'s "fields" object)',
  run: ({ args, io }) => {
    if (args.length === 0) throw new UsageError('checksum needs at least one FILE');
    let status = 0;
    for (const file of args) {
      try {
        // Read as imports are: a FIFO, a huge file or bytes that are not UTF-8 are refused.
        const fields = parseJson(decodeBlockFile(file, readBlockFileBytes(file).bytes));
        if (!isJsonObject(fields)) throw new Error('expected one block schema\'s "fields" JSON object');
        io.stdout(`${blockSchemaChecksum(fields)}  ${file}`);
      } catch (error) {
        // A refusal's message already names the file.
        io.stderr(`block-registry: ${error instanceof RegistryError ? error.message : `${file}: ${errorMessage(error)}`}`);
        status = 1;
      }
    }
    return Promise.resolve(status);
  },
};
