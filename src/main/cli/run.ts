// The command line: the desktop app's main-process code without a window, for scripts and CI.
// Exit codes: 0 success, 1 failure (nothing written), 2 usage error.
import { parseArgs } from 'node:util';
import { errorMessage, formatIssue, RegistryError } from '../../shared/errors';
import { resolveDatabasePath } from '../paths';
import { UsageError, type CliCommand, type CliOptions } from './command';
import { COMMANDS } from './commands';
import { withDatabase } from './database';
import { processIo, type CliIo } from './io';
import { MOVE_ASIDE_HINT, usageText } from './usage';

export type { CliIo } from './io';
export { MOVE_ASIDE_HINT } from './usage';

export const USAGE = usageText(COMMANDS);

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.stderr(`block-registry: ${errorMessage(error)}\n\n${USAGE}`);
    return 2;
  }
  const { command: name, args, options, help } = parsed;
  if (help || name === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  try {
    if (name === undefined) throw new UsageError('a command is needed');
    const { command, commandArgs } = findCommand(name, args);
    if (options.db === '') throw new UsageError('--db needs a file path');
    const path = resolveDatabasePath(options.db, io.env);
    return await command.run({ args: commandArgs, options, io, withRegistry: (access, work) => withDatabase(path, io, access, work) });
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** `name`, or `name subcommand` (e.g. `server push`) when the table has it. */
function findCommand(name: string, args: string[]): { command: CliCommand; commandArgs: string[] } {
  const [subcommand, ...rest] = args;
  const nested = subcommand === undefined ? undefined : COMMANDS.get(`${name} ${subcommand}`);
  if (nested !== undefined) return { command: nested, commandArgs: rest };
  const command = COMMANDS.get(name);
  if (command !== undefined) return { command, commandArgs: args };
  const subcommands = [...COMMANDS.keys()].filter((key) => key.startsWith(`${name} `)).map((key) => key.slice(name.length + 1));
  if (subcommands.length === 0) throw new UsageError(`unknown command '${name}'`);
  const got = subcommand === undefined ? '' : ` (got '${subcommand}')`;
  throw new UsageError(`${name} needs one of: ${subcommands.join(', ')}${got}`);
}

function parseCommandLine(argv: string[]): { command: string | undefined; args: string[]; options: CliOptions; help: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      type: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      'api-url': { type: 'string' },
      python: { type: 'string' },
      module: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  return {
    command,
    args,
    help: values.help,
    options: {
      db: values.db,
      json: values.json,
      force: values.force,
      type: values.type,
      dryRun: values['dry-run'],
      apiUrl: values['api-url'],
      python: values.python,
      module: values.module,
    },
  };
}

/** The exit code for a failure, after saying what went wrong; a bug is rethrown. */
function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`block-registry: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!(error instanceof RegistryError)) throw error;
  io.stderr(`block-registry: ${error.message}`);
  for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}`);
  if (error.code === 'database_file' || error.code === 'database_too_new') io.stderr(MOVE_ASIDE_HINT);
  return 1;
}
