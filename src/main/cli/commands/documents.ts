// `documents`: a Prefect server's block documents (--api-url, else PREFECT_API_URL, else the
// active profile, as the server commands), and one of them shown through its schema.
import { parseDocumentAddress, type DocumentAddress } from '../../../shared/documents';
import { DocumentsClient } from '../../servers/documents/client';
import { listDocuments, showDocument } from '../../servers/documents/browse';
import { compareDocument, compareServerDocuments } from '../../servers/documents/compare';
import { copyDocuments } from '../../servers/documents/copy';
import { previewUpgrade, upgradeDocument } from '../../servers/documents/upgrade';
import { resolveNamedServer } from '../../servers/documents/server-names';
import { registrySchemaSupply } from '../../operations/document-schemas';
import { noArguments, UsageError, type CliCommand } from '../command';
import { RegistryError } from '../../../shared/errors';
import { formatCopyReport, formatDocumentComparison, formatDocumentDetail, formatDocumentListing, formatServerDocumentsComparison, formatUpgrade } from '../format/documents';
import { prefectClient, prefectClientFor, serverLine } from '../prefect';

export const documentsCommand: CliCommand = {
  usage: 'documents [--type SLUG]... [--anonymous]',
  summary: "the server's block documents: schema, whether it is its type's newest\n(outdated ones with the change), references; secret values masked",
  options: ['type', 'anonymous', 'api-url', 'json'],
  run: async ({ args, options, io }) => {
    noArguments('documents', args);
    const documents = new DocumentsClient(prefectClient(options, io));
    const listing = await listDocuments(documents, { slugs: options.type ?? [], anonymous: options.anonymous });
    io.stdout(options.json ? JSON.stringify(listing, null, 2) : `${serverLine(documents.client)}\n${formatDocumentListing(listing)}`);
    return 0;
  },
};

export const documentsShowCommand: CliCommand = {
  usage: 'documents show TYPE/NAME',
  summary: 'one block document: its fields through its schema (secret values masked),\nits schema and the newest, references both ways',
  options: ['api-url', 'json'],
  run: async ({ args, options, io }) => {
    const [first, ...rest] = args;
    if (first === undefined || rest.length > 0) throw new UsageError('documents show needs one TYPE/NAME, e.g. s3-bucket/prod-data');
    const detail = await showDocument(new DocumentsClient(prefectClient(options, io)), documentAddress(first));
    io.stdout(options.json ? JSON.stringify(detail, null, 2) : formatDocumentDetail(detail));
    return 0;
  },
};

export const documentsCopyCommand: CliCommand = {
  usage: 'documents copy TYPE/NAME... --to SERVER [--include-secrets] [--dry-run]',
  summary:
    'copy block documents (and those they reference, first) to another server,\nnames kept; their types and schemas pushed first from this registry (pulled from\nthe source when it lacks them); secret values only with --include-secrets',
  options: ['db', 'from', 'to', 'include-secrets', 'dry-run', 'api-url', 'json'],
  run: async ({ args, options, io, withRegistry }) => {
    if (args.length === 0) throw new UsageError('documents copy needs at least one TYPE/NAME, e.g. s3-bucket/prod-data');
    if (options.to === undefined) throw new UsageError('documents copy needs --to SERVER (a URL, or the name of a Prefect profile)');
    const addresses = args.map(documentAddress);
    const source = prefectClientFor(resolveNamedServer(options.from, options.apiUrl, io.env), io);
    const target = prefectClientFor(resolveNamedServer(options.to, options.apiUrl, io.env), io);
    // A dry run only reads the database (a missing one is said); a copy may pull a type into it.
    const report = await withRegistry({ create: !options.dryRun }, (registry) =>
      copyDocuments(new DocumentsClient(source), new DocumentsClient(target), addresses, registrySchemaSupply(registry, source, target), {
        includeSecrets: options.includeSecrets,
        dryRun: options.dryRun,
      }),
    );
    io.stdout(options.json ? JSON.stringify(report, null, 2) : formatCopyReport(report));
    return report.refusal === null ? 0 : 1;
  },
};

/** As diff(1) and `server diff`: 0 the same, 1 different, 2 trouble. */
const TROUBLE = 2;

export const documentsCompareCommand: CliCommand = {
  usage: 'documents compare [TYPE/NAME] --to SERVER [--include-secrets]',
  summary:
    "one document's values on two servers (secret values compared by hash, only with\n--include-secrets); without TYPE/NAME, the documents on one server only\n(exit 0 the same, 1 different, 2 trouble)",
  options: ['from', 'to', 'include-secrets', 'api-url', 'json'],
  run: async ({ args, options, io }) => {
    if (args.length > 1) throw new UsageError('documents compare takes at most one TYPE/NAME');
    if (options.to === undefined) throw new UsageError('documents compare needs --to SERVER (a URL, or the name of a Prefect profile)');
    const address = args[0] === undefined ? null : documentAddress(args[0]);
    try {
      const left = new DocumentsClient(prefectClientFor(resolveNamedServer(options.from, options.apiUrl, io.env), io));
      const right = new DocumentsClient(prefectClientFor(resolveNamedServer(options.to, options.apiUrl, io.env), io));
      if (address === null) {
        const comparison = await compareServerDocuments(left, right);
        io.stdout(options.json ? JSON.stringify(comparison, null, 2) : formatServerDocumentsComparison(comparison));
        const same = comparison.only_left.length + comparison.only_right.length === 0 && comparison.both.every((both) => both.same_schema && both.same_values);
        return same ? 0 : 1;
      }
      const comparison = await compareDocument(left, right, address, options.includeSecrets);
      io.stdout(options.json ? JSON.stringify(comparison, null, 2) : formatDocumentComparison(comparison));
      return comparison.same ? 0 : 1;
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      io.stderr(`block-registry: ${error.message}`);
      return TROUBLE;
    }
  },
};

export const documentsUpgradeCommand: CliCommand = {
  usage: 'documents upgrade TYPE/NAME... [--dry-run]',
  summary: "move documents to their type's newest schema on the server where the change\nallows it (new fields get their defaults); refused, saying why, where a new\nrequired field has no default",
  options: ['dry-run', 'api-url', 'json'],
  run: async ({ args, options, io }) => {
    if (args.length === 0) throw new UsageError('documents upgrade needs at least one TYPE/NAME, e.g. s3-bucket/prod-data');
    const addresses = args.map(documentAddress);
    const documents = new DocumentsClient(prefectClient(options, io));
    const previews = [];
    // Every document is checked before any is changed: all or nothing, as far as the server allows.
    for (const address of addresses) previews.push(await previewUpgrade(documents, address));
    const blocked = previews.filter((preview) => preview.blockers.length > 0);
    if (!options.dryRun && blocked.length === 0) for (const address of addresses) await upgradeDocument(documents, address);
    io.stdout(options.json ? JSON.stringify(previews, null, 2) : previews.map((preview) => formatUpgrade(preview, options.dryRun || blocked.length > 0)).join('\n'));
    if (blocked.length > 0 && !options.dryRun) io.stderr(`block-registry: nothing upgraded: ${blocked.map((preview) => preview.address).join(', ')} cannot move to the newest schema.`);
    return blocked.length > 0 ? 1 : 0;
  },
};

/** `TYPE/NAME` as given on the command line, or a usage error saying what is expected. */
export function documentAddress(text: string): DocumentAddress {
  const address = parseDocumentAddress(text);
  if (address === null) throw new UsageError(`'${text}' is not TYPE/NAME (a block type's slug, a slash, a document's name), e.g. s3-bucket/prod-data`);
  return address;
}
