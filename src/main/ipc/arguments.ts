// Validation of every argument that crosses the IPC boundary, per channel of the contract.
// The mapped type makes the compiler insist on one validator per call, of the right type.
import { z } from 'zod';
import type { Channel, ChannelArgs } from '../../shared/contract';
import { MAX_IMPORT_FILES } from '../../shared/limits';
import { oversizeProblem } from '../block-files/limits';
import { interpreterPathSchema, pythonPreferencesSchema } from '../python/preferences';
import { REGISTRY_SOURCE, SERVER_AUTH_KINDS } from '../../shared/servers';

const MAX_EXPORT_SLUGS = 100_000;

const importFile = z.strictObject({
  name: z.string().min(1).max(1024),
  bytes: z.instanceof(Uint8Array, { error: 'must be the file bytes (a Uint8Array)' }).refine((bytes) => oversizeProblem(bytes.length) === null, {
    error: (issue) => (issue.input instanceof Uint8Array ? (oversizeProblem(issue.input.length) ?? '') : 'file over the size limit'),
  }),
});
const previewId = z.strictObject({ preview_id: z.uuid({ error: 'must be an import preview id' }) });

const noArguments = z.undefined({ error: 'takes no arguments' });

const connectionId = z.string().min(1).max(256);
const transfer = z.strictObject({
  direction: z.enum(['push', 'pull']),
  connection_id: connectionId,
  slugs: z.array(z.string().min(1).max(256)).min(1, { error: 'choose at least one block type' }).max(MAX_EXPORT_SLUGS),
});
const serverCopy = z
  .strictObject({
    from: connectionId,
    to: connectionId,
    // Empty: every block type of the source.
    slugs: z.array(z.string().min(1).max(256)).max(MAX_EXPORT_SLUGS),
  })
  .refine((args) => args.from !== args.to, { error: 'copy between two different servers', path: ['to'] })
  .refine((args) => args.from !== REGISTRY_SOURCE && args.to !== REGISTRY_SOURCE, { error: 'a copy goes from one server to another: this registry is pushed or pulled instead', path: ['from'] });
const jobId = z.strictObject({ job_id: z.uuid({ error: 'must be a transfer id' }) });
/** A block document's id on a Prefect server (a UUID there; kept loose: it goes into a URL path, encoded). */
const documentId = z.string().min(1).max(256);
/** A form's values: the largest a block document could need, far below what the IPC carries. */
const MAX_VALUES_JSON = 16 * 1024 * 1024;
const saveDocument = z.strictObject({
  connection_id: connectionId,
  id: documentId.nullable(),
  slug: z.string().min(1).max(256),
  name: z.string().max(1024),
  values_json: z.string().max(MAX_VALUES_JSON, { error: 'the values are over 16 MB' }),
  schema_checksum: z.string().max(256),
  schema_version: z.string().max(256),
});
const onDocument = z.strictObject({ connection_id: connectionId, id: documentId });
const copyDocuments = z.strictObject({
  from: connectionId,
  to: connectionId,
  ids: z.array(documentId).min(1, { error: 'choose at least one block document' }).max(10_000),
  include_secrets: z.boolean(),
});

export const argumentValidators: { [C in Channel]: z.ZodType<ChannelArgs<C>> } = {
  getOverview: noArguments,
  listBlockTypes: noArguments,
  getBlockType: z.strictObject({ slug: z.string().min(1).max(256) }),
  getBlockSchema: z.strictObject({ id: z.uuid({ error: 'must be a block schema id (a UUID)' }) }),
  getRegistrationReport: noArguments,
  getLogo: z.strictObject({
    url: z
      .string()
      .max(4096)
      .refine((url) => URL.canParse(url) && new URL(url).protocol === 'https:', { error: 'must be an https URL (logos are fetched over https only)' }),
  }),
  openExternal: z.strictObject({ url: z.string().max(4096) }),
  previewImport: z
    .strictObject({
      files: z
        .array(importFile)
        .min(1, { error: 'no files given' })
        .max(MAX_IMPORT_FILES, { error: `at most ${MAX_IMPORT_FILES} files at once` })
        .optional(),
      // The files of an earlier call that asked for confirmation, kept in main: sent once.
      files_id: z.uuid({ error: 'must be the files_id of a confirmation request' }).optional(),
      run_python: z.array(z.string().min(1).max(1024)).max(MAX_IMPORT_FILES).optional(),
      python_interpreter: z.string().min(1).max(4096).optional(),
      request_id: z.uuid({ error: 'must be a request id (a UUID)' }).optional(),
    })
    .refine((args) => (args.files === undefined) !== (args.files_id === undefined), { error: 'give the files, or the files_id of a confirmation request (one of them)', path: ['files'] })
    .transform(({ files, files_id, ...rest }) => (files === undefined ? { ...rest, files_id: files_id as string } : { ...rest, files })),
  applyImport: previewId,
  cancelImport: previewId,
  getLastImport: noArguments,
  exportBlockTypes: z.strictObject({ slugs: z.array(z.string().min(1).max(256)).max(MAX_EXPORT_SLUGS) }),
  openAutoRegisterFolder: noArguments,
  getPythonSettings: noArguments,
  savePythonSettings: pythonPreferencesSchema,
  probePython: z.strictObject({ interpreter_path: interpreterPathSchema }),
  cancelPreviewImport: z.strictObject({ request_id: z.uuid({ error: 'must be a request id (a UUID)' }) }),
  listConnections: noArguments,
  saveConnection: z.strictObject({
    id: connectionId.nullable(),
    name: z.string().max(200),
    api_url: z.string().max(4096),
    auth: z.enum(SERVER_AUTH_KINDS),
    secret: z.string().max(16_384).nullable(),
  }),
  removeConnection: z.strictObject({ id: connectionId }),
  testConnection: z.strictObject({ id: connectionId }),
  compareSources: z.strictObject({ left: connectionId, right: connectionId }),
  compareTypeSchemas: z.strictObject({ left: connectionId, right: connectionId, slug: z.string().min(1).max(256) }),
  previewTransfer: transfer,
  startTransfer: transfer,
  getTransfer: jobId,
  cancelTransfer: jobId,
  getRunningTransfer: noArguments,
  previewServerCopy: serverCopy,
  startServerCopy: serverCopy,
  listDocuments: z.strictObject({ connection_id: connectionId, slugs: z.array(z.string().min(1).max(256)).max(MAX_EXPORT_SLUGS), anonymous: z.boolean() }),
  getDocument: z.strictObject({ connection_id: connectionId, id: documentId }),
  previewCopy: copyDocuments,
  copyDocuments,
  getDocumentForm: z.union([z.strictObject({ connection_id: connectionId, slug: z.string().min(1).max(256) }), onDocument]),
  validateDocument: saveDocument,
  saveDocument,
  compareDocument: z.strictObject({ left: connectionId, right: connectionId, id: documentId, include_secrets: z.boolean() }),
  compareServerDocuments: z.strictObject({ left: connectionId, right: connectionId }),
  previewUpgrade: onDocument,
  upgradeDocument: onDocument,
};
