// Copies block documents from one Prefect server to another, with the documents they reference,
// names kept. Before any document: every schema they use is made present on the target, pushed
// from this registry as `server push` does (so the target stores the same checksum), or first
// pulled from the source into this registry when it lacks it. Then each document, nested ones
// first: created, updated (its data and schema replaced) or left as it is when the target already
// holds the same. A second copy changes nothing.
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
import type { ServerBlockSchema, ServerBlockType } from '../../prefect-server/client';
import type { DocumentsClient, ServerBlockDocument } from './client';
import { SecretRedactor } from './secret-redactor';

/** How schemas reach the target: this registry's (operations/document-schemas.ts), injected so that this room stays below the operations. */
export interface SchemaSupply {
  /** Whether this registry holds the type's schema with this checksum and version. */
  holds: (slug: string, checksum: string, version: string) => Promise<boolean>;
  /** Registers the source server's type (and what it nests) in this registry, as `server pull --type` does. */
  pull: (slug: string) => Promise<void>;
  /** Pushes the type (and what it nests) from this registry to the target, as `server push --type` does. */
  push: (slug: string) => Promise<void>;
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
    const schemas = await planSchemas(target, documents, supply);
    if (!options.dryRun) for (const step of schemas) await supplySchema(target, step, supply, schemas);
    const copied = await copyEach(target, documents, options, redactor);
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
 * references (the order they are written in), each once.
 */
async function readWithReferences(source: DocumentsClient, requested: ReadonlyArray<DocumentAddress | { id: string }>, includeSecrets: boolean, redactor: SecretRedactor): Promise<SourceDocument[]> {
  const ordered: SourceDocument[] = [];
  const seen = new Map<string, SourceDocument>();
  const visiting = new Set<string>();
  const visit = async (document: ServerBlockDocument, isRequested: boolean): Promise<void> => {
    const known = seen.get(document.id);
    if (known !== undefined) {
      known.requested ||= isRequested;
      return;
    }
    // A reference cycle no Prefect server makes: each document is written once, the cycle cut.
    if (visiting.has(document.id)) return;
    visiting.add(document.id);
    for (const { block_document: child } of Object.values(document.block_document_references ?? {})) {
      const read = await source.readDocument(child.id, includeSecrets);
      if (read === null) throw new RegistryError('prefect_server', `${source.apiUrl} lists block document ${child.id} as referenced by '${document.name ?? document.id}' but has no such document.`);
      await visit(read, false);
    }
    visiting.delete(document.id);
    const prepared = await prepare(source, document, isRequested);
    // Kept to redact what a server might quote back; never written anywhere.
    if (includeSecrets) redactor.add(secretValues(document.data, secretFieldsOf(prepared.schema.fields)));
    seen.set(document.id, prepared);
    ordered.push(prepared);
  };
  for (const which of requested) {
    const document = 'id' in which ? await source.readDocument(which.id, includeSecrets) : await source.readDocumentByName(which.slug, which.name, includeSecrets);
    if (document === null) {
      const what = 'id' in which ? `with id ${which.id}` : `'${formatDocumentAddress(which)}'`;
      throw new RegistryError('not_found', `The Prefect server at ${source.apiUrl} has no block document ${what}.`);
    }
    await visit(document, true);
  }
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

/** Each schema the documents use (once), and how it gets to the target. */
async function planSchemas(target: DocumentsClient, documents: readonly SourceDocument[], supply: SchemaSupply): Promise<CopiedSchema[]> {
  const steps: CopiedSchema[] = [];
  const seen = new Set<string>();
  for (const { type, schema } of documents) {
    const version = schema.version ?? '';
    const key = `${type.slug}\n${schema.checksum}\n${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let action: SchemaSupplyAction = 'present';
    if (!(await presentOnTarget(target, type.slug, schema.checksum, version))) {
      if (type.is_protected === true) {
        throw new RegistryError(
          'prefect_server',
          `The target ${target.apiUrl} has no ${type.slug} schema ${schema.checksum} (version ${version}): '${type.slug}' is a protected type, which each Prefect server installs itself, so it cannot be pushed (does the target run another Prefect version than the source?). Nothing was written.`,
        );
      }
      action = (await supply.holds(type.slug, schema.checksum, version)) ? 'push' : 'pull-then-push';
    }
    steps.push({ block_type_slug: type.slug, checksum: schema.checksum, version, action });
  }
  return steps;
}

async function presentOnTarget(target: DocumentsClient, slug: string, checksum: string, version: string): Promise<boolean> {
  if ((await target.client.readBlockTypeBySlug(slug)) === null) return false;
  return (await target.client.readBlockSchemaByChecksum(checksum, version)) !== null;
}

/** Pulls (when needed) and pushes the type once, then checks that the target holds the schema under the same checksum. */
async function supplySchema(target: DocumentsClient, step: CopiedSchema, supply: SchemaSupply, all: readonly CopiedSchema[]): Promise<void> {
  if (step.action === 'present') return;
  // One push per type: it pushes every schema of the type, so a later step of the same type finds its schema there.
  const first = all.find((other) => other.block_type_slug === step.block_type_slug && other.action !== 'present');
  if (first === step) {
    if (all.some((other) => other.block_type_slug === step.block_type_slug && other.action === 'pull-then-push')) await supply.pull(step.block_type_slug);
    await supply.push(step.block_type_slug);
  }
  if (!(await presentOnTarget(target, step.block_type_slug, step.checksum, step.version))) {
    throw new RegistryError(
      'prefect_server',
      `After the push, ${target.apiUrl} still has no ${step.block_type_slug} schema ${step.checksum} (version ${step.version}): it stored the schema under another checksum (see \`block-registry server push --type ${step.block_type_slug}\`). No document was written.`,
    );
  }
}

/** The documents one by one, each after those it references. */
async function copyEach(target: DocumentsClient, documents: readonly SourceDocument[], options: CopyOptions, redactor: SecretRedactor): Promise<CopiedDocument[]> {
  const targetIds = new Map<string, string | null>();
  const copied: CopiedDocument[] = [];
  const schemaIds = new Map<string, { schemaId: string; typeId: string } | null>();
  for (const source of documents) {
    const { document, schema, type, address } = source;
    const existing = await target.readDocumentByName(address.slug, address.name, options.includeSecrets);
    if (existing !== null && options.includeSecrets) redactor.add(secretValues(existing.data, secretFieldsOf(existing.block_schema?.fields ?? schema.fields)));
    const references = Object.entries(document.block_document_references ?? {}).map(([field, { block_document: child }]) => ({ field, targetId: targetIds.get(child.id) ?? null }));
    const changed = existing === null ? [] : differences(document, existing, references, schema.checksum);
    const action: CopiedDocument['action'] = existing === null ? 'create' : changed.length === 0 ? 'unchanged' : 'update';
    let targetId = existing?.id ?? null;
    if (!options.dryRun && action !== 'unchanged') {
      const key = `${schema.checksum}\n${schema.version ?? ''}`;
      if (!schemaIds.has(key)) {
        const found = await target.client.readBlockSchemaByChecksum(schema.checksum, schema.version ?? '');
        schemaIds.set(key, found === null ? null : { schemaId: found.id, typeId: found.block_type_id ?? found.block_type?.id ?? '' });
      }
      const ids = schemaIds.get(key);
      if (ids == null) throw new RegistryError('prefect_server', `${target.apiUrl} has no ${type.slug} schema ${schema.checksum}: the copy stopped before '${formatDocumentAddress(address)}'.`);
      const data = withReferences(document.data, references);
      if (existing === null) {
        const created = await target.createDocument({ name: address.name, data, block_schema_id: ids.schemaId, block_type_id: ids.typeId, is_anonymous: document.is_anonymous ?? false });
        targetId = created.id;
      } else {
        // The whole data, not merged: the target ends up with exactly the source's values.
        await target.updateDocument(existing.id, { data, block_schema_id: ids.schemaId, merge_existing_data: false });
      }
    }
    targetIds.set(document.id, targetId);
    copied.push({
      address: formatDocumentAddress(address),
      source_id: document.id,
      target_id: targetId,
      is_anonymous: document.is_anonymous ?? false,
      action,
      changed_fields: changed,
      secret_fields: source.secretFields,
      requested: source.requested,
      schema: { block_type_slug: type.slug, checksum: schema.checksum, version: schema.version ?? '' },
    });
  }
  return copied;
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
