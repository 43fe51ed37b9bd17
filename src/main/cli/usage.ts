// The usage texts, built from the command and option tables so that a new command or option
// documents itself: the whole program's, and one command's (`help COMMAND`, `COMMAND --help`).
import type { CliCommand } from './command';
import { OPTION_NAMES, optionsText } from './options';

export function usageText(commands: ReadonlyMap<string, CliCommand>): string {
  const width = Math.max(...[...commands.values()].map((command) => command.usage.length)) + 2;
  const lines = [...commands.values()].flatMap((command) => {
    const [first = '', ...rest] = command.summary.split('\n');
    return [`  ${command.usage.padEnd(width)}  ${first}`, ...rest.map((line) => `  ${''.padEnd(width)}  ${line}`)];
  });
  return `Usage: block-registry <command> [options]

Commands:
${lines.join('\n')}

Options:
${optionsText(OPTION_NAMES)}

'block-registry help COMMAND' (or 'COMMAND --help') shows one command's usage.`;
}

/** One command's usage: its line, what it does, and the options it reads. */
export function commandUsageText(command: CliCommand): string {
  return `Usage: block-registry ${command.usage}

${command.summary.replaceAll('\n', ' ')}

Options:
${optionsText([...command.options, 'help'])}`;
}

/** The one line a usage error ends with, pointing at the whole usage of the command. */
export function seeHelp(name: string): string {
  return `Run 'block-registry help ${name}' for its usage.`;
}

/** Shell quoting for a path shown in a command to copy: single quotes, a quote inside as '\''. */
function shellQuote(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * What to do with a database file this program cannot use: move it aside, then register again
 * into a new file at the same path, with the commands to copy.
 */
export function moveAsideHint(path: string): string {
  const file = shellQuote(path);
  return 'To start fresh, move the file aside and register everything into a new one:\n' + `  mv ${file} ${file}."$(date +%Y%m%d-%H%M%S)".bak\n` + `  block-registry auto-register --db ${file}`;
}

/**
 * What to do when the path holds no file at all (a device such as /dev/null, a folder, a pipe, a
 * dangling link): moving it aside would be wrong advice; the path itself is the mistake.
 */
export const NOT_A_FILE_HINT = 'Name a database file with --db PATH (or BLOCK_REGISTRY_DB); at a path where nothing exists yet, a new database is created.';
