// Copies block documents from one Prefect server to another, with the documents they reference,
// names kept. Before any document: every schema they use is made present on the target, pushed
// from this registry as `server push` does (so the target stores the same checksum), or first
// pulled from the source into this registry when it lacks it. Then each document, nested ones
// first: created, updated (its data and schema replaced) or left as it is when the target already
// holds the same. A second copy changes nothing.
//
// A distant server's round trip is paid per wave, not per document: the documents are read a
// wave at a time (those named, then those they reference), the target's schemas in one listing,
// the missing types pulled in one import and pushed in one push, and the documents written
// several at a time wherever no reference orders them (each still after those it references).
//
// Secret values are read from the source only with the person's consent; without it, a document
// with any secret value is refused, naming its secret fields, and nothing is written. With it, the
// values live in this operation's memory, are sent to the target only, and are redacted from any
// message a server answers with (secret-redactor.ts). Prefect's own `prefect transfer` copies
// every document with its secrets without asking, and sends schemas as the server read them back
// (another checksum for prefect-aws's s3-bucket and prefect-dbt's dbt-cli-profile on the target).
import { formatDocumentAddress, secretFieldsOf, secretValues, type CopiedDocument, type CopiedSchema, type CopyReport, type DocumentAddress, type SchemaSupplyAction } from '../../../shared/documents';
import { RegistryError } from '../../../shared/errors';
import { jsonEqual, type JsonObject, type JsonValue } from '../../../shared/json';
import type { ServerBlockSchema, ServerBlockType } from '../client/client';
import type { DocumentsClient, ServerBlockDocument } from './client';
import { mapConcurrently, mapInDependencyOrder } from '../client/concurrency';
import { SecretRedactor } from './secret-redactor';

/** How schemas reach the target: this registry's (operations/document-schemas.ts), injected so that this room stays below the operations. */
export interface SchemaSupply {
  /** Whether this registry holds the type's schema with this checksum and version. */
  holds: (slug: string, checksum: string, version: string) => Promise<boolean>;
  /** Registers the source server's types (and what they nest) in this registry, as `server pull --type` does: one import. */
  pull: (slugs: readonly string[]) => Promise<void>;
  /** Pushes the types (and what they nest) from this registry to the target, as `server push --type` does: one push. */
  push: (slugs: readonly string[]) => Promise<void>;
  /** This registry's newest schema of the type (what a new document is made with when the target lacks the type); null when it has none. */
  newest: (slug: string) => Promise<{ name: string; checksum: string; version: string; fields: JsonObject } | null>;
}

export interface CopyOptions {
  /** The person's consent to read secret values from the source and send them to the target. */
  includeSecrets: boolean;
  dryRun: boolean;
}

/** A document read from the source, with what the copy needs of it. */
interface SourceDocument {
  document: ServerBlockDocument;
  type: ServerBlockType;
  schema: ServerBlockSchema;
  address: DocumentAddress;
  secretFields: string[];
  requested: boolean;
}

/** `slug NL checksum NL version` -> the target's ids of that schema and its type. */
type TargetSchemas = ReadonlyMap<string, { schemaId: string; typeId: string }>;

/**
 * Requests a copy keeps in flight, as a push does (push.ts): a distant server's round trip is paid
 * once per wave, not once per document. Writes among them go as the HTTP client's write gate allows
 * (one at a time to a SQLite-backed server).
 */
const COPY_CONCURRENCY = 16;

export async function copyDocuments(
  source: DocumentsClient,
  target: DocumentsClient,
  requested: ReadonlyArray<DocumentAddress | { id: string }>,
  supply: SchemaSupply,
  options: CopyOptions,
): Promise<CopyReport> {
  if (requested.length === 0) throw new RegistryError('invalid_input', 'Name at least one block document to copy.');
  if (sameServer(source, target)) throw new RegistryError('invalid_input', `The source and the target are the same server (${source.apiUrl}): choose another target.`);
  const redactor = new SecretRedactor();
  return redactor.guard(async () => {
    const documents = await readWithReferences(source, requested, options.includeSecrets, redactor);
    const withSecrets = documents.filter((document) => document.secretFields.length > 0);
    const refusal =
      withSecrets.length > 0 && !options.includeSecrets
        ? `Not copied: ${withSecrets.map((document) => `${formatDocumentAddress(document.address)} (${document.secretFields.join(', ')})`).join('; ')} ${withSecrets.length === 1 ? 'has' : 'have'} secret values. Copying them reads them from ${source.apiUrl} and sends them to ${target.apiUrl}: give your consent (--include-secrets, or the window's confirmation) to copy them. Nothing was written.`
        : null;
    if (refusal !== null && !options.dryRun) throw new RegistryError('invalid_input', refusal);
    const present = await targetSchemas(target, documents);
    const schemas = await planSchemas(target, documents, present, supply);
    const ids = options.dryRun ? present : await supplySchemas(target, documents, schemas, present, supply);
    const copied = await copyEach(target, documents, ids, options, redactor);
    const count = (action: CopiedDocument['action']): number => copied.filter((document) => document.action === action).length;
    return {
      from_url: source.apiUrl,
      to_url: target.apiUrl,
      dry_run: options.dryRun,
      include_secrets: options.includeSecrets,
      schemas,
      documents: copied,
      refusal,
      counts: { create: count('create'), update: count('update'), unchanged: count('unchanged'), schemas_pushed: schemas.filter((step) => step.action !== 'present').length },
    };
  });
}

function sameServer(a: DocumentsClient, b: DocumentsClient): boolean {
  return a.apiUrl.replace(/\/+$/, '') === b.apiUrl.replace(/\/+$/, '');
}

/**
 * The requested documents and, depth first, every document they reference: each after the ones it
 * references (the order they are written in), each once. Read a wave at a time (the requested
 * ones, then those they reference, and so on), each document once; ordered afterwards, in memory.
 */
async function readWithReferences(source: DocumentsClient, requested: ReadonlyArray<DocumentAddress | { id: string }>, includeSecrets: boolean, redactor: SecretRedactor): Promise<SourceDocument[]> {
  const roots = await mapConcurrently(requested, COPY_CONCURRENCY, (which) =>
    'id' in which ? source.readDocument(which.id, includeSecrets) : source.readDocumentByName(which.slug, which.name, includeSecrets),
  );
  // Kept to redact what a server might quote back; never written anywhere. Each as soon as it is
  // read (with the schema it came with), so that a later read's failure cannot quote it either.
  const remember = (documents: ReadonlyArray<ServerBlockDocument | null>): void => {
    if (!includeSecrets) return;
    for (const document of documents) if (document?.block_schema != null) redactor.add(secretValues(document.data, secretFieldsOf(document.block_schema.fields)));
  };
  remember(roots);
  const read = await readReferenced(source, roots, includeSecrets, remember);
  const ordered = referencesFirst(source, requested, roots, read);
  const prepared = await mapConcurrently(ordered, COPY_CONCURRENCY, ({ document, requested: isRequested }) => prepare(source, document, isRequested));
  // Those whose schema was read apart, too.
  if (includeSecrets) for (const { document, schema } of prepared) redactor.add(secretValues(document.data, secretFieldsOf(schema.fields)));
  return prepared;
}

function referencedIds(document: ServerBlockDocument): string[] {
  return Object.values(document.block_document_references ?? {}).map(({ block_document: child }) => child.id);
}

/** id -> every document the roots reference, directly or not (null: the source has none with that id), read a wave at a time. */
async function readReferenced(
  source: DocumentsClient,
  roots: ReadonlyArray<ServerBlockDocument | null>,
  includeSecrets: boolean,
  remember: (wave: ReadonlyArray<ServerBlockDocument | null>) => void,
): Promise<Map<string, ServerBlockDocument | null>> {
  const read = new Map<string, ServerBlockDocument | null>();
  for (const root of roots) if (root !== null) read.set(root.id, root);
  let wave = roots;
  for (;;) {
    const wanted = [...new Set(wave.flatMap((document) => (document === null ? [] : referencedIds(document))))].filter((id) => !read.has(id));
    if (wanted.length === 0) return read;
    wave = await mapConcurrently(wanted, COPY_CONCURRENCY, (id) => source.readDocument(id, includeSecrets));
    remember(wave);
    wanted.forEach((id, index) => read.set(id, wave[index] ?? null));
  }
}

/** The documents in the order they are written: depth first, each after those it references; a document the source lacks stops it, the first met in that order named. */
function referencesFirst(
  source: DocumentsClient,
  requested: ReadonlyArray<DocumentAddress | { id: string }>,
  roots: ReadonlyArray<ServerBlockDocument | null>,
  read: ReadonlyMap<string, ServerBlockDocument | null>,
): Array<{ document: ServerBlockDocument; requested: boolean }> {
  const ordered: Array<{ document: ServerBlockDocument; requested: boolean }> = [];
  const seen = new Map<string, { document: ServerBlockDocument; requested: boolean }>();
  const visiting = new Set<string>();
  const visit = (document: ServerBlockDocument, isRequested: boolean): void => {
    const known = seen.get(document.id);
    if (known !== undefined) {
      known.requested ||= isRequested;
      return;
    }
    // A reference cycle no Prefect server makes: each document is written once, the cycle cut.
    if (visiting.has(document.id)) return;
    visiting.add(document.id);
    for (const id of referencedIds(document)) {
      const child = read.get(id) ?? null;
      if (child === null) throw new RegistryError('prefect_server', `${source.apiUrl} lists block document ${id} as referenced by '${document.name ?? document.id}' but has no such document.`);
      visit(child, false);
    }
    visiting.delete(document.id);
    const entry = { document, requested: isRequested };
    seen.set(document.id, entry);
    ordered.push(entry);
  };
  requested.forEach((which, index) => {
    const document = roots[index] ?? null;
    if (document === null) {
      const what = 'id' in which ? `with id ${which.id}` : `'${formatDocumentAddress(which)}'`;
      throw new RegistryError('not_found', `The Prefect server at ${source.apiUrl} has no block document ${what}.`);
    }
    visit(document, true);
  });
  return ordered;
}

async function prepare(source: DocumentsClient, document: ServerBlockDocument, requested: boolean): Promise<SourceDocument> {
  const schema = document.block_schema ?? (await source.readSchema(document.block_schema_id));
  const type = document.block_type ?? schema?.block_type ?? null;
  if (schema === null || type === null) throw new RegistryError('prefect_server', `${source.apiUrl} answered block document '${document.name ?? document.id}' without its schema or block type.`);
  return {
    document,
    type,
    schema,
    address: { slug: type.slug, name: document.name ?? document.id },
    secretFields: [...new Set(secretValues(document.data, secretFieldsOf(schema.fields)).map((secret) => secret.path))],
    requested,
  };
}

function schemaKey(slug: string, checksum: string, version: string): string {
  return `${slug}\n${checksum}\n${version}`;
}

/**
 * The schemas the target holds of the documents' types, from one listing of those types and one
 * of their schemas (a few requests, however many documents), rather than two requests a schema.
 */
async function targetSchemas(target: DocumentsClient, documents: readonly SourceDocument[]): Promise<TargetSchemas> {
  const types = await target.client.readBlockTypes([...new Set(documents.map(({ type }) => type.slug))]);
  if (types.length === 0) return new Map();
  const slugs = new Map(types.map((type) => [type.id, type.slug]));
  const held = new Map<string, { schemaId: string; typeId: string }>();
  for (const schema of await target.client.readBlockSchemas([...slugs.keys()])) {
    const typeId = schema.block_type_id ?? schema.block_type?.id ?? '';
    const slug = slugs.get(typeId);
    if (slug !== undefined) held.set(schemaKey(slug, schema.checksum, schema.version ?? ''), { schemaId: schema.id, typeId });
  }
  return held;
}

/** Each schema the documents use (once), and how it gets to the target. */
async function planSchemas(target: DocumentsClient, documents: readonly SourceDocument[], present: TargetSchemas, supply: SchemaSupply): Promise<CopiedSchema[]> {
  const wanted = new Map<string, { type: ServerBlockType; checksum: string; version: string }>();
  for (const { type, schema } of documents) {
    const version = schema.version ?? '';
    const key = schemaKey(type.slug, schema.checksum, version);
    if (!wanted.has(key)) wanted.set(key, { type, checksum: schema.checksum, version });
  }
  const missing = [...wanted].filter(([key]) => !present.has(key)).map(([, step]) => step);
  const locked = missing.find(({ type }) => type.is_protected === true);
  if (locked !== undefined) {
    throw new RegistryError(
      'prefect_server',
      `The target ${target.apiUrl} has no ${locked.type.slug} schema ${locked.checksum} (version ${locked.version}): '${locked.type.slug}' is a protected type, which each Prefect server installs itself, so it cannot be pushed (does the target run another Prefect version than the source?). Nothing was written.`,
    );
  }
  // This registry is asked about the missing ones only, one after another: it is local (no round
  // trip to hide), and each question refreshes it from its file.
  const action = new Map<string, SchemaSupplyAction>();
  for (const { type, checksum, version } of missing) action.set(schemaKey(type.slug, checksum, version), (await supply.holds(type.slug, checksum, version)) ? 'push' : 'pull-then-push');
  return [...wanted].map(([key, { type, checksum, version }]) => ({ block_type_slug: type.slug, checksum, version, action: action.get(key) ?? 'present' }));
}

/**
 * Pulls the types that need it in one import and pushes every type that needs it in one push (it
 * orders and overlaps the requests itself), then checks that the target holds each schema under
 * the same checksum. Returns the target's schemas afterwards.
 */
async function supplySchemas(target: DocumentsClient, documents: readonly SourceDocument[], steps: readonly CopiedSchema[], present: TargetSchemas, supply: SchemaSupply): Promise<TargetSchemas> {
  const missing = steps.filter((step) => step.action !== 'present');
  if (missing.length === 0) return present;
  const pulled = [...new Set(missing.filter((step) => step.action === 'pull-then-push').map((step) => step.block_type_slug))];
  if (pulled.length > 0) await supply.pull(pulled);
  await supply.push([...new Set(missing.map((step) => step.block_type_slug))]);
  const after = await targetSchemas(target, documents);
  const lost = missing.find((step) => !after.has(schemaKey(step.block_type_slug, step.checksum, step.version)));
  if (lost !== undefined) {
    throw new RegistryError(
      'prefect_server',
      `After the push, ${target.apiUrl} still has no ${lost.block_type_slug} schema ${lost.checksum} (version ${lost.version}): it stored the schema under another checksum (see \`block-registry server push --type ${lost.block_type_slug}\`). No document was written.`,
    );
  }
  return after;
}

/**
 * The documents, each after those it references, several at a time where no reference orders
 * them: first what the target holds under each name (one wave, before any write, so that its
 * secrets are known to the redactor), then the writes.
 */
async function copyEach(target: DocumentsClient, documents: readonly SourceDocument[], schemaIds: TargetSchemas, options: CopyOptions, redactor: SecretRedactor): Promise<CopiedDocument[]> {
  const existing = await mapConcurrently(documents, COPY_CONCURRENCY, ({ address }) => target.readDocumentByName(address.slug, address.name, options.includeSecrets));
  const onTarget = new Map(documents.map((source, index) => [source, existing[index] ?? null]));
  if (options.includeSecrets) {
    for (const [{ schema }, found] of onTarget) if (found !== null) redactor.add(secretValues(found.data, secretFieldsOf(found.block_schema?.fields ?? schema.fields)));
  }
  const bySourceId = new Map(documents.map((source) => [source.document.id, source]));
  const predecessors = new Map(documents.map((source) => [source, referencedIds(source.document).flatMap((id) => bySourceId.get(id) ?? [])]));
  const targetIds = new Map<string, string | null>();
  return mapInDependencyOrder(documents, predecessors, COPY_CONCURRENCY, async (source) => {
    const copied = await copyOne(target, source, onTarget.get(source) ?? null, { targetIds, schemaIds }, options);
    targetIds.set(source.document.id, copied.target_id);
    return copied;
  });
}

/** One document: created, updated or left as it is; its references name the target's copies (written before it). */
async function copyOne(
  target: DocumentsClient,
  source: SourceDocument,
  existing: ServerBlockDocument | null,
  known: { targetIds: ReadonlyMap<string, string | null>; schemaIds: TargetSchemas },
  options: CopyOptions,
): Promise<CopiedDocument> {
  const { document, schema, type, address } = source;
  const references = Object.entries(document.block_document_references ?? {}).map(([field, { block_document: child }]) => ({ field, targetId: known.targetIds.get(child.id) ?? null }));
  const changed = existing === null ? [] : differences(document, existing, references, schema.checksum);
  const action: CopiedDocument['action'] = existing === null ? 'create' : changed.length === 0 ? 'unchanged' : 'update';
  let targetId = existing?.id ?? null;
  if (!options.dryRun && action !== 'unchanged') {
    const ids = known.schemaIds.get(schemaKey(type.slug, schema.checksum, schema.version ?? ''));
    if (ids === undefined) throw new RegistryError('prefect_server', `${target.apiUrl} has no ${type.slug} schema ${schema.checksum}: the copy stopped before '${formatDocumentAddress(address)}'.`);
    const data = withReferences(document.data, references);
    if (existing === null) {
      const created = await target.createDocument({ name: address.name, data, block_schema_id: ids.schemaId, block_type_id: ids.typeId, is_anonymous: document.is_anonymous ?? false });
      targetId = created.id;
    } else {
      // The whole data, not merged: the target ends up with exactly the source's values.
      await target.updateDocument(existing.id, { data, block_schema_id: ids.schemaId, merge_existing_data: false });
    }
  }
  return {
    address: formatDocumentAddress(address),
    source_id: document.id,
    target_id: targetId,
    is_anonymous: document.is_anonymous ?? false,
    action,
    changed_fields: changed,
    secret_fields: source.secretFields,
    requested: source.requested,
    schema: { block_type_slug: type.slug, checksum: schema.checksum, version: schema.version ?? '' },
  };
}

/** The data as the target stores it: each reference a `$ref` to the target's copy of the document. */
function withReferences(data: JsonObject, references: ReadonlyArray<{ field: string; targetId: string | null }>): JsonObject {
  const result: JsonObject = { ...data };
  for (const { field, targetId } of references) if (targetId !== null) result[field] = { $ref: { block_document_id: targetId } };
  return result;
}

/** The top-level fields (and `schema`) in which the target's document differs from the source's. */
function differences(source: ServerBlockDocument, existing: ServerBlockDocument, references: ReadonlyArray<{ field: string; targetId: string | null }>, checksum: string): string[] {
  const changed: string[] = [];
  if (existing.block_schema?.checksum !== checksum) changed.push('schema');
  const referenceFields = new Map(references.map((reference) => [reference.field, reference.targetId]));
  const existingReferences = existing.block_document_references ?? {};
  const fields = [...new Set([...Object.keys(source.data), ...Object.keys(existing.data), ...Object.keys(existingReferences)])];
  for (const field of fields) {
    if (referenceFields.has(field) || Object.hasOwn(existingReferences, field)) {
      // A reference is the same when it names the target's copy of the same document.
      const wanted = referenceFields.get(field) ?? null;
      if (wanted === null || existingReferences[field]?.block_document.id !== wanted) changed.push(field);
      continue;
    }
    const before: JsonValue | undefined = existing.data[field];
    const after: JsonValue | undefined = source.data[field];
    if (before === undefined || after === undefined ? before !== after : !jsonEqual(before, after)) changed.push(field);
  }
  return changed;
}
