import { formatIssue, nothingRegistered } from '../../../shared/errors';
import { readBlockFilesFromDisk } from '../../files/disk';
import { importEntries, importSourceName } from '../../operations/import';
import { previewFiles } from '../../operations/preview';
import { UsageError, type CliCommand } from '../command';
import { formatPreview } from '../format/preview';
import { formatReport } from '../format/report';

export const importCommand: CliCommand = {
  usage: 'import FILE... [--dry-run] [--json]',
  summary: 'register the block types and schemas in FILEs (all or nothing);\n--dry-run prints what would change and writes nothing',
  run: ({ args, options, io, withRegistry }) => {
    if (args.length === 0) throw new UsageError('import needs at least one FILE');
    // A dry run only reads: it reports a missing database instead of creating one.
    return withRegistry({ create: !options.dryRun }, async (registry) => {
      // The same preview as the window's import dialog: every problem of every file at once.
      // Registering meets the same errors as the dry run: only --dry-run needs to simulate.
      const { preview, entries } = await previewFiles(registry, await readBlockFilesFromDisk(args), { simulate: options.dryRun });
      if (preview.errors.length > 0) throw nothingRegistered(preview.errors);
      if (options.dryRun) {
        io.stdout(options.json ? JSON.stringify(preview, null, 2) : formatPreview(preview));
        return 0;
      }
      for (const warning of preview.warnings) io.stderr(`warning: ${formatIssue(warning)}`);
      const report = await importEntries(registry, entries, importSourceName(entries));
      io.stdout(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
      return 0;
    });
  },
};
