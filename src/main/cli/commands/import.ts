import { formatIssue } from '../../../shared/errors';
import { readImportFiles, runImport } from '../../operations/import';
import type { PythonConsent } from '../../python/consent';
import { parsePythonTimeout } from '../../python/run-extraction';
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
    // Read before the database is opened: Python may run for a while, and the lock must not wait on it.
    const read = await readImportFiles({ paths: args, modules }, pythonConsent(args, options, io));
    if ('kind' in read) throw new UsageError('a Python file named on the command line needs no confirmation');
    const runtimes = pythonRuntimes(read.files);
    // A dry run only reads: against a database that does not exist yet, it previews into an empty one and creates nothing.
    return withRegistry({ create: !options.dryRun, emptyWhenMissing: options.dryRun }, async (registry) => {
      if (options.dryRun) {
        // The same preview as the window's import dialog: every problem of every file at once.
        const { preview } = await runImport(registry, read, { mode: 'dry-run', withFields: options.json });
        return printDryRun(io, preview, options.json, runtimes);
      }
      if (!options.json && runtimes.length > 0) io.stderr(formatPythonRuntimes(runtimes));
      // As the window's import does: the window's report page shows it after the next launch.
      const { preview, report } = await runImport(registry, read, { mode: 'apply', recordLastImport: true });
      for (const warning of preview.warnings) io.stderr(`warning: ${formatIssue(warning)}`);
      io.stdout(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      return 0;
    });
  },
};

/**
 * Naming a `.py` file or a module on the command line is the person's explicit choice to run it
 * (docs/decisions/python-consent.md). The timeout is checked only then: a bad value must not stop
 * a JSON import.
 */
function pythonConsent(args: string[], options: CliOptions, io: CliIo): PythonConsent {
  const runsPython = (options.module ?? []).length > 0 || args.some((path) => path.endsWith('.py'));
  if (!runsPython) return { kind: 'refused' };
  const timeout = parsePythonTimeout(io.env.BLOCK_REGISTRY_PYTHON_TIMEOUT_MS);
  if (!timeout.ok) throw new UsageError(timeout.message);
  return { kind: 'granted', settings: { python: options.python, env: io.env, timeoutMs: timeout.ms, cwd: process.cwd() } };
}
