// What the window's "Prefect servers" page exchanges with main: connections (never their secrets),
// the comparison of two sources, and push/pull transfers run as jobs the window polls.
import type { RegistryIssue } from './errors';
import type { Repair } from './read-back-repairs';

/** How a connection authenticates, as Prefect's own settings do it. */
export type ServerAuthKind = 'none' | 'api-key' | 'auth-string';
export const SERVER_AUTH_KINDS = ['none', 'api-key', 'auth-string'] as const satisfies readonly ServerAuthKind[];

/** The id of the connection read from the user's Prefect settings (environment, then active profile). */
export const PROFILE_CONNECTION_ID = 'prefect-profile';
/** The source that is this app's own database. */
export const REGISTRY_SOURCE = 'registry';

/** A connection as the window sees it: whether it has a secret, never the secret. */
export interface ServerConnectionInfo {
  id: string;
  name: string;
  api_url: string;
  auth: ServerAuthKind;
  has_secret: boolean;
  /** The Prefect profile's connection is read from Prefect's settings: edit them there. */
  read_only: boolean;
  /** Where it comes from, e.g. "saved in this app" or "profile 'local' in ~/.prefect/profiles.toml". */
  origin: string;
}

export interface ServerConnectionList {
  connections: ServerConnectionInfo[];
  /** Whether secrets can be saved (the operating system's encryption is available). */
  encryption_available: boolean;
  /** Why the Prefect profile could not be read, if it could not. */
  profile_problem: string | null;
}

export interface SaveConnectionArgs {
  /** null to add a connection. */
  id: string | null;
  name: string;
  api_url: string;
  auth: ServerAuthKind;
  /** The API key or `user:password`; null keeps the saved one (editing without retyping it). */
  secret: string | null;
}

/** Whether a Prefect server answers, its versions, and whether it accepts the credentials. */
export interface ConnectionTest {
  api_url: string;
  reachable: boolean;
  server_version: string | null;
  api_version: string | null;
  authenticated: boolean | null;
  /** What went wrong, one message per failed step; empty when all is well. */
  problems: string[];
  ok: boolean;
}

export type TypeComparisonStatus = 'only_left' | 'only_right' | 'differing' | 'same';

export interface ComparedField {
  field: string;
  left: string | boolean | null;
  right: string | boolean | null;
}

/** One block type in a side-by-side comparison. */
export interface TypeComparison {
  slug: string;
  left_name: string | null;
  right_name: string | null;
  status: TypeComparisonStatus;
  /** Metadata that differs. */
  fields: ComparedField[];
  /** Schema versions (checksum and version) on one side only. */
  schemas_only_left: Array<{ checksum: string; version: string }>;
  schemas_only_right: Array<{ checksum: string; version: string }>;
}

export interface SourceComparison {
  left: { source: string; label: string };
  right: { source: string; label: string };
  same: boolean;
  /** Every slug of either side, ordered by slug. */
  types: TypeComparison[];
  counts: { only_left: number; only_right: number; differing: number; same: number };
}

/** One schema of a block type on one side of a comparison, for the side-by-side view. */
export interface SideSchema {
  checksum: string;
  version: string;
  capabilities: string[];
  /** The fields as JSON text with keys sorted (a server may store them reordered; the checksum does not depend on the order). */
  fields_json: string;
}

export interface TypeSchemasSide {
  source: string;
  label: string;
  /** The block type's name there; null when this side has no type with the slug. */
  name: string | null;
  /** Newest first. */
  schemas: SideSchema[];
}

/** Every schema of one block type on both sides of a comparison: what a row of the comparison opens. */
export interface TypeSchemasComparison {
  slug: string;
  left: TypeSchemasSide;
  right: TypeSchemasSide;
}

export type TransferDirection = 'push' | 'pull';
/** What a transfer job does: a push or pull between this registry and a server, or a copy from one server to another. */
export type TransferKind = TransferDirection | 'copy';

export interface TransferArgs {
  direction: TransferDirection;
  connection_id: string;
  /** The block types chosen (their nested types come along). */
  slugs: string[];
}

export type TransferChange = 'new' | 'update' | 'unchanged' | 'protected';

export interface TransferPreviewType {
  slug: string;
  change: TransferChange;
  /** The fields an update changes. */
  fields: string[];
  new_schemas: number;
}

export interface TransferPreview {
  direction: TransferDirection;
  api_url: string;
  types: TransferPreviewType[];
  counts: { new: number; update: number; unchanged: number; protected: number; new_schemas: number };
  warnings: RegistryIssue[];
  /** Problems that would stop the transfer (a pull whose entries do not register). */
  errors: RegistryIssue[];
  /** What is worth knowing and needs nothing done (a pull's schemas restored from the server's read-back). */
  notes: string[];
}

export type TransferState = 'running' | 'done' | 'cancelled' | 'failed';
export type TransferOutcome = 'created' | 'updated' | 'unchanged' | 'protected' | 'failed' | 'not-started';

export interface TransferTypeResult {
  slug: string;
  outcome: TransferOutcome;
  schemas_created: number;
  /** The server's own message (or ours) when it failed. */
  message: string | null;
}

export interface TransferJob {
  id: string;
  direction: TransferKind;
  api_url: string;
  state: TransferState;
  done: number;
  total: number;
  results: TransferTypeResult[];
  /** What stopped the transfer as a whole, if anything did. */
  message: string | null;
}

/** A copy of block types and schemas from one connection's server to another's, this registry untouched. */
export interface ServerCopyArgs {
  from: string;
  to: string;
  /** The block types chosen on `from` (their nested types come along); empty: all of them. */
  slugs: string[];
}

/** A schema as the copy would put it on the target. */
export interface CopyPreviewSchema {
  block_type_slug: string;
  version: string;
  checksum: string;
  /** `present`: the target has it already (same checksum and version). */
  outcome: 'created' | 'present' | 'protected';
  /** Sent as the source read it back (what its client sent is not known): its checksum may differ on the target. */
  read_back_sent: boolean;
}

/** A schema the source read back otherwise than its client sent it, copied as its client sent it. */
export interface RestoredReadBack {
  block_type_slug: string;
  version: string;
  checksum: string;
  /** What was put back (REPAIR_DESCRIPTIONS says each in words). */
  repairs: Repair[];
}

/**
 * The dry run of a server copy (`server copy --dry-run`'s report), in a transfer preview's shape:
 * each type new, updated, unchanged or protected on the target, and each schema created or present.
 */
export interface ServerCopyPreview extends Omit<TransferPreview, 'direction'> {
  direction: 'copy';
  /** The source's API URL (`api_url` is the target's). */
  from_url: string;
  schemas: CopyPreviewSchema[];
  restored: RestoredReadBack[];
}
