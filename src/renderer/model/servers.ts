// The servers page's rules as pure functions: which sources can be compared and what they are
// called, which server a push or pull goes to, which rows of a comparison are shown, and how a
// schema is named where its version label alone would not tell it apart.
import { plural, shortChecksum } from './format';
import {
  REGISTRY_SOURCE,
  type ServerConnectionInfo,
  type ServerCopyArgs,
  type SourceComparison,
  type TransferArgs,
  type TransferJob,
  type TransferPreview,
  type TransferPreviewType,
  type TypeComparison,
  type TypeComparisonStatus,
} from '../../shared/servers';

export interface ServerSource {
  id: string;
  label: string;
}

/** What a comparison table shows: every row, or only those of one status but "same". */
export type ComparisonFilter = 'all' | Exclude<TypeComparisonStatus, 'same'>;

/** This registry first, then each connection as "Name (API URL)". */
export function serverSources(connections: readonly ServerConnectionInfo[]): ServerSource[] {
  return [{ id: REGISTRY_SOURCE, label: 'This registry' }, ...connections.map((connection) => ({ id: connection.id, label: `${connection.name} (${connection.api_url})` }))];
}

/** A source's label; its id when it is no longer one of them. */
export function sourceLabel(sources: readonly ServerSource[], id: string): string {
  return sources.find((source) => source.id === id)?.label ?? id;
}

/** Push and pull go between this registry and one server: which server, and which way is which. */
export function transferTarget(left: string, right: string): string | null {
  if (left === REGISTRY_SOURCE && right !== REGISTRY_SOURCE) return right;
  if (right === REGISTRY_SOURCE && left !== REGISTRY_SOURCE) return left;
  return null;
}

/** A copy goes from one server to another, left to right: the two connections, or null when either side is this registry (or both are one). */
export function copyPair(left: string, right: string): { from: string; to: string } | null {
  return left === REGISTRY_SOURCE || right === REGISTRY_SOURCE || left === right ? null : { from: left, to: right };
}

/**
 * The types a copy takes from the left server: the chosen ones it has (one only on the right
 * cannot be copied from the left); none chosen, all of them (an empty list).
 */
export function copySlugs(comparison: SourceComparison, selected: ReadonlySet<string>): string[] {
  return comparison.types.filter((type) => selected.has(type.slug) && type.status !== 'only_right').map((type) => type.slug);
}

/** What the page asks main for: a push or pull of this registry, or a copy between two servers. */
export type TransferRequest = TransferArgs | (ServerCopyArgs & { direction: 'copy' });

/**
 * Where a push or pull goes, in words: "this registry" for a pull, else the connection's label (a
 * job resumed from an earlier visit names its server by URL: the connection with that URL, or the URL).
 */
export function transferTargetLabel(request: TransferRequest, resumed: TransferJob | null, connections: readonly ServerConnectionInfo[]): string {
  if (request.direction === 'pull') return 'this registry';
  const sources = serverSources(connections);
  if (resumed === null) return sourceLabel(sources, request.direction === 'copy' ? request.to : request.connection_id);
  const connection = connections.find((candidate) => candidate.api_url === resumed.api_url);
  return connection === undefined ? resumed.api_url : sourceLabel(sources, connection.id);
}

/** The rows of the comparison with this status (all: every row) whose slug or either name holds the search text. */
export function comparisonRows(comparison: SourceComparison, filter: ComparisonFilter, search: string): TypeComparison[] {
  const needle = search.trim().toLowerCase();
  return comparison.types.filter(
    (type) => (filter === 'all' || type.status === filter) && (needle === '' || [type.slug, type.left_name ?? '', type.right_name ?? ''].some((text) => text.toLowerCase().includes(needle))),
  );
}

/** A schema as a comparison names it: its version and checksum. */
interface SchemaIdentity {
  checksum: string;
  version: string;
}

/** "0.7.12"; "non-versioned (sha256:1a2b3c4d…)" when another schema among `among` carries the same version label. */
export function schemaLabel(schema: SchemaIdentity, among: readonly SchemaIdentity[]): string {
  const repeated = among.some((other) => other.version === schema.version && other.checksum !== schema.checksum);
  return repeated ? `${schema.version} (${shortChecksum(schema.checksum, 8)})` : schema.version;
}

/** Whether `side` holds a schema with the same checksum and version. */
export function holdsSchema(side: readonly SchemaIdentity[], schema: SchemaIdentity): boolean {
  return side.some((other) => other.checksum === schema.checksum && other.version === schema.version);
}

/** A transfer preview's change in words: a type whose metadata stays and that gets a new schema is a new version, not unchanged. */
export function transferChangeLabel(type: TransferPreviewType): string {
  return type.change === 'unchanged' && type.new_schemas > 0 ? 'new version' : type.change;
}

/** "2 new, 0 updated, 1 new version, 3 unchanged, 1 protected (left alone); 4 new schemas". */
export function transferSummary(preview: Pick<TransferPreview, 'counts' | 'types'>): string {
  const { counts } = preview;
  const newVersions = preview.types.filter((type) => transferChangeLabel(type) === 'new version').length;
  const versions = newVersions > 0 ? `${newVersions} new ${newVersions === 1 ? 'version' : 'versions'}, ` : '';
  const protectedTypes = counts.protected > 0 ? `, ${counts.protected} protected (left alone)` : '';
  return `${counts.new} new, ${counts.update} updated, ${versions}${counts.unchanged - newVersions} unchanged${protectedTypes}; ${plural(counts.new_schemas, 'new schema', 'new schemas')}`;
}
