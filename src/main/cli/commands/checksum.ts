import { readFileSync } from 'node:fs';
import { blockSchemaChecksum } from '../../../shared/checksum';
import { errorMessage } from '../../../shared/errors';
import { isJsonObject, parseJson } from '../../../shared/json';
import { UsageError, type CliCommand } from '../command';

export const checksumCommand: CliCommand = {
  usage: 'checksum FILE...',
  summary: 'Prefect\'s checksum of each FILE (one schema\'s "fields" object)',
  run: ({ args, io }) => {
    if (args.length === 0) throw new UsageError('checksum needs at least one FILE');
    let status = 0;
    for (const file of args) {
      try {
        const fields = parseJson(readFileSync(file, 'utf8'));
        if (!isJsonObject(fields)) throw new Error('expected one block schema\'s "fields" JSON object');
        io.stdout(`${blockSchemaChecksum(fields)}  ${file}`);
      } catch (error) {
        io.stderr(`block-registry: ${file}: ${errorMessage(error)}`);
        status = 1;
      }
    }
    return Promise.resolve(status);
  },
};
