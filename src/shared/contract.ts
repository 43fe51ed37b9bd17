// THE contract between the window and the main process: every call's name, argument and
// result, in one place. Main's handlers, the preload bridge and the renderer all use it; adding a
// call is one entry here, one argument validator (main/ipc/arguments.ts) and one handler.
// No runtime imports: the sandboxed preload bundles this file alone.
import type { BlockSchema, BlockType } from './blocks';
import type { CopyReport, DocumentComparison, DocumentDetail, DocumentForm, DocumentListing, FieldError, SaveDocumentResult, ServerDocumentsComparison, UpgradePreview } from './documents';
import type { RegistryErrorCode, RegistryIssue } from './errors';
import type { ImportPreview } from './import-preview';
import type { PythonConfirmationRequest, PythonPreferences, PythonProbe } from './python';
import type { RegistrationReport } from './report';
import type {
  ConnectionTest,
  SaveConnectionArgs,
  ServerConnectionInfo,
  ServerConnectionList,
  ServerCopyArgs,
  ServerCopyPreview,
  SourceComparison,
  TransferArgs,
  TransferJob,
  TransferPreview,
  TypeSchemasComparison,
} from './servers';

/** A block type as the catalogue shows it. */
export interface CatalogueEntry {
  block_type: BlockType;
  /** Union of the capabilities of all its schemas, sorted. */
  capabilities: string[];
  schema_count: number;
  /** Version of its newest schema, if any. */
  latest_version: string | null;
  /** The collection (e.g. `prefect-aws`) or `prefect` for built-in blocks; `imported` when unknown. */
  collection: string;
  /** The `title` of its newest schema: the class name (`AwsCredentials`) that code examples use; null when it has none. */
  schema_title: string | null;
}

export interface Overview {
  block_type_count: number;
  block_schema_count: number;
  database_path: string;
  /** What the last launch's auto-registration did; null until it has run. */
  last_registration: RegistrationReport | null;
  /** Files placed here are registered at every launch. */
  auto_register_folder: string;
}

/** A file to import, as the window read it (dropped or chosen). */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ExportOutcome {
  /** Where the file was written; null when the person cancelled the save dialog. */
  path: string | null;
  block_types: number;
  block_schemas: number;
  /** Types exported because a chosen one nests them (not chosen themselves), by name: named so that the count adds up. */
  nested_block_types: Array<{ slug: string; name: string }>;
}

/** A schema version of a type, as its page lists them. */
export interface BlockSchemaSummary {
  id: string;
  created: string;
  checksum: string;
  version: string;
  capabilities: string[];
}

export interface BlockTypeDetail {
  entry: CatalogueEntry;
  /** Newest first. */
  schemas: BlockSchemaSummary[];
}

/** A nested block schema reference, resolved to the stored rows it points at. */
export interface ResolvedReference {
  /** The property of the parent under which the child is nested. */
  property: string;
  block_type_slug: string;
  block_schema_checksum: string;
  block_type_name: string | null;
  /** The stored child schema, or null when no schema with that checksum is registered. */
  block_schema_id: string | null;
}

export interface BlockSchemaDetail {
  schema: Omit<BlockSchema, 'fields'>;
  /** The rebuilt fields as JSON text, numbers exactly as registered (`1.0` stays `1.0`). */
  fields_json: string;
  references: ResolvedReference[];
}

/** Browsing what is registered. Every call: argument type and result type. */
export interface BrowseContract {
  getOverview: { args: undefined; result: Overview };
  listBlockTypes: { args: undefined; result: CatalogueEntry[] };
  getBlockType: { args: { slug: string }; result: BlockTypeDetail };
  getBlockSchema: { args: { id: string }; result: BlockSchemaDetail };
  getRegistrationReport: { args: undefined; result: RegistrationReport | null };
}

/** Importing block definition files: preview first, then apply or cancel. */
export interface ImportContract {
  /**
   * What importing these files would do; writes nothing. A `.py` file runs only when named in
   * `run_python` with the interpreter the person was shown (`python_interpreter`); otherwise the
   * answer is the question to ask them (PythonConfirmationRequest) and nothing runs. The files
   * are sent once: the confirming call names them by the question's `files_id`. `request_id`
   * lets cancelPreviewImport stop the run.
   */
  previewImport: {
    args: ({ files: ImportFile[] } | { files_id: string }) & { run_python?: string[]; python_interpreter?: string; request_id?: string };
    result: ImportPreview | PythonConfirmationRequest;
  };
  /** Registers a previewed import in one transaction (all or nothing). */
  applyImport: { args: { preview_id: string }; result: RegistrationReport };
  /** Forgets a previewed import. */
  cancelImport: { args: { preview_id: string }; result: null };
}

/** What the imports did, kept across restarts. */
export interface ImportHistoryContract {
  /** The report of the last import applied from the window or by `block-registry import`; null when there was none. */
  getLastImport: { args: undefined; result: RegistrationReport | null };
}

export interface ExportContract {
  /** Exports these block types (all when empty) in Prefect's catalogue format, through a save dialog. */
  exportBlockTypes: { args: { slugs: string[] }; result: ExportOutcome };
}

/** Running Python for `.py` block files: the settings, a probe, and stopping a running preview. */
export interface PythonContract {
  getPythonSettings: { args: undefined; result: PythonPreferences };
  /** Saves the settings (atomically) and returns them as stored. */
  savePythonSettings: { args: PythonPreferences; result: PythonPreferences };
  /** Which interpreter `interpreter_path` (empty: automatic) finds, with its Python and Prefect versions. */
  probePython: { args: { interpreter_path: string }; result: PythonProbe };
  /** Stops a previewImport still running (its Python processes are killed); null also when it had ended. */
  cancelPreviewImport: { args: { request_id: string }; result: null };
}

/**
 * A block type's logo, fetched by main (https only, size-capped, cached in the user-data folder):
 * the window itself never reaches the network. `data_url` is null when the logo cannot be had
 * (offline, refused), and `reason` says why; the window then shows the initials.
 */
export type LogoImage = { data_url: string } | { data_url: null; reason: string };

/** Logos, as images the window can show without the network. */
export interface LogoContract {
  /** The logo at an https URL (a block type's `logo_url`) as a data: URL. */
  getLogo: { args: { url: string }; result: LogoImage };
}

/** What the window asks of the desktop around it. */
export interface DesktopContract {
  /** Opens an http(s) URL in the system browser; anything else is refused. */
  openExternal: { args: { url: string }; result: null };
  /** Creates the auto-register folder if needed and opens it in the file manager. */
  openAutoRegisterFolder: { args: undefined; result: { path: string } };
}

/** Prefect servers: saved connections, comparison of two sources, push and pull (all network calls in main). */
export interface ServersContract {
  listConnections: { args: undefined; result: ServerConnectionList };
  saveConnection: { args: SaveConnectionArgs; result: ServerConnectionInfo };
  removeConnection: { args: { id: string }; result: null };
  testConnection: { args: { id: string }; result: ConnectionTest };
  /** Sources are `registry` (this database) or a connection id. */
  compareSources: { args: { left: string; right: string }; result: SourceComparison };
  /** Every schema of one block type on both sides, with their fields: a comparison row opened. */
  compareTypeSchemas: { args: { left: string; right: string; slug: string }; result: TypeSchemasComparison };
  previewTransfer: { args: TransferArgs; result: TransferPreview };
  startTransfer: { args: TransferArgs; result: { job_id: string } };
  getTransfer: { args: { job_id: string }; result: TransferJob };
  /** The push, pull or copy running now, if any: one runs at a time, and startTransfer and startServerCopy refuse another. */
  getRunningTransfer: { args: undefined; result: TransferJob | null };
  /** The dry run of a copy of `from`'s block types and schemas onto `to` (`server copy --dry-run`): nothing is written anywhere. */
  previewServerCopy: { args: ServerCopyArgs; result: ServerCopyPreview };
  /** The copy itself, as a job followed with getTransfer and stopped with cancelTransfer; this registry is not touched. */
  startServerCopy: { args: ServerCopyArgs; result: { job_id: string } };
  /** Stops starting new work; what is in flight finishes. */
  cancelTransfer: { args: { job_id: string }; result: TransferJob };
}

/** A copy of block documents from one connection's server to another's. */
export interface CopyDocumentsArgs {
  from: string;
  to: string;
  /** The documents chosen on `from` (those they reference come along). */
  ids: string[];
  /** The person confirmed that secret values are read from `from` and sent to `to`. */
  include_secrets: boolean;
}

/** A document saved from the window's form. */
export interface SaveDocumentArgs {
  connection_id: string;
  /** null: a new document. */
  id: string | null;
  slug: string;
  /** A new document's name (an edit keeps its own). */
  name: string;
  /** The form's values as JSON text (numbers exact): a nested document `{"$ref": {"block_document_id": …}}`, an unchanged secret the mask. */
  values_json: string;
  /** The schema the form was rendered from (DocumentForm.schema). */
  schema_checksum: string;
  schema_version: string;
}

/**
 * Block documents on Prefect servers (connection ids as in ServersContract): every network call
 * runs in main, and no secret value ever crosses to the window: a document's data arrives masked.
 */
export interface DocumentsContract {
  /** A server's documents (of the types given, all when none), anonymous ones only when asked. */
  listDocuments: { args: { connection_id: string; slugs: string[]; anonymous: boolean }; result: DocumentListing };
  getDocument: { args: { connection_id: string; id: string }; result: DocumentDetail };
  /** What copyDocuments would do; writes nothing (a refusal is part of the answer). */
  previewCopy: { args: CopyDocumentsArgs; result: CopyReport };
  copyDocuments: { args: CopyDocumentsArgs; result: CopyReport };
  /** The form for a new document of a type (`slug`), or for editing one (`id`). */
  getDocumentForm: { args: { connection_id: string; slug: string } | { connection_id: string; id: string }; result: DocumentForm };
  /** Prefect's own validation of the form's values and name; nothing written. */
  validateDocument: { args: SaveDocumentArgs; result: FieldError[] };
  /** Validates, pushes the schema when the server lacks it, then creates or updates the document. */
  saveDocument: { args: SaveDocumentArgs; result: SaveDocumentResult };
  /** One document (`id` on `left`) and the one of the same type and name on `right`; secrets compared by hash only with consent. */
  compareDocument: { args: { left: string; right: string; id: string; include_secrets: boolean }; result: DocumentComparison };
  /** Two servers' named documents: on one side only, or on both and whether they are the same. */
  compareServerDocuments: { args: { left: string; right: string }; result: ServerDocumentsComparison };
  previewUpgrade: { args: { connection_id: string; id: string }; result: UpgradePreview };
  upgradeDocument: { args: { connection_id: string; id: string }; result: UpgradePreview };
}

/** Every call of every domain. A new domain is one interface above and one member here. */
export type RegistryContract = BrowseContract & ImportContract & ImportHistoryContract & ExportContract & DesktopContract & LogoContract & PythonContract & ServersContract & DocumentsContract;

/** A handler for each call of a contract (one domain, or the whole). */
export type HandlersOf<Contract extends { [C in keyof Contract]: { args: unknown; result: unknown } }> = {
  [C in keyof Contract]: (args: Contract[C]['args']) => Promise<Contract[C]['result']>;
};

export type Channel = keyof RegistryContract;
export type ChannelArgs<C extends Channel> = RegistryContract[C]['args'];
export type ChannelResult<C extends Channel> = RegistryContract[C]['result'];

/**
 * Every call of the contract, once: a record keyed by Channel, so that a call left out here (or a
 * name that is not a call) does not compile.
 */
const CHANNEL_SET: Record<Channel, true> = {
  getOverview: true,
  listBlockTypes: true,
  getBlockType: true,
  getBlockSchema: true,
  getRegistrationReport: true,
  getLogo: true,
  openExternal: true,
  previewImport: true,
  applyImport: true,
  cancelImport: true,
  getLastImport: true,
  exportBlockTypes: true,
  openAutoRegisterFolder: true,
  getPythonSettings: true,
  savePythonSettings: true,
  probePython: true,
  cancelPreviewImport: true,
  listConnections: true,
  saveConnection: true,
  removeConnection: true,
  testConnection: true,
  compareSources: true,
  compareTypeSchemas: true,
  previewTransfer: true,
  startTransfer: true,
  getTransfer: true,
  cancelTransfer: true,
  getRunningTransfer: true,
  previewServerCopy: true,
  startServerCopy: true,
  listDocuments: true,
  getDocument: true,
  previewCopy: true,
  copyDocuments: true,
  getDocumentForm: true,
  validateDocument: true,
  saveDocument: true,
  compareDocument: true,
  compareServerDocuments: true,
  previewUpgrade: true,
  upgradeDocument: true,
};

export const CHANNELS = Object.keys(CHANNEL_SET) as Channel[];

/** Prefix of the ipcMain channel names. */
export const IPC_PREFIX = 'registry:';

export interface ApiError {
  code: RegistryErrorCode;
  message: string;
  issues: RegistryIssue[];
}

/** Every call resolves (never rejects) with a result or a typed error the window can show. */
export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the preload exposes as `window.api`. */
export type RegistryApi = {
  [C in Channel]: ChannelArgs<C> extends undefined ? () => Promise<ApiResponse<ChannelResult<C>>> : (args: ChannelArgs<C>) => Promise<ApiResponse<ChannelResult<C>>>;
};
