// The usage text, built from the command table so that a new command documents itself.
import type { CliCommand } from './command';

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
  --db PATH     the database file (default: $BLOCK_REGISTRY_DB, else the desktop app's file)
  --json        print JSON (Prefect's REST API shape) instead of text
  --force       auto-register: register every source even if unchanged
  --dry-run     import, server push/pull: print what would change, write nothing
  --api-url URL server: the Prefect API (default: $PREFECT_API_URL, else the active profile
                of $PREFECT_HOME/profiles.toml); credentials only from PREFECT_API_AUTH_STRING
                (user:password) or PREFECT_API_KEY, in the environment or the profile
  --module NAME import: the blocks of a Python module, as 'prefect block register -m' (repeatable)
  --python PATH import: the Python (with prefect) that reads .py files and modules (default:
                $BLOCK_REGISTRY_PYTHON, else the active virtual environment, else python3 on PATH);
                it runs at most $BLOCK_REGISTRY_PYTHON_TIMEOUT_MS ms (default 60000)
  -h, --help    this help`;
}

export const MOVE_ASIDE_HINT = 'To start fresh, move the file aside, e.g. `mv FILE "FILE.$(date +%Y%m%d-%H%M%S).bak"`: the next run creates a new database and registers everything.';
