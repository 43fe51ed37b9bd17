// `documents`: a Prefect server's block documents (--api-url, else PREFECT_API_URL, else the
// active profile, as the server commands), and one of them shown through its schema.
import { parseDocumentAddress, type DocumentAddress } from '../../../shared/documents';
import { DocumentsClient } from '../../servers/documents/client';
import { listDocuments, showDocument } from '../../servers/documents/browse';
import { copyDocuments } from '../../servers/documents/copy';
import { resolveNamedServer } from '../../servers/documents/server-names';
import { registrySchemaSupply } from '../../operations/document-schemas';
import { noArguments, UsageError, type CliCommand } from '../command';
import { formatCopyReport, formatDocumentDetail, formatDocumentListing } from '../format/documents';
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
  usage: 'documents copy TYPE/NAME... --to SERVER [--from SERVER] [--include-secrets] [--dry-run]',
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

/** `TYPE/NAME` as given on the command line, or a usage error saying what is expected. */
export function documentAddress(text: string): DocumentAddress {
  const address = parseDocumentAddress(text);
  if (address === null) throw new UsageError(`'${text}' is not TYPE/NAME (a block type's slug, a slash, a document's name), e.g. s3-bucket/prod-data`);
  return address;
}
