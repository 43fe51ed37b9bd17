// Creating and editing a block document from the window, as Prefect's UI does: the form of the
// type's newest schema (a new document) or of the document's own (an edit), the values checked by
// the server's own validation (`POST /ui/schemas/validate`, whose messages Prefect's UI shows)
// and the name by Prefect UI's rule, then saved. A schema the server lacks is pushed first from
// this registry, as `server push --type` does. Secrets are write-only: an edit shows the mask,
// and sending the mask back keeps the stored value (Prefect's server does that for a PATCH).
import {
  documentNameProblem,
  NAME_TAKEN,
  SECRET_MASK,
  secretFieldsOf,
  secretValues,
  type DocumentForm,
  type DocumentOption,
  type FieldError,
  type SaveDocumentResult,
  type SecretValue,
} from '../../../shared/documents';
import { RegistryError } from '../../../shared/errors';
import { stringifyJson, type JsonObject } from '../../../shared/json';
import type { ServerBlockSchema } from '../client/client';
import { documentDetail, findDocument, readServerDocuments, type ServerDocuments } from './browse';
import type { DocumentsClient } from './client';
import type { SchemaSupply } from './copy';
import { SecretRedactor } from './secret-redactor';

/** The form for a new document of `slug`, or for editing document `id`. */
export async function documentForm(documents: DocumentsClient, supply: SchemaSupply, which: { slug: string } | { id: string }): Promise<DocumentForm> {
  const server = await readServerDocuments(documents);
  const options = documentOptions(server);
  if ('id' in which) {
    const detail = documentDetail(server, findDocument(server, which));
    const { summary } = detail;
    return {
      api_url: server.apiUrl,
      block_type: { slug: summary.block_type.slug, name: summary.block_type.name },
      schema: { checksum: summary.schema.checksum, version: summary.schema.version, source: 'server' },
      fields_json: detail.fields_json,
      options,
      document: detail,
    };
  }
  const onServer = await newestOnServer(documents, which.slug);
  if (onServer !== null) {
    return {
      api_url: server.apiUrl,
      block_type: { slug: which.slug, name: onServer.block_type?.name ?? which.slug },
      schema: { checksum: onServer.checksum, version: onServer.version ?? '', source: 'server' },
      fields_json: stringifyJson(onServer.fields, 2),
      options,
      document: null,
    };
  }
  const local = await supply.newest(which.slug);
  if (local === null) throw new RegistryError('not_found', `Neither ${server.apiUrl} nor this registry has a block type '${which.slug}'.`);
  return {
    api_url: server.apiUrl,
    block_type: { slug: which.slug, name: local.name },
    schema: { checksum: local.checksum, version: local.version, source: 'registry' },
    fields_json: stringifyJson(local.fields, 2),
    options,
    document: null,
  };
}

export interface SaveRequest {
  /** null: a new document. */
  id: string | null;
  slug: string;
  /** A new document's name (an edit keeps its name). */
  name: string;
  /** The form's values: a nested document as `{"$ref": {"block_document_id": …}}`, an unchanged secret as the mask. */
  values: JsonObject;
  /** The schema the form was rendered from (a new document). */
  schema: { checksum: string; version: string };
}

/** Checks the values as Prefect's UI does (nothing written); empty when they would be saved. */
export async function validateDocument(documents: DocumentsClient, supply: SchemaSupply, request: SaveRequest): Promise<FieldError[]> {
  const redactor = new SecretRedactor();
  return redactor.guard(async () => {
    const fields = await formFields(documents, supply, request);
    redactor.add(typedSecrets(request.values, fields));
    return [...(await nameErrors(documents, request)), ...(await prefectValidation(documents, fields, request.values, redactor))];
  });
}

/** Validates, pushes the schema when the server lacks it, then creates or updates the document. */
export async function saveDocument(documents: DocumentsClient, supply: SchemaSupply, request: SaveRequest): Promise<SaveDocumentResult> {
  const redactor = new SecretRedactor();
  return redactor.guard(async () => {
    // Nothing is sent before the fields are known: a server can quote no value back before this.
    const fields = await formFields(documents, supply, request);
    redactor.add(typedSecrets(request.values, fields));
    const errors = [...(await nameErrors(documents, request)), ...(await prefectValidation(documents, fields, request.values, redactor))];
    if (errors.length > 0) return { saved: false, errors };
    if (request.id !== null) {
      // The whole data, as the form holds it: a secret sent back as the mask keeps its stored value.
      await documents.updateDocument(request.id, { data: request.values, merge_existing_data: false });
      return { saved: true, id: request.id, schema_pushed: false };
    }
    let schema = await documents.client.readBlockSchemaByChecksum(request.schema.checksum, request.schema.version);
    let pushed = false;
    if (schema === null) {
      await supply.push([request.slug]);
      pushed = true;
      schema = await documents.client.readBlockSchemaByChecksum(request.schema.checksum, request.schema.version);
      if (schema === null) {
        throw new RegistryError(
          'prefect_server',
          `After the push, ${documents.apiUrl} still has no ${request.slug} schema ${request.schema.checksum}: it stored it under another checksum. Nothing was saved.`,
        );
      }
    }
    const typeId = schema.block_type_id ?? schema.block_type?.id;
    if (typeId == null) throw new RegistryError('prefect_server', `${documents.apiUrl} answered the ${request.slug} schema without its block type.`);
    const created = await documents.createDocument({ name: request.name, data: request.values, block_schema_id: schema.id, block_type_id: typeId, is_anonymous: false });
    return { saved: true, id: created.id, schema_pushed: pushed };
  });
}

/** The named documents a picker can offer, by type then name. */
function documentOptions(server: ServerDocuments): DocumentOption[] {
  return [...server.summaries.values()]
    .filter((summary) => !summary.is_anonymous)
    .map((summary) => ({ id: summary.id, name: summary.name, block_type_slug: summary.block_type.slug }))
    .sort((a, b) => (a.block_type_slug === b.block_type_slug ? (a.name < b.name ? -1 : 1) : a.block_type_slug < b.block_type_slug ? -1 : 1));
}

async function newestOnServer(documents: DocumentsClient, slug: string): Promise<ServerBlockSchema | null> {
  const type = await documents.client.readBlockTypeBySlug(slug);
  if (type === null) return null;
  const [newest] = await documents.client.readBlockSchemas([type.id]);
  return newest ?? null;
}

/** The fields the values are checked against: the document's own schema, or the one the new document's form was rendered from. */
async function formFields(documents: DocumentsClient, supply: SchemaSupply, request: SaveRequest): Promise<JsonObject> {
  if (request.id !== null) {
    const existing = await documents.readDocument(request.id, false);
    if (existing === null) throw new RegistryError('not_found', `${documents.apiUrl} has no block document with id ${request.id} (deleted meanwhile?).`);
    const schema = existing.block_schema ?? (await documents.readSchema(existing.block_schema_id));
    if (schema === null) throw new RegistryError('prefect_server', `${documents.apiUrl} answered the document without its schema.`);
    return schema.fields;
  }
  const onServer = await documents.client.readBlockSchemaByChecksum(request.schema.checksum, request.schema.version);
  if (onServer !== null) return onServer.fields;
  const local = await supply.newest(request.slug);
  if (local === null || local.checksum !== request.schema.checksum) {
    throw new RegistryError('not_found', `Neither ${documents.apiUrl} nor this registry has the ${request.slug} schema ${request.schema.checksum} any more: open the form again.`);
  }
  return local.fields;
}

async function nameErrors(documents: DocumentsClient, request: SaveRequest): Promise<FieldError[]> {
  if (request.id !== null) return [];
  const problem = documentNameProblem(request.name);
  if (problem !== null) return [{ path: 'name', message: problem }];
  const existing = (await documents.client.readBlockTypeBySlug(request.slug)) === null ? null : await documents.readDocumentByName(request.slug, request.name, false);
  return existing === null ? [] : [{ path: 'name', message: NAME_TAKEN }];
}

/** Prefect's own validation of the values; a message quoting a secret value has it redacted. */
async function prefectValidation(documents: DocumentsClient, fields: JsonObject, values: JsonObject, redactor: SecretRedactor): Promise<FieldError[]> {
  return (await documents.validateValues(fields, values)).map((error) => ({ path: error.path, message: redactor.redact(error.message) }));
}

/** The secret values the person typed (the mask stands for a value kept as it is): redacted from any message a server answers with. */
function typedSecrets(values: JsonObject, fields: JsonObject): SecretValue[] {
  return secretValues(values, secretFieldsOf(fields)).filter((secret) => secret.value !== SECRET_MASK);
}
