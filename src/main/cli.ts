// The command line: the desktop app's main-process code without a window, for scripts and CI.
// Exit codes: 0 success, 1 failure (nothing written), 2 usage error.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { blockSchemaChecksum } from '../shared/checksum';
import { formatIssue, RegistryError } from '../shared/errors';
import { isJsonObject, parseJson, stringifyJson, type JsonValue } from '../shared/json';
import { runBlockAutoRegistration } from './auto-register';
import { openRegistryDatabase, type RegistryDatabase } from './db/database';
import { exportCatalogue } from './export';
import { importEntries, readImportFile } from './import';
import { previewImport } from './import-preview';
import { launchSources } from './launch';
import { formatPreview } from './preview-text';
import { resolveDatabasePath } from './paths';
import { readBlockSchemas } from './registry/block-schemas';
import { readBlockTypeBySlug, readBlockTypes } from './registry/block-types';
import { formatReport } from './report-text';

export const USAGE = `Usage: block-registry <command> [options]

Commands:
  auto-register [--force] [--json]      launch-time registration, headless
  import FILE... [--dry-run] [--json]   register the block types and schemas in FILEs (all or nothing);
                                        --dry-run prints what would change and writes nothing
  export [--type SLUG]...               Prefect catalogue JSON of the block types (all by default) on stdout
  types [--json]                        block types, ordered by name
  schemas [--type SLUG]... [--json]     block schemas, newest first
  checksum FILE...                      Prefect's checksum of each FILE (one schema's "fields" object)

Options:
  --db PATH     the database file (default: $BLOCK_REGISTRY_DB, else the desktop app's file)
  --json        print JSON (Prefect's REST API shape) instead of text
  --force       auto-register: register every source even if unchanged
  -h, --help    this help`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

class UsageError extends Error {}

export const MOVE_ASIDE_HINT =
  'To start fresh, move the file aside, e.g. `mv FILE "FILE.$(date +%Y%m%d-%H%M%S).bak"`: the next run creates a new database and registers everything.';

export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        type: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`block-registry: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'checksum':
        return checksum(args, io);
      case 'auto-register':
      case 'import':
      case 'export':
      case 'types':
      case 'schemas':
        if (values.db === '') throw new UsageError('--db needs a file path');
        if (command !== 'import') noArguments(command, args); // a usage error before the database is opened
        // Only commands that register may create the database; read commands report a missing one.
        return await withDatabase(resolveDatabasePath(values.db, io.env), io, command === 'auto-register' || (command === 'import' && !values['dry-run']), async (registry) => {
          if (command === 'auto-register') {
            noArguments(command, args);
            const report = await runBlockAutoRegistration(registry, launchSources(registry.path), { force: values.force });
            io.stdout(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
            return report.sources.some((source) => source.status === 'failed' || source.errors.length > 0) ? 1 : 0;
          }
          if (command === 'import') {
            if (args.length === 0) throw new UsageError('import needs at least one FILE');
            // The same preview as the window's import dialog: every problem of every file at once.
            // Registering meets the same errors as the dry run: only --dry-run needs to simulate.
            const { preview, entries } = await previewImport(registry, args.map(readImportFile), { simulate: values['dry-run'] });
            if (preview.errors.length > 0) {
              throw new RegistryError('invalid_input', `${preview.errors.length} problem${preview.errors.length === 1 ? '' : 's'} found; nothing was registered.`, preview.errors);
            }
            if (values['dry-run']) {
              io.stdout(values.json ? JSON.stringify(preview, null, 2) : formatPreview(preview));
              return 0;
            }
            for (const warning of preview.warnings) io.stderr(`warning: ${formatIssue(warning)}`);
            const report = await importEntries(registry, entries, args.join(', '));
            io.stdout(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
            return 0;
          }
          if (command === 'export') {
            noArguments(command, args);
            io.stdout((await exportCatalogue(registry.db, { slugs: values.type })).text.trimEnd());
            return 0;
          }
          if (command === 'types') {
            noArguments(command, args);
            const types = await readBlockTypes(registry.db);
            io.stdout(values.json ? JSON.stringify(types, null, 2) : formatTable(types.map((type) => [type.name, type.slug, type.is_protected ? 'protected' : ''])));
            return 0;
          }
          noArguments(command, args);
          let blockTypeIds: string[] | undefined;
          if (values.type !== undefined) {
            blockTypeIds = [];
            for (const slug of values.type) {
              const type = await readBlockTypeBySlug(registry.db, slug);
              if (type === null) throw new RegistryError('not_found', `No block type with slug '${slug}'.`);
              blockTypeIds.push(type.id);
            }
          }
          const schemas = await readBlockSchemas(registry.db, { blockTypeIds });
          if (values.json) io.stdout(stringifyJson(schemas as unknown as JsonValue, 2));
          else io.stdout(formatTable(schemas.map((schema) => [schema.block_type.slug, schema.version, schema.checksum, schema.capabilities.join(',')])));
          return 0;
        });
      case undefined:
        throw new UsageError('a command is needed');
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`block-registry: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RegistryError) {
      io.stderr(`block-registry: ${error.message}`);
      for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}`);
      if (error.code === 'database_file' || error.code === 'database_too_new') io.stderr(MOVE_ASIDE_HINT);
      return 1;
    }
    throw error;
  }
}

function noArguments(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command} takes no arguments (got ${args.join(' ')})`);
}

/** Scripts would rather wait than fail: a minute by default (BLOCK_REGISTRY_LOCK_TIMEOUT_MS). */
const DEFAULT_CLI_LOCK_TIMEOUT_MS = 60_000;

async function withDatabase(path: string, io: CliIo, create: boolean, work: (registry: RegistryDatabase) => Promise<number>): Promise<number> {
  const configured = Number(io.env.BLOCK_REGISTRY_LOCK_TIMEOUT_MS);
  const registry = await openRegistryDatabase(path, {
    create,
    lockTimeoutMs: Number.isFinite(configured) && configured >= 0 && io.env.BLOCK_REGISTRY_LOCK_TIMEOUT_MS !== undefined ? configured : DEFAULT_CLI_LOCK_TIMEOUT_MS,
    onLockWait: (holder) => io.stderr(`block-registry: waiting for the database, in use by ${holder}…`),
  });
  try {
    return await work(registry);
  } finally {
    await registry.close();
  }
}

function checksum(files: string[], io: CliIo): number {
  if (files.length === 0) throw new UsageError('checksum needs at least one FILE');
  let status = 0;
  for (const file of files) {
    try {
      const fields = parseJson(readFileSync(file, 'utf8'));
      if (!isJsonObject(fields)) throw new Error('expected one block schema\'s "fields" JSON object');
      io.stdout(`${blockSchemaChecksum(fields)}  ${file}`);
    } catch (error) {
      io.stderr(`block-registry: ${file}: ${error instanceof Error ? error.message : String(error)}`);
      status = 1;
    }
  }
  return status;
}

function formatTable(rows: string[][]): string {
  if (rows.length === 0) return '(none)';
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd()).join('\n');
}
