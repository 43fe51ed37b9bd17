// `server pull`: a Prefect server's block types and schemas (all pages) as registration entries,
// which then take the same path as a file import: the preview (what would change, warnings such
// as a schema kept under the server's checksum), then one all-or-nothing registration. Each
// schema keeps the server's checksum, its identity there; its fields are what its client sent,
// restored from Prefect's read-back where that differs (registry/read-back). Protected types
// are left out: this app installs its own, as every Prefect server does.
import { RegistryError, type IssueEntry, type RegistryIssue } from '../../shared/errors';
import { FORMAT_LABELS, type RegistrationEntry } from '../../shared/formats';
import { isJsonObject, type JsonValue } from '../../shared/json';
import { NON_VERSIONED } from '../../shared/blocks';
import { restoreEntries, type Repair } from '../registry/read-back';
import { validateBlockSchemaInput, validateBlockTypeInput } from '../../shared/validate';
import type { BlockFilesResult } from '../block-files/read-block-files';
import type { PrefectClient, ServerBlockSchema, ServerBlockType } from './client/client';
import { unescapeHtml } from './client/html-text';
import { referenceEntries } from '../registry/nested-blocks';

export interface ServerEntries {
  /** As the import path reads files: one "file", the server. */
  read: BlockFilesResult;
  /** Protected types on the server, not pulled. */
  protectedSlugs: string[];
  /** Schemas whose read-back was not what their client sent, restored exactly (their fields give the server's checksum). */
  restored: RestoredSchema[];
}

export interface RestoredSchema {
  block_type_slug: string;
  version: string;
  checksum: string;
  repairs: Repair[];
}

export async function readServerEntries(client: PrefectClient, slugs: readonly string[] = []): Promise<ServerEntries> {
  const source = client.connection.apiUrl;
  const issues: RegistryIssue[] = [];
  const { types, located, schemas } = await readServerBlocks(client, slugs, issues);
  // The filter route lists schemas newest first. In the order the server created them, they are
  // created here in that order too: the server's newest stays the newest, and a push to another
  // server creates them in the same order, which a union's read-back follows.
  const read: RegistrationEntry[] = [];
  for (const schema of schemas.reverse()) {
    issues.push(...schema.issues);
    if (schema.entry !== null) read.push(schema.entry);
  }
  // A type without any schema is one entry without a schema.
  const withSchemas = new Set(schemas.map((schema) => schema.block_type_id));
  for (const [id, { issueEntry: _, ...location }] of located) if (!withSchemas.has(id)) read.push({ ...location, blockSchema: null, schemaPath: null });
  let restoration = restoreEntries(read, { keepChecksums: true });
  // A pull of some types only: a lost definition may be among the server's other schemas.
  if (slugs.length > 0 && restoration.unrestored.length > 0) {
    const pulledIds = new Set(schemas.map((schema) => schema.id));
    const others = (await client.readBlockSchemasAs((schema) => ({ id: schema.id, fields: schema.fields }))).filter((schema) => !pulledIds.has(schema.id));
    restoration = restoreEntries(read, { keepChecksums: true, extra: others.map((schema) => schema.fields) });
  }
  const { entries } = restoration;
  return {
    read: { files: [{ name: source, format: 'rest-schema-list', format_label: FORMAT_LABELS['rest-schema-list'], entries, issues }], entries, issues },
    protectedSlugs: types.filter((type) => type.is_protected === true).map((type) => type.slug),
    restored: restoration.restored.map(({ entry, repairs }) => ({
      block_type_slug: entry.blockType.slug,
      version: entry.blockSchema?.version ?? NON_VERSIONED,
      checksum: entry.blockSchema?.checksum ?? '',
      repairs,
    })),
  };
}

/** A schema of the server as a pull keeps it from its page on: its entry (or its problems), not the row read. */
interface PulledSchema {
  id: string;
  block_type_id: string | null | undefined;
  entry: RegistrationEntry | null;
  issues: RegistryIssue[];
  /** The slugs of the types it nests, as the server links them (a pull of some types takes those too). */
  nests: string[];
}

/** What a pull reads: the types, where each pulled one goes (their problems in `issues`), and the schemas of those, newest first. */
interface ServerBlocks {
  types: ServerBlockType[];
  located: Map<string, TypeLocation>;
  schemas: PulledSchema[];
}

/**
 * The requested types (all when none) with, transitively, the types their schemas nest, and all
 * their schemas. Each schema is made into its entry as its page arrives (its type is read
 * before it): a pull holds the entries and one page of rows, not the whole listing as read.
 */
async function readServerBlocks(client: PrefectClient, slugs: readonly string[], issues: RegistryIssue[]): Promise<ServerBlocks> {
  const source = client.connection.apiUrl;
  const located = new Map<string, TypeLocation>();
  const locate = (found: readonly ServerBlockType[]): void => {
    // Protected types are not pulled: this app installs its own.
    for (const type of found) {
      if (type.is_protected === true) continue;
      const location = typeLocation(type, source, issues);
      if (location !== null) located.set(type.id, location);
    }
  };
  const keep = (schema: ServerBlockSchema): PulledSchema => {
    const location = located.get(schema.block_type_id ?? '');
    const schemaIssues: RegistryIssue[] = [];
    const entry = location === undefined ? null : schemaEntry(location, schema, schemaIssues);
    const nests = referenceEntries(schema.fields.block_schema_references ?? {}).map(([, reference]) => reference.block_type_slug);
    return { id: schema.id, block_type_id: schema.block_type_id, entry, issues: schemaIssues, nests };
  };
  if (slugs.length === 0) {
    const types = await client.readBlockTypes();
    locate(types);
    return { types, located, schemas: await client.readBlockSchemasAs(keep) };
  }
  const types = new Map<string, ServerBlockType>();
  const schemas: PulledSchema[] = [];
  let wanted = [...new Set(slugs)];
  while (wanted.length > 0) {
    const found = await client.readBlockTypes(wanted);
    const missing = wanted.filter((slug) => !found.some((type) => type.slug === slug));
    if (missing.length > 0) throw new RegistryError('not_found', `${client.connection.apiUrl} has no block type with slug ${missing.map((slug) => `'${slug}'`).join(', ')}.`);
    found.forEach((type) => types.set(type.slug, type));
    locate(found);
    const added =
      found.length === 0
        ? []
        : await client.readBlockSchemasAs(
            keep,
            found.map((type) => type.id),
          );
    schemas.push(...added);
    const nested = added.flatMap((schema) => schema.nests);
    wanted = [...new Set(nested)].filter((slug) => !types.has(slug));
  }
  return { types: [...types.values()], located, schemas };
}

/** Which schemas the server read back otherwise than their client sent them, and that they were restored (one sentence). */
export function describeRestored(restored: readonly RestoredSchema[]): string {
  const listed = restored.map((schema) => `${schema.block_type_slug} ${schema.version} (${schema.repairs.join(', ')})`).join(', ');
  return `${restored.length} ${restored.length === 1 ? 'schema' : 'schemas'} read back by the server with other fields than its client sent, restored to fields that give the server's checksum: ${listed}`;
}

type TypeLocation = Omit<RegistrationEntry, 'blockSchema' | 'schemaPath'> & { issueEntry: IssueEntry };

/** A server's block type as a registration entry's type, or null (its problems in `issues`). */
function typeLocation(type: ServerBlockType, file: string, issues: RegistryIssue[]): TypeLocation | null {
  const metadata: JsonValue = {
    name: type.name,
    slug: type.slug,
    logo_url: type.logo_url ?? null,
    documentation_url: type.documentation_url ?? null,
    // Prefect HTML-escapes these on create: stored here as the author wrote them.
    description: type.description == null ? null : unescapeHtml(type.description),
    code_example: type.code_example == null ? null : unescapeHtml(type.code_example),
  };
  // Which type, by its slug and name on the server: the server's list has no positions to name.
  const issueEntry: IssueEntry = { index: null, slug: type.slug, name: type.name };
  const blockType = validateBlockTypeInput(metadata, file, ['block_types', type.slug]);
  if (!blockType.ok) {
    issues.push(...blockType.issues.map((issue) => ({ ...issue, entry: issueEntry })));
    return null;
  }
  return { blockType: blockType.value, collection: null, file, path: `block_types.${type.slug}`, issueEntry };
}

/** One schema version of a type, as read back, or null (its problems in `issues`). */
function schemaEntry(location: TypeLocation, schema: ServerBlockSchema, issues: RegistryIssue[]): RegistrationEntry | null {
  const { issueEntry, ...entry } = location;
  const fields = isJsonObject(schema.fields) ? schema.fields : {};
  const validated = validateBlockSchemaInput({ checksum: schema.checksum, fields, capabilities: schema.capabilities ?? [], version: schema.version ?? NON_VERSIONED }, location.file, [
    'block_schemas',
    schema.id,
  ]);
  if (!validated.ok) {
    issues.push(...validated.issues.map((issue) => ({ ...issue, entry: issueEntry })));
    return null;
  }
  return { ...entry, blockSchema: validated.value, schemaPath: `block_schemas.${schema.id}` };
}
