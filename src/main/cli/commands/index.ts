// Every command of the command line, in the order the usage lists them. A new command is one
// module in this folder and one line here.
import type { CliCommand } from '../command';
import { autoRegisterCommand } from './auto-register';
import { checksumCommand } from './checksum';
import { documentsCommand, documentsCompareCommand, documentsCopyCommand, documentsShowCommand, documentsUpgradeCommand } from './documents';
import { exportCommand } from './export';
import { importCommand } from './import';
import { schemasCommand } from './schemas';
import { searchCommand } from './search';
import { showCommand } from './show';
import { serverCheckCommand } from './server-check';
import { serverCopyCommand } from './server-copy';
import { serverDiffCommand } from './server-diff';
import { serverPullCommand } from './server-pull';
import { serverPushCommand } from './server-push';
import { typesCommand } from './types';

export const COMMANDS: ReadonlyMap<string, CliCommand> = new Map([
  ['auto-register', autoRegisterCommand],
  ['import', importCommand],
  ['export', exportCommand],
  ['types', typesCommand],
  ['search', searchCommand],
  ['show', showCommand],
  ['schemas', schemasCommand],
  ['checksum', checksumCommand],
  ['server check', serverCheckCommand],
  ['server diff', serverDiffCommand],
  ['server push', serverPushCommand],
  ['server pull', serverPullCommand],
  ['server copy', serverCopyCommand],
  ['documents', documentsCommand],
  ['documents show', documentsShowCommand],
  ['documents copy', documentsCopyCommand],
  ['documents compare', documentsCompareCommand],
  ['documents upgrade', documentsUpgradeCommand],
]);
