// The command line: the desktop app's main-process code without a window, for scripts and CI.
// Exit codes: 0 success, 1 failure (nothing written), 2 usage error.
import { statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { version } from '../../../package.json';
import { errorMessage, formatIssue, RegistryError } from '../../shared/errors';
import { resolveDatabasePath } from '../platform/paths';
import { UsageError, type CliCommand, type CliOptions } from './command';
import { COMMANDS } from './commands';
import { withDatabase } from './database';
import { processIo, terminalSafeIo, type CliIo } from './io';
import { isOptionName, OPTION_NAMES, OPTIONS, type CliOptionSpec, type OptionName } from './options';
import { closest } from './suggest';
import { commandUsageText, moveAsideHint, NOT_A_FILE_HINT, seeHelp, usageText } from './usage';

export type { CliIo } from './io';

export const USAGE = usageText(COMMANDS);

export const VERSION = version;

const PARSE_OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  OPTION_NAMES.map((name) => {
    const spec: CliOptionSpec = OPTIONS[name];
    return [name, { type: spec.type, multiple: spec.multiple ?? false, ...(spec.short === undefined ? {} : { short: spec.short }) }];
  }),
);

interface CommandLine {
  command: string | undefined;
  args: string[];
  options: CliOptions;
  help: boolean;
  version: boolean;
  /** The options given on the line, by name. */
  given: OptionName[];
}

export async function runCli(argv: string[], processOrTestIo: CliIo = processIo): Promise<number> {
  // Every line any command writes goes through here (see terminalSafeIo); stdout as JSON once the command is known to write JSON.
  let io = terminalSafeIo(processOrTestIo, false);
  // Known once the command is found: a database it cannot use is named in the hint.
  let databasePath: string | undefined;
  try {
    const line = parseCommandLine(argv);
    if (line.version) {
      io.stdout(`block-registry ${VERSION}`);
      return 0;
    }
    if (line.command === 'help') return printHelp(line.args, io);
    if (line.command === undefined) {
      if (line.help) {
        io.stdout(USAGE);
        return 0;
      }
      throw new UsageError('a command is needed');
    }
    const { name, command, commandArgs } = findCommand(line.command, line.args);
    io = terminalSafeIo(processOrTestIo, line.options.json || command.writesJson === true);
    if (line.help) {
      io.stdout(commandUsageText(command));
      return 0;
    }
    refuseUnreadOptions(name, command, line.given);
    try {
      const { options } = line;
      if (options.db === '') throw new UsageError('--db needs a file path');
      const path = resolveDatabasePath(options.db, io.env);
      databasePath = path;
      return await command.run({ args: commandArgs, options, io, withRegistry: (access, work) => withDatabase(path, io, access, work) });
    } catch (error) {
      // A usage error inside a command is about that command: its usage, not the whole program's.
      if (error instanceof UsageError && error.command === undefined) throw new UsageError(error.message, name);
      throw error;
    }
  } catch (error) {
    return reportFailure(error, io, databasePath);
  }
}

/**
 * Options every command takes: the database (`--db` anywhere on the line, so that a script may
 * pass it to every command), help and the version.
 */
const EVERY_COMMANDS_OPTIONS: readonly OptionName[] = ['db', 'help', 'version'];

/**
 * An option the command does not read is refused (exit 2) rather than silently ignored: `types
 * --type s3-bucket` listing every type would look like an answer.
 */
function refuseUnreadOptions(name: string, command: CliCommand, given: readonly OptionName[]): void {
  const unread = given.find((option) => !command.options.includes(option) && !EVERY_COMMANDS_OPTIONS.includes(option));
  if (unread === undefined) return;
  const reads = command.options.filter((option) => option !== 'db');
  const takes = reads.length === 0 ? 'it takes no options' : `it takes ${reads.map((option) => `--${option}`).join(', ')}`;
  throw new UsageError(`${name} does not take --${unread} (${takes})`, name);
}

/** `help`, `help COMMAND`, `help server push`: the usage asked for, on stdout. */
function printHelp(args: string[], io: CliIo): number {
  if (args.length === 0) {
    io.stdout(USAGE);
    return 0;
  }
  const [first = '', ...rest] = args;
  const group = [...COMMANDS.keys()].filter((key) => key.startsWith(`${first} `));
  // `help server`: every server command's usage.
  if (rest.length === 0 && group.length > 0 && !COMMANDS.has(first)) {
    io.stdout(group.map((key) => commandUsageText(COMMANDS.get(key) as CliCommand)).join('\n\n'));
    return 0;
  }
  const { command } = findCommand(first, rest);
  io.stdout(commandUsageText(command));
  return 0;
}

/** `name`, or `name subcommand` (e.g. `server push`) when the table has it. */
function findCommand(name: string, args: string[]): { name: string; command: CliCommand; commandArgs: string[] } {
  const [subcommand, ...rest] = args;
  const nestedName = `${name} ${subcommand ?? ''}`;
  const nested = subcommand === undefined ? undefined : COMMANDS.get(nestedName);
  if (nested !== undefined) return { name: nestedName, command: nested, commandArgs: rest };
  const command = COMMANDS.get(name);
  if (command !== undefined) return { name, command, commandArgs: args };
  const subcommands = [...COMMANDS.keys()].filter((key) => key.startsWith(`${name} `)).map((key) => key.slice(name.length + 1));
  if (subcommands.length === 0) {
    const words = [...new Set([...COMMANDS.keys()].map((key) => key.split(' ')[0] ?? key)), 'help'];
    const guess = closest(name, words);
    throw new UsageError(`unknown command '${name}'.${guess === undefined ? '' : ` Did you mean '${guess}'?`}`);
  }
  const got = subcommand === undefined ? '' : ` (got '${subcommand}')`;
  const guess = subcommand === undefined ? undefined : closest(subcommand, subcommands);
  throw new UsageError(`${name} needs one of: ${subcommands.join(', ')}${got}${guess === undefined ? '' : `. Did you mean '${name} ${guess}'?`}`);
}

function parseCommandLine(argv: string[]): CommandLine {
  // Read loosely first, to word every problem ourselves and name the command it is about.
  const loose = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: PARSE_OPTIONS });
  const commandName = commandNameOf(loose.positionals);
  for (const token of loose.tokens) {
    if (token.kind !== 'option') continue;
    const problem = optionProblem(token);
    if (problem !== undefined) throw new UsageError(commandName === undefined ? problem : `${commandName}: ${problem}`, commandName);
  }
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: PARSE_OPTIONS });
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const texts = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined);
  const [command, ...args] = positionals;
  return {
    command,
    args,
    help: values.help === true,
    version: values.version === true,
    given: Object.keys(values).filter(isOptionName),
    options: {
      db: text(values.db),
      json: values.json === true,
      force: values.force === true,
      type: texts(values.type),
      dryRun: values['dry-run'] === true,
      apiUrl: text(values['api-url']),
      python: text(values.python),
      runPython: values['run-python'] === true,
      module: texts(values.module),
      anonymous: values.anonymous === true,
      from: text(values.from),
      to: text(values.to),
      includeSecrets: values['include-secrets'] === true,
    },
  };
}

/** The command the positionals name, as `help COMMAND` would take it (`server push`), if it is one. */
function commandNameOf(positionals: string[]): string | undefined {
  const [first, second] = positionals;
  if (first === undefined) return undefined;
  if (second !== undefined && COMMANDS.has(`${first} ${second}`)) return `${first} ${second}`;
  return COMMANDS.has(first) ? first : undefined;
}

interface OptionToken {
  name: string;
  rawName: string;
  value?: string | undefined;
  inlineValue?: boolean | undefined;
}

/** What is wrong with one option as given, in our words; undefined when nothing is. */
function optionProblem(token: OptionToken): string | undefined {
  if (!isOptionName(token.name)) {
    const guess = token.rawName.startsWith('--') ? closest(token.name, OPTION_NAMES) : undefined;
    return `unknown option ${token.rawName}.${guess === undefined ? '' : ` Did you mean --${guess}?`}`;
  }
  const spec: CliOptionSpec = OPTIONS[token.name];
  if (spec.type === 'boolean') return token.inlineValue === true ? `${token.rawName} takes no value (got ${token.rawName}=${token.value ?? ''})` : undefined;
  const wanted = `${token.rawName} needs a ${spec.value ?? 'value'}`;
  if (token.value === undefined) return wanted;
  // `--db --json`: the next option is not taken as the value, as node's strict reading refuses it too.
  if (token.inlineValue !== true && token.value.startsWith('-')) return `${wanted}, not the option ${token.value} (write ${token.rawName}=${token.value} if that is the value)`;
  return undefined;
}

/** The exit code for a failure, after saying what went wrong; a bug is rethrown. */
function reportFailure(error: unknown, io: CliIo, databasePath: string | undefined): number {
  if (error instanceof UsageError) {
    const command = error.command === undefined ? undefined : COMMANDS.get(error.command);
    if (error.command !== undefined && command !== undefined) io.stderr(`block-registry: ${error.message}\nUsage: block-registry ${command.usage}\n${seeHelp(error.command)}`);
    else io.stderr(`block-registry: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!(error instanceof RegistryError)) {
    // node's own wording, should our reading above ever let something through to its strict one.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`block-registry: cannot read the command line: ${errorMessage(error)}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  io.stderr(`block-registry: ${error.message}`);
  for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}`);
  if ((error.code === 'database_file' || error.code === 'database_too_new') && databasePath !== undefined) {
    io.stderr(isFileAt(databasePath) ? moveAsideHint(databasePath) : NOT_A_FILE_HINT);
  }
  return 1;
}

/** Whether a regular file is at the path (links followed): only a file can be moved aside to start fresh. */
function isFileAt(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
