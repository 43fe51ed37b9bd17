// The command line's options: one table that parses them (node's parseArgs), documents them (the
// usage) and words the errors about them, so that all three say the same.

export interface CliOptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** What a string option's value is, as the usage shows it: `--db PATH`. */
  value?: string;
  /** The usage text, one string per line. */
  help: string[];
}

export const OPTIONS = {
  db: { type: 'string', value: 'PATH', help: ["the database file (default: $BLOCK_REGISTRY_DB, else the desktop app's file)"] },
  json: { type: 'boolean', help: ["print JSON (Prefect's REST API shape) instead of text"] },
  force: { type: 'boolean', help: ['auto-register: register every source even if unchanged'] },
  type: { type: 'string', multiple: true, value: 'SLUG', help: ['only the block type with this slug (repeatable)'] },
  'dry-run': { type: 'boolean', help: ['import, server push/pull, documents copy/upgrade: print what would change, write nothing'] },
  'api-url': {
    type: 'string',
    value: 'URL',
    help: [
      'server, documents: the Prefect API (default: $PREFECT_API_URL, else the active profile',
      'of $PREFECT_HOME/profiles.toml); credentials only from PREFECT_API_AUTH_STRING',
      '(user:password) or PREFECT_API_KEY, in the environment or the profile',
    ],
  },
  anonymous: { type: 'boolean', help: ['documents: list anonymous block documents too (Prefect makes them; hidden by default)'] },
  from: {
    type: 'string',
    value: 'SERVER',
    help: ['documents copy/compare, server copy: the server to read (default: as --api-url);', "a URL, or the name of a profile in Prefect's profiles.toml (its URL and credentials)"],
  },
  to: { type: 'string', value: 'SERVER', help: ['documents copy/compare, server copy: the other server (a URL or a profile name, as --from)'] },
  'include-secrets': {
    type: 'boolean',
    help: ['documents copy/compare: read the secret values and copy them (compare: by hash only);', 'without it a document with secret values is refused, naming its secret fields'],
  },
  module: { type: 'string', multiple: true, value: 'NAME', help: ["import: the blocks of a Python module, as 'prefect block register -m' (repeatable)"] },
  python: {
    type: 'string',
    value: 'PATH',
    help: [
      'import, auto-register --run-python: the Python (with prefect) that reads .py files',
      'and modules (default: $BLOCK_REGISTRY_PYTHON, else the active virtual environment,',
      'else python3 on PATH); it runs at most $BLOCK_REGISTRY_PYTHON_TIMEOUT_MS ms',
      '(default 60000, at most 2147483647)',
    ],
  },
  'run-python': {
    type: 'boolean',
    help: ['auto-register: run the .py files of the auto-register folder (it runs their code);', 'without it they are skipped, whatever settings lie beside the database'],
  },
  help: { type: 'boolean', short: 'h', help: ["show this help; after a command, show that command's usage and options"] },
  version: { type: 'boolean', short: 'v', help: ["this program's version"] },
} as const satisfies Record<string, CliOptionSpec>;

export type OptionName = keyof typeof OPTIONS;

export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

export function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/** `--db PATH`, `--json`, `-h, --help`: the option as the usage names it. */
function optionLabel(name: OptionName): string {
  const spec: CliOptionSpec = OPTIONS[name];
  const long = `--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`;
  return spec.short === undefined ? long : `-${spec.short}, ${long}`;
}

/** The options section of a usage text, for `names` in table order. */
export function optionsText(names: readonly OptionName[]): string {
  const width = Math.max(...names.map((name) => optionLabel(name).length)) + 1;
  return names
    .flatMap((name) => {
      const [first = '', ...rest] = OPTIONS[name].help;
      return [`  ${optionLabel(name).padEnd(width)} ${first}`, ...rest.map((line) => `  ${''.padEnd(width)} ${line}`)];
    })
    .join('\n');
}
