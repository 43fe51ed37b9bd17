// What an import would do, as its registration reports it before anything is written (a dry
// run): shown by the window's import dialog and by `block-registry import --dry-run`.
import type { RegistryIssue } from './errors';
import type { BlockFileFormat } from './formats';
import type { PythonRuntimeInfo } from './python';
import type { BreakingChange } from './schema-breaking';
import type { SchemaDiffSummary } from './schema-diff';

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface PreviewSchema {
  version: string;
  /** The checksum Prefect's server computes from the fields (what will be stored). */
  checksum: string;
  /** The checksum the file records, if any. */
  recorded_checksum: string | null;
  capabilities: string[];
  /** `registered`: a schema with the same checksum and version is already stored. */
  outcome: 'new' | 'registered';
  /** A new schema's fields as JSON text (numbers exactly as written), for the form preview. */
  fields_json?: string;
  /** A new schema of a type that had one before: what changed since that one. */
  change?: SchemaVersionChange;
}

/** A new schema compared with the version before it (stored, or earlier in the same import). */
export interface SchemaVersionChange {
  previous_version: string;
  previous_checksum: string;
  /** Field by field, as the diff page summarises two versions. */
  summary: SchemaDiffSummary;
  /** What breaks documents saved on the previous version; empty when nothing does. */
  breaking: BreakingChange[];
}

export type ReferenceResolution = 'registered' | 'in-import' | 'from-definitions' | 'unresolved';

export interface PreviewReference {
  property: string;
  block_type_slug: string;
  block_schema_checksum: string;
  resolution: ReferenceResolution;
}

export interface PreviewBlockType {
  slug: string;
  name: string;
  collection: string | null;
  file: string;
  path: string;
  /**
   * `new`: the type is created; `update`: its metadata changes (`changes`); `new-version`: its
   * metadata stays, and a schema of it is new (a new version, `schemas[].change` says what
   * changed); `unchanged`: nothing about it changes.
   */
  outcome: 'new' | 'update' | 'new-version' | 'unchanged';
  /** For an update: the metadata that would change. */
  changes: FieldChange[];
  schemas: PreviewSchema[];
  references: PreviewReference[];
}

export type PreviewWarningKind = 'checksum-mismatch' | 'lossy-read-back' | 'protected-slug' | 'name-differs' | 'duplicate-slug';

export interface PreviewWarning extends RegistryIssue {
  kind: PreviewWarningKind;
}

export interface PreviewFile {
  name: string;
  format: BlockFileFormat | null;
  format_label: string | null;
  block_types: number;
  /** For a `.py` file: the interpreter that read it, with its Python and Prefect versions. */
  python?: PythonRuntimeInfo;
}

export interface ImportPreview {
  /** Hands the previewed batch to `applyImport`; valid until applied or cancelled. */
  id: string;
  files: PreviewFile[];
  block_types: PreviewBlockType[];
  warnings: PreviewWarning[];
  /** Any error means the import cannot be applied: nothing would be written. */
  errors: RegistryIssue[];
  counts: { new: number; update: number; new_version: number; unchanged: number; schemas_new: number; schemas_registered: number };
}
