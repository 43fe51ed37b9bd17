import { runBlockAutoRegistration } from '../../operations/auto-register';
import { launchSources } from '../../operations/launch';
import { noArguments, type CliCommand } from '../command';
import { formatReport } from '../format/report';

export const autoRegisterCommand: CliCommand = {
  usage: 'auto-register [--force] [--json]',
  summary: 'launch-time registration, headless',
  options: ['db', 'force', 'json'],
  run: ({ args, options, io, withRegistry }) => {
    noArguments('auto-register', args);
    return withRegistry({ create: true }, async (registry) => {
      const report = await runBlockAutoRegistration(registry, launchSources(registry.path), { force: options.force });
      io.stdout(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      return report.sources.some((source) => source.status === 'failed' || source.errors.length > 0) ? 1 : 0;
    });
  },
};
