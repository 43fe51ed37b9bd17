import { formatIssue, nothingRegistered } from '../../../shared/errors';
import { readBlockFilesFromDisk } from '../../files/disk';
import { readPythonModules } from '../../files/python-files';
import { combine, parsedResult, unreadable, type BlockFilesResult } from '../../files/read-block-files';
import { importEntries, importSourceName } from '../../operations/import';
import { recordLastImport } from '../../operations/last-import';
import { previewFiles } from '../../operations/preview';
import { parsePythonTimeout } from '../../python/run-extraction';
import type { PythonSettings } from '../../python/settings';
import { UsageError, type CliCommand, type CliOptions } from '../command';
import type { CliIo } from '../io';
import { formatPythonRuntimes, printDryRun, pythonRuntimes } from '../format/preview';
import { formatReport } from '../format/report';

export const importCommand: CliCommand = {
  usage: 'import FILE... [--module NAME] [--python PATH] [--dry-run] [--json]',
  summary:
    'register the block types and schemas in FILEs and modules (all or nothing);\n' +
    'a FILE.py or a --module runs in Python with Prefect, as `prefect block register`;\n' +
    '--dry-run prints what would change, errors included, and writes nothing\n' +
    '(exit 1 when there are errors)',
  options: ['db', 'module', 'python', 'dry-run', 'json'],
  run: async ({ args, options, io, withRegistry }) => {
    const modules = options.module ?? [];
    if (args.length === 0 && modules.length === 0) throw new UsageError('import needs at least one FILE or --module NAME');
    if (modules.some((name) => name.trim() === '')) throw new UsageError('--module needs a module name');
    if (options.python === '') throw new UsageError('--python needs the path of a Python interpreter');
    const python = pythonSettings(args, options, io);
    // Read before the database is opened: Python may run for a while, and the lock must not wait on it.
    const read = await readImport(args, modules, python);
    // A dry run only reads: it reports a missing database instead of creating one.
    return withRegistry({ create: !options.dryRun }, async (registry) => {
      // The same preview as the window's import dialog: every problem of every file at once.
      // Registering meets the same errors as the dry run: only --dry-run needs to simulate.
      const { preview, entries } = await previewFiles(registry, read, { simulate: options.dryRun, lookUpSchemas: options.dryRun });
      const runtimes = pythonRuntimes(read.files);
      if (options.dryRun) return printDryRun(io, preview, options.json, runtimes);
      if (preview.errors.length > 0) throw nothingRegistered(preview.errors);
      if (!options.json && runtimes.length > 0) io.stderr(formatPythonRuntimes(runtimes));
      for (const warning of preview.warnings) io.stderr(`warning: ${formatIssue(warning)}`);
      const report = await importEntries(registry, entries, importSourceName(entries));
      // As the window's import does: the window's report page shows it after the next launch.
      recordLastImport(registry.filePath, report);
      io.stdout(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      return 0;
    });
  },
};

/**
 * Naming a `.py` file or a module on the command line is the user's explicit choice to run it.
 * The timeout is checked only then: a bad value must not stop a JSON import.
 */
function pythonSettings(args: string[], options: CliOptions, io: CliIo): PythonSettings | undefined {
  const runsPython = (options.module ?? []).length > 0 || args.some((path) => path.endsWith('.py'));
  if (!runsPython) return undefined;
  const timeout = parsePythonTimeout(io.env.BLOCK_REGISTRY_PYTHON_TIMEOUT_MS);
  if (!timeout.ok) throw new UsageError(timeout.message);
  return { python: options.python, env: io.env, timeoutMs: timeout.ms, cwd: process.cwd() };
}

/** Files, then modules, every problem of each; all or nothing is decided by the caller on the whole. */
async function readImport(paths: string[], modules: string[], python: PythonSettings | undefined): Promise<BlockFilesResult> {
  const files = await readBlockFilesFromDisk(paths, python === undefined ? {} : { python });
  if (python === undefined) return files;
  const results = [...files.files];
  // Every module in one run of Python: importing Prefect alone takes seconds.
  try {
    const read = await readPythonModules(modules, python);
    read.forEach((parsed, index) => results.push(parsed instanceof Error ? unreadable(`module ${modules[index] ?? ''}`, parsed) : parsedResult(`module ${modules[index] ?? ''}`, parsed)));
  } catch (error) {
    // The run itself failed (no interpreter, the timeout): once, for all of them.
    if (modules.length > 0) results.push(unreadable(modules.map((name) => `module ${name}`).join(', '), error));
  }
  return combine(results);
}
