// A server's block documents as the window and `block-registry documents` show them: every
// document read once (anonymous ones too, so that "referenced by" is whole), each with the schema
// it was saved with, whether that is its type's newest on the server and, when not, what changed
// field by field (Prefect does not move a document to a newer schema: issues #7157, #15619).
// Secret values are never read here, and what the server answers is masked again by each schema's
// `secret_fields` before it goes anywhere: a server that sends a secret where Prefect sends the
// mask does not get it shown.
import {
  formatDocumentAddress,
  maskSecrets,
  secretFieldsOf,
  secretValues,
  type DocumentAddress,
  type DocumentDetail,
  type DocumentListing,
  type DocumentReference,
  type DocumentSchemaRef,
  type DocumentSummary,
} from '../../../shared/documents';
import { RegistryError } from '../../../shared/errors';
import { stringifyJson, type JsonObject } from '../../../shared/json';
import { summarizeSchemaDiff } from '../../../shared/schema-diff';
import type { ServerBlockSchema } from '../../prefect-server/client';
import type { DocumentsClient, ServerBlockDocument } from './client';

/** Every document of a server with what the lists say about it. */
export interface ServerDocuments {
  apiUrl: string;
  /** Each document as the server answered it (secrets masked by the server), by id. */
  documents: Map<string, ServerBlockDocument>;
  summaries: Map<string, DocumentSummary>;
  /** Every schema of the documents' types, by id. */
  schemas: Map<string, ServerBlockSchema>;
  /** The newest schema of each type (by type id). */
  newest: Map<string, ServerBlockSchema>;
}

export interface ListOptions {
  /** Only documents of these types (all when empty). */
  slugs?: readonly string[];
  /** Anonymous documents too. */
  anonymous?: boolean;
}

/** Reads every document and every schema of their types; nothing secret. */
export async function readServerDocuments(documents: DocumentsClient): Promise<ServerDocuments> {
  const read = await documents.readDocuments({ includeSecrets: false, anonymous: true });
  const typeIds = [...new Set(read.map((document) => document.block_type_id))];
  // Newest first, as the server orders them: the first of a type is its newest.
  const schemaList = typeIds.length === 0 ? [] : await documents.client.readBlockSchemas(typeIds);
  const schemas = new Map(schemaList.map((schema) => [schema.id, schema]));
  const newest = new Map<string, ServerBlockSchema>();
  for (const schema of schemaList) if (schema.block_type_id != null && !newest.has(schema.block_type_id)) newest.set(schema.block_type_id, schema);
  for (const document of read) if (document.block_schema != null && !schemas.has(document.block_schema.id)) schemas.set(document.block_schema.id, document.block_schema);
  const byId = new Map(read.map((document) => [document.id, document]));
  const summaries = new Map(read.map((document) => [document.id, summarize(document, schemas, newest)]));
  for (const summary of summaries.values()) {
    for (const reference of summary.references) {
      summaries.get(reference.id)?.referenced_by.push({ field: reference.field, id: summary.id, name: summary.name, block_type_slug: summary.block_type.slug, is_anonymous: summary.is_anonymous });
    }
  }
  return { apiUrl: documents.apiUrl, documents: byId, summaries, schemas, newest };
}

/** The documents to list: of the chosen types, anonymous ones only when asked for. */
export async function listDocuments(documents: DocumentsClient, options: ListOptions = {}): Promise<DocumentListing> {
  const server = await readServerDocuments(documents);
  const slugs = options.slugs ?? [];
  await requireKnownTypes(documents, server, slugs);
  const ofTypes = [...server.summaries.values()].filter((summary) => slugs.length === 0 || slugs.includes(summary.block_type.slug));
  const shown = ofTypes.filter((summary) => options.anonymous === true || !summary.is_anonymous);
  shown.sort((a, b) => compareText(a.block_type.slug, b.block_type.slug) || compareText(a.name, b.name));
  return { api_url: server.apiUrl, documents: shown, anonymous_hidden: ofTypes.length - shown.length };
}

/** One document, by `TYPE/NAME` or id, with its data (secrets masked) and its schema's fields. */
export async function showDocument(documents: DocumentsClient, which: DocumentAddress | { id: string }): Promise<DocumentDetail> {
  const server = await readServerDocuments(documents);
  return documentDetail(server, findDocument(server, which));
}

export function findDocument(server: ServerDocuments, which: DocumentAddress | { id: string }): ServerBlockDocument {
  const found = 'id' in which ? server.documents.get(which.id) : [...server.documents.values()].find((document) => document.name === which.name && document.block_type?.slug === which.slug);
  if (found === undefined) {
    const what = 'id' in which ? `with id ${which.id}` : `'${formatDocumentAddress(which)}'`;
    throw new RegistryError('not_found', `The Prefect server at ${server.apiUrl} has no block document ${what}.`);
  }
  return found;
}

export function documentDetail(server: ServerDocuments, document: ServerBlockDocument): DocumentDetail {
  const summary = server.summaries.get(document.id) as DocumentSummary;
  const schema = server.schemas.get(document.block_schema_id);
  const fields: JsonObject = schema?.fields ?? {};
  const secretFields = secretFieldsOf(fields);
  const newest = server.newest.get(document.block_type_id);
  return {
    api_url: server.apiUrl,
    summary,
    data_json: stringifyJson(maskSecrets(document.data, secretFields), 2),
    fields_json: stringifyJson(fields, 2),
    secret_fields: secretValues(document.data, secretFields).map((secret) => secret.path),
    newest_fields_json: summary.outdated && newest !== undefined ? stringifyJson(newest.fields, 2) : null,
  };
}

/** A type asked for that the server has no document of must at least exist there: a typo is said, not answered with nothing. */
async function requireKnownTypes(documents: DocumentsClient, server: ServerDocuments, slugs: readonly string[]): Promise<void> {
  const present = new Set([...server.summaries.values()].map((summary) => summary.block_type.slug));
  for (const slug of slugs) {
    if (present.has(slug)) continue;
    if ((await documents.client.readBlockTypeBySlug(slug)) === null) throw new RegistryError('not_found', `The Prefect server at ${server.apiUrl} has no block type '${slug}'.`);
  }
}

function schemaRef(schema: ServerBlockSchema): DocumentSchemaRef {
  return { id: schema.id, checksum: schema.checksum, version: schema.version ?? '' };
}

function summarize(document: ServerBlockDocument, schemas: ReadonlyMap<string, ServerBlockSchema>, newestByType: ReadonlyMap<string, ServerBlockSchema>): DocumentSummary {
  const schema = schemas.get(document.block_schema_id);
  const newest = newestByType.get(document.block_type_id);
  const outdated = schema !== undefined && newest !== undefined && newest.checksum !== schema.checksum;
  const references: DocumentReference[] = Object.entries(document.block_document_references ?? {}).map(([field, { block_document: child }]) => ({
    field,
    id: child.id,
    name: child.name ?? child.id,
    block_type_slug: child.block_type.slug,
    is_anonymous: child.is_anonymous ?? false,
  }));
  return {
    id: document.id,
    name: document.name ?? document.id,
    is_anonymous: document.is_anonymous ?? false,
    block_type: { id: document.block_type_id, slug: document.block_type?.slug ?? '', name: document.block_type?.name ?? '' },
    schema: schema === undefined ? { id: document.block_schema_id, checksum: '', version: '' } : schemaRef(schema),
    newest_schema: newest === undefined ? null : schemaRef(newest),
    outdated,
    change:
      outdated && schema !== undefined && newest !== undefined
        ? summarizeSchemaDiff(
            { fields: schema.fields, capabilities: schema.capabilities ?? [], version: schema.version ?? '' },
            { fields: newest.fields, capabilities: newest.capabilities ?? [], version: newest.version ?? '' },
          )
        : null,
    created: document.created ?? null,
    updated: document.updated ?? null,
    references,
    referenced_by: [],
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
