// Moves a document to its type's newest schema on the same server, where the change allows it:
// a new field with a default gets it, a new required field without one blocks the move (no value
// Prefect could load it with), and what the server's own validation refuses blocks it too. Then
// `PATCH block_schema_id` (with the defaults as data, and every reference sent again: a PATCH with
// data drops the references it does not name).
import { SECRET_MASK, formatDocumentAddress, maskSecrets, planUpgrade, secretFieldsOf, secretValues, type DocumentAddress, type UpgradePreview } from '../../../shared/documents';
import { RegistryError } from '../../../shared/errors';
import { stringifyJson, type JsonObject } from '../../../shared/json';
import { documentDetail, findDocument, readServerDocuments } from './browse';
import type { DocumentsClient } from './client';

export async function previewUpgrade(documents: DocumentsClient, which: DocumentAddress | { id: string }): Promise<UpgradePreview> {
  return (await planned(documents, which)).preview;
}

/** Upgrades the document, or refuses with the reasons (nothing written); a document on the newest schema is left as it is. */
export async function upgradeDocument(documents: DocumentsClient, which: DocumentAddress | { id: string }): Promise<UpgradePreview> {
  const { preview, filled, references } = await planned(documents, which);
  if (preview.to === null) return preview;
  if (preview.blockers.length > 0) throw new RegistryError('invalid_input', `${preview.address} cannot move to the newest schema: ${preview.blockers.join('; ')}. Nothing was changed.`);
  const data = Object.keys(filled).length === 0 ? undefined : { ...filled, ...references };
  await documents.updateDocument(preview.id, { block_schema_id: preview.to.id, ...(data === undefined ? {} : { data, merge_existing_data: true }) });
  return preview;
}

async function planned(documents: DocumentsClient, which: DocumentAddress | { id: string }): Promise<{ preview: UpgradePreview; filled: JsonObject; references: JsonObject }> {
  const server = await readServerDocuments(documents);
  const document = findDocument(server, which);
  const { summary } = documentDetail(server, document);
  const address = formatDocumentAddress({ slug: summary.block_type.slug, name: summary.name });
  const base = { api_url: server.apiUrl, address, id: document.id, from: summary.schema };
  const newest = server.newest.get(document.block_type_id);
  if (!summary.outdated || newest === undefined || summary.newest_schema === null) return { preview: { ...base, to: null, change: null, filled: [], blockers: [] }, filled: {}, references: {} };
  const plan = planUpgrade(document.data, newest.fields);
  const blockers = [...plan.blockers];
  if (blockers.length === 0) blockers.push(...(await refusedByServer(documents, { ...document.data, ...plan.filled }, newest.fields)));
  const references: JsonObject = Object.fromEntries(
    Object.entries(document.block_document_references ?? {}).map(([field, { block_document: child }]) => [field, { $ref: { block_document_id: child.id } }]),
  );
  return {
    preview: {
      ...base,
      to: summary.newest_schema,
      change: summary.change,
      filled: Object.entries(plan.filled).map(([field, value]) => ({ field, value: stringifyJson(value) })),
      blockers,
    },
    filled: plan.filled,
    references,
  };
}

/**
 * What the server's own validation says of the document's values under the newest schema. The
 * values are read masked: a complaint about a secret field is about the mask, not the value, and is
 * left out.
 */
async function refusedByServer(documents: DocumentsClient, data: JsonObject, fields: JsonObject): Promise<string[]> {
  const secretFields = secretFieldsOf(fields);
  const secretPaths = new Set(secretValues(data, secretFields).map((secret) => secret.path));
  const errors = await documents.validateValues(fields, maskSecrets(data, secretFields));
  return errors.filter((error) => !secretPaths.has(error.path) && !error.message.includes(SECRET_MASK)).map((error) => (error.path === '' ? error.message : `${error.path}: ${error.message}`));
}
