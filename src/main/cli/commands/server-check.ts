import { checkServer } from '../../servers/check';
import { noArguments, type CliCommand } from '../command';
import { formatServerCheck } from '../format/server';
import { prefectClient } from '../prefect';

export const serverCheckCommand: CliCommand = {
  usage: 'server check',
  summary: 'is the Prefect server (--api-url, else PREFECT_API_URL, else the\nactive profile) reachable, which version, are the credentials accepted',
  options: ['api-url', 'json'],
  run: async ({ args, options, io }) => {
    noArguments('server check', args);
    const check = await checkServer(prefectClient(options, io));
    io.stdout(options.json ? JSON.stringify(check, null, 2) : formatServerCheck(check));
    return check.ok ? 0 : 1;
  },
};
