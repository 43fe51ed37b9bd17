// What one command of the command line is: its usage line and a function over operations.
import type { Database } from '../db/database';
import type { CliIo } from './io';
import type { OptionName } from './options';

export interface CliOptions {
  db: string | undefined;
  json: boolean;
  force: boolean;
  type: string[] | undefined;
  dryRun: boolean;
  /** The Prefect API for the server commands (else PREFECT_API_URL or the active profile). */
  apiUrl: string | undefined;
  /** import, auto-register --run-python: the Python that reads `.py` files and modules. */
  python: string | undefined;
  /** auto-register: run the auto-register folder's `.py` files (only the command line's own word turns that on). */
  runPython: boolean;
  /** import: modules whose blocks to register, as `prefect block register -m`. */
  module: string[] | undefined;
  /** documents: anonymous block documents too. */
  anonymous: boolean;
  /** documents copy/compare: the source and the target server (a URL or a profile name). */
  from: string | undefined;
  to: string | undefined;
  /** documents copy/compare: the person's consent to read (and copy) secret values. */
  includeSecrets: boolean;
}

export interface CommandInput {
  /** The arguments after the command's name. */
  args: string[];
  options: CliOptions;
  io: CliIo;
  /**
   * Opens the database for `work` and closes it after (the lock and its timeout handled). Only a
   * command that registers may create a missing database; the others say it does not exist.
   */
  withRegistry: <T>(access: DatabaseAccess, work: (registry: Database) => Promise<T>) => Promise<T>;
}

export interface DatabaseAccess {
  /** Create the database (and its folder) when it does not exist. */
  create: boolean;
  /**
   * A preview (`--dry-run`) of what a registering command would do: when the database does not
   * exist yet, it is previewed against an empty one, thrown away after; nothing is created at the path.
   */
  emptyWhenMissing?: boolean;
}

export interface CliCommand {
  /** `name [arguments]` as the usage shows it, and what it does. */
  usage: string;
  summary: string;
  /** The options it reads, for its help (`block-registry help COMMAND`); -h is every command's. */
  options: readonly OptionName[];
  /** Its stdout is JSON even without --json (export): written as JSON is (see terminalSafeIo). */
  writesJson?: boolean;
  /** The exit code: 0 success, 1 failure (nothing written); a UsageError means 2. */
  run: (input: CommandInput) => Promise<number>;
}

/** A command line that cannot be run as given: exit code 2, with the usage. */
export class UsageError extends Error {
  /** The command it is about (`import`, `server push`): its usage is shown rather than the whole program's. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export function noArguments(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command} takes no arguments (got ${args.join(' ')})`);
}
