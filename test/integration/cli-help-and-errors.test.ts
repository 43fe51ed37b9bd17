// The command line's own manners: --version, one command's
// help, "did you mean" for a mistyped command or option, our wording for bad options, checksum
// refusing a block definition file with where its fields are, and the hint that re-registers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE, VERSION } from '../../src/main/cli/run';
import { closest } from '../../src/main/cli/suggest';
import { editDistance } from '../../src/shared/edit-distance';
import { stringifyJson } from '../../src/shared/json';
import { cli, useCliWorkspace } from '../helpers/cli';
import { asObject, blockEntry } from '../helpers/registry';

const workspace = useCliWorkspace();

const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('--version', () => {
  it.each([['--version'], ['-v'], ['types', '--version']])('%s prints the package version and exits 0', async (...argv) => {
    const result = await cli(...argv);
    expect(result).toEqual({ code: 0, stdout: `block-registry ${packageVersion}`, stderr: '' });
    expect(VERSION).toBe(packageVersion);
  });
});

describe('an option the command does not read', () => {
  it('is a usage error naming what the command takes, never silently ignored', async () => {
    const search = await cli('search', 's3', '--type', 's3-bucket', '--db', workspace.dbPath);
    expect(search.code).toBe(2);
    expect(search.stderr.split('\n')).toEqual([
      'block-registry: search does not take --type (it takes --json)',
      'Usage: block-registry search QUERY... [--json]',
      "Run 'block-registry help search' for its usage.",
    ]);
    const checksum = await cli('checksum', 'fields.json', '--json');
    expect(checksum.code).toBe(2);
    expect(checksum.stderr.split('\n')[0]).toBe('block-registry: checksum does not take --json (it takes no options)');
    expect((await cli('auto-register', '--dry-run', '--db', workspace.dbPath)).stderr.split('\n')[0]).toBe(
      'block-registry: auto-register does not take --dry-run (it takes --force, --run-python, --python, --json)',
    );
    // Nothing was opened or created.
    expect(existsSync(workspace.dbPath)).toBe(false);
  });

  it('--db, --help and --version go with every command', async () => {
    expect((await cli('checksum', '--help', '--db', workspace.dbPath)).code).toBe(0);
    expect((await cli('server', 'check', '--version', '--db', workspace.dbPath)).code).toBe(0);
  });
});

describe("one command's help", () => {
  const IMPORT_HELP = [
    'Usage: block-registry import FILE... [--module NAME] [--python PATH] [--dry-run] [--json]',
    '',
    expect.stringMatching(/^register the block types and schemas in FILEs and modules \(all or nothing\);/),
    '',
    'Options:',
    expect.stringMatching(/^ {2}--db PATH +the database file/),
    expect.stringMatching(/^ {2}--module NAME +import: the blocks of a Python module/),
    expect.stringMatching(/^ {2}--python PATH +import, auto-register --run-python: the Python/),
    expect.stringMatching(/^ +and modules \(default: \$BLOCK_REGISTRY_PYTHON, else/),
    expect.stringMatching(/^ +else python3 on PATH\); it runs at most/),
    expect.stringMatching(/^ +\(default 60000, at most 2147483647\)/),
    expect.stringMatching(/^ {2}--dry-run +import, server push\/pull/),
    expect.stringMatching(/^ {2}--json +print JSON/),
    // A whole sentence: it used to end "after a command, that command's".
    expect.stringMatching(/^ {2}-h, --help +show this help; after a command, show that command's usage and options$/),
  ];

  it.each([[['help', 'import']], [['import', '--help']], [['import', '-h']]])('%j prints the usage of import alone, on stdout, exit 0', async (argv) => {
    const result = await cli(...argv);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual(IMPORT_HELP);
  });

  it('a two-word command: help server push, server push --help; help server lists every server command', async () => {
    const push = await cli('help', 'server', 'push');
    expect(push.stdout.split('\n')[0]).toBe('Usage: block-registry server push [--type SLUG]... [--dry-run]');
    expect(push.stdout).toContain('--api-url URL');
    expect((await cli('server', 'push', '--help')).stdout).toBe(push.stdout);
    const server = await cli('help', 'server');
    expect(server.stdout.split('\n').filter((line) => line.startsWith('Usage: '))).toEqual([
      'Usage: block-registry server check',
      'Usage: block-registry server diff [--type SLUG]...',
      'Usage: block-registry server push [--type SLUG]... [--dry-run]',
      'Usage: block-registry server pull [--type SLUG]... [--dry-run]',
      'Usage: block-registry server copy --from SERVER --to SERVER [--type SLUG]... [--dry-run]',
    ]);
  });

  it('help alone, and --help alone, print the whole usage, which says how to get one command’s', async () => {
    expect((await cli('help')).stdout).toBe(USAGE);
    expect((await cli('--help')).stdout).toBe(USAGE);
    expect(USAGE).toContain("'block-registry help COMMAND' (or 'COMMAND --help') shows one command's usage.");
    expect(USAGE).toContain('-v, --version');
  });

  it('help for an unknown command is a usage error with a suggestion', async () => {
    const result = await cli('help', 'imprt');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("block-registry: unknown command 'imprt'. Did you mean 'import'?");
  });
});

describe('did you mean', () => {
  it.each([
    ['imprt', 'import'],
    ['exprot', 'export'],
    ['Types', 'types'],
    ['auto-regster', 'auto-register'],
    ['chekcsum', 'checksum'],
  ])('%s -> %s', async (typed, meant) => {
    const result = await cli(typed, '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(`block-registry: unknown command '${typed}'. Did you mean '${meant}'?`);
  });

  it('a word that is no typo gets no suggestion', async () => {
    const result = await cli('frobnicate', '--db', workspace.dbPath);
    expect(result.stderr.split('\n')[0]).toBe("block-registry: unknown command 'frobnicate'.");
    expect(result.stderr).toContain('Usage: block-registry <command>');
  });

  it('a mistyped server subcommand', async () => {
    const result = await cli('server', 'puhs');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("block-registry: server needs one of: check, diff, push, pull, copy (got 'puhs'). Did you mean 'server push'?");
  });

  it('editDistance and closest', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('puhs', 'push')).toBe(1);
    expect(closest('dryrun', ['dry-run', 'json'])).toBe('dry-run');
    expect(closest('x', ['db', 'json'])).toBeUndefined();
  });
});

describe('option errors in our words, naming the command and pointing at its help', () => {
  it('an unknown option, with a suggestion', async () => {
    const result = await cli('import', 'a.json', '--dryrun', '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      'block-registry: import: unknown option --dryrun. Did you mean --dry-run?',
      'Usage: block-registry import FILE... [--module NAME] [--python PATH] [--dry-run] [--json]',
      "Run 'block-registry help import' for its usage.",
    ]);
  });

  it('an unknown short option, and one before any command', async () => {
    expect((await cli('types', '-x')).stderr.split('\n')[0]).toBe('block-registry: types: unknown option -x.');
    const before = await cli('--jsn');
    expect(before.code).toBe(2);
    expect(before.stderr.split('\n')[0]).toBe('block-registry: unknown option --jsn. Did you mean --json?');
    expect(before.stderr).toContain('Usage: block-registry <command>');
  });

  it('a missing value, at the end or followed by another option', async () => {
    const end = await cli('types', '--db');
    expect(end.code).toBe(2);
    expect(end.stderr.split('\n')).toEqual(['block-registry: types: --db needs a PATH', 'Usage: block-registry types [--type SLUG]... [--json]', "Run 'block-registry help types' for its usage."]);
    const followed = await cli('server', 'diff', '--api-url', '--json');
    expect(followed.stderr.split('\n')[0]).toBe('block-registry: server diff: --api-url needs a URL, not the option --json (write --api-url=--json if that is the value)');
    expect(followed.stderr).toContain("Run 'block-registry help server diff' for its usage.");
  });

  it('a value given to a flag', async () => {
    const result = await cli('types', '--json=yes', '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('block-registry: types: --json takes no value (got --json=yes)');
  });

  it('an unexpected argument', async () => {
    const result = await cli('types', 'extra', '--db', workspace.dbPath);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      'block-registry: types takes no arguments (got extra)',
      'Usage: block-registry types [--type SLUG]... [--json]',
      "Run 'block-registry help types' for its usage.",
    ]);
  });

  it("never shows node's own wording", async () => {
    for (const argv of [['types', '--nope'], ['types', '--db'], ['types', '--json=1'], ['--db']]) {
      const result = await cli(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/To specify a positional argument|argument missing|does not take an argument|ERR_PARSE_ARGS/);
    }
  });
});

describe('checksum of a file that is not one schema\'s "fields"', () => {
  function write(name: string, value: unknown): string {
    const path = workspace.path(name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  }
  const EXPECTED = 'expected one block schema\'s "fields" JSON object (a JSON schema such as {"title": …, "type": "object", "properties": {…}}, as in Prefect\'s block_schema.fields)';

  it('a catalogue entry: says where its fields are, and hashes nothing', async () => {
    const entry = blockEntry('Hash Me', 'hash-me');
    const file = write('entry.json', JSON.parse(stringifyJson(entry)));
    const result = await cli('checksum', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `block-registry: ${file}: ${EXPECTED}, not a block type with its schema (a catalogue entry): hash the object at block_schema.fields (each schema's own), e.g. saved to a file of its own.`,
    );
    // That object hashes to the entry's recorded checksum.
    const fields = write('fields.json', JSON.parse(stringifyJson(asObject(asObject(entry.block_schema).fields))));
    expect((await cli('checksum', fields)).stdout).toBe(`${String(asObject(entry.block_schema).checksum)}  ${fields}`);
  });

  it.each([
    ['catalogue', { collections: {} }, "Prefect's block catalogue", 'collections.COLLECTION.block_types.SLUG.block_schema.fields'],
    ['rest', { block_type: { name: 'X', slug: 'x' }, fields: {} }, "a block schema from Prefect's API", 'fields'],
    ['inspect', { block_type: { name: 'X', slug: 'x' }, schema: null }, '`prefect block type inspect -o json` output', 'schema.fields'],
    ['entry list', [{ name: 'X', slug: 'x' }], 'a list of block types with their schemas', '[N].block_schema.fields'],
  ])('%s: names the format and the key that holds the fields', async (_kind, value, what, path) => {
    const file = write('other.json', value);
    const result = await cli('checksum', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`block-registry: ${file}: ${EXPECTED}, not ${what}: hash the object at ${path} (each schema's own), e.g. saved to a file of its own.`);
  });

  it('an object with none of a schema’s keys, and a scalar', async () => {
    const config = write('config.json', { host: 'x', port: 1 });
    expect((await cli('checksum', config)).stderr).toBe(`block-registry: ${config}: ${EXPECTED}; this object has none of a schema's keys (it has "host", "port").`);
    const text = write('text.json', '"fields"');
    expect((await cli('checksum', text)).stderr).toBe(`block-registry: ${text}: ${EXPECTED}; this file holds a string.`);
  });
});

describe('a --db that is no file at all', () => {
  it.each([
    ['a device (/dev/null)', () => '/dev/null', 'a device'],
    ['a folder', () => workspace.folder, 'a folder'],
  ])('%s: says it is not a database file, with no advice to move it aside', async (_name, pathOf, kind) => {
    const path = pathOf();
    const result = await cli('types', '--db', path);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `block-registry: ${path} is ${kind}, not a database file. It was left untouched.\n` +
        'Name a database file with --db PATH (or BLOCK_REGISTRY_DB); at a path where nothing exists yet, a new database is created.',
    );
    expect(result.stderr).not.toContain('mv ');
  });
});

describe('a database file this program cannot use', () => {
  it('the hint moves it aside and names the command that registers everything again, with this path', async () => {
    const path = workspace.path("it's here.sqlite");
    writeFileSync(path, 'not a database at all');
    const result = await cli('types', '--db', path);
    expect(result.code).toBe(1);
    const quoted = `'${path.replaceAll("'", "'\\''")}'`;
    expect(result.stderr.split('\n').slice(-3)).toEqual([
      'To start fresh, move the file aside and register everything into a new one:',
      `  mv ${quoted} ${quoted}."$(date +%Y%m%d-%H%M%S)".bak`,
      `  block-registry auto-register --db ${quoted}`,
    ]);
    expect(readFileSync(path, 'utf8')).toBe('not a database at all');
  });
});
