import { runBlockAutoRegistration } from '../../operations/auto-register';
import { launchSources } from '../../operations/launch';
import { parsePythonTimeout } from '../../python/run-extraction';
import type { PythonConsent } from '../../python/consent';
import { AUTO_REGISTER_PYTHON_CLI_REFUSAL } from '../../sources/folder';
import { noArguments, UsageError, type CliCommand } from '../command';
import { formatReport } from '../format/report';

export const autoRegisterCommand: CliCommand = {
  usage: 'auto-register [--force] [--run-python [--python PATH]] [--json]',
  summary: 'launch-time registration, headless: the bundled sources, then the files of the\n' + 'auto-register folder beside the database; its .py files run only with --run-python',
  options: ['db', 'force', 'run-python', 'python', 'json'],
  run: ({ args, options, io, withRegistry }) => {
    noArguments('auto-register', args);
    // Only the command line itself turns running code on: never a settings file beside the database.
    if (options.python === '') throw new UsageError('--python needs the path of a Python interpreter');
    if (options.python !== undefined && !options.runPython) throw new UsageError('--python is used only with --run-python (which runs the .py files of the auto-register folder)');
    let consent: PythonConsent = { kind: 'refused', reason: AUTO_REGISTER_PYTHON_CLI_REFUSAL };
    if (options.runPython) {
      const timeout = parsePythonTimeout(io.env.BLOCK_REGISTRY_PYTHON_TIMEOUT_MS);
      if (!timeout.ok) throw new UsageError(timeout.message);
      consent = { kind: 'granted', settings: { python: options.python, env: io.env, timeoutMs: timeout.ms } };
    }
    return withRegistry({ create: true }, async (registry) => {
      const sources = launchSources(registry.path, undefined, consent);
      const report = await runBlockAutoRegistration(registry, sources, { force: options.force });
      // Which file was written: `npm start` without Electron runs this headless, and the default path is nowhere on the line.
      io.stdout(options.json ? JSON.stringify(report, null, 2) : `${formatReport(report)}\nDatabase: ${registry.path}`);
      return report.sources.some((source) => source.status === 'failed' || source.errors.length > 0) ? 1 : 0;
    });
  },
};
