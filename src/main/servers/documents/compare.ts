// One document compared across two servers value by value, and two servers' documents side by
// side. Secret values are compared only with the person's consent, and then by their SHA-256 in
// main: what leaves this module says "same" or "different", with the mask in place of each value.
import { createHash } from 'node:crypto';
import {
  formatDocumentAddress,
  maskSecrets,
  SECRET_MASK,
  secretFieldsOf,
  secretValues,
  type ComparedValue,
  type DocumentAddress,
  type DocumentComparison,
  type DocumentSchemaRef,
  type ServerDocumentsComparison,
} from '../../../shared/documents';
import { RegistryError } from '../../../shared/errors';
import { isJsonObject, jsonEqual, stringifyJson, type JsonObject, type JsonValue } from '../../../shared/json';
import { readServerDocuments } from './browse';
import type { DocumentsClient, ServerBlockDocument } from './client';
import { SecretRedactor } from './secret-redactor';

export async function compareDocument(left: DocumentsClient, right: DocumentsClient, which: DocumentAddress | { id: string }, includeSecrets: boolean): Promise<DocumentComparison> {
  const redactor = new SecretRedactor();
  return redactor.guard(async () => {
    const leftDocument = 'id' in which ? await left.readDocument(which.id, includeSecrets) : await left.readDocumentByName(which.slug, which.name, includeSecrets);
    if (leftDocument === null) {
      throw new RegistryError('not_found', `The Prefect server at ${left.apiUrl} has no block document ${'id' in which ? `with id ${which.id}` : `'${formatDocumentAddress(which)}'`}.`);
    }
    const slug = leftDocument.block_type?.slug ?? leftDocument.block_schema?.block_type?.slug ?? '';
    const address = { slug, name: leftDocument.name ?? leftDocument.id };
    const rightDocument = await right.readDocumentByName(address.slug, address.name, includeSecrets);
    const leftSecrets = secretFieldsOf(leftDocument.block_schema?.fields ?? {});
    const rightSecrets = rightDocument === null ? [] : secretFieldsOf(rightDocument.block_schema?.fields ?? {});
    if (includeSecrets) {
      redactor.add(secretValues(leftDocument.data, leftSecrets));
      if (rightDocument !== null) redactor.add(secretValues(rightDocument.data, rightSecrets));
    }
    const secretPaths = new Set([
      ...secretValues(leftDocument.data, leftSecrets).map((secret) => secret.path),
      ...(rightDocument === null ? [] : secretValues(rightDocument.data, rightSecrets).map((secret) => secret.path)),
    ]);
    const values = compareValues(leaves(leftDocument.data), rightDocument === null ? new Map() : leaves(rightDocument.data), secretPaths, includeSecrets);
    const references = compareReferences(leftDocument, rightDocument);
    const leftSchema = schemaOf(leftDocument);
    const rightSchema = rightDocument === null ? null : schemaOf(rightDocument);
    const sameSchema = rightSchema !== null && rightSchema.checksum === leftSchema.checksum;
    const differs = values.some((value) => !['same', 'secret_same', 'secret_not_compared'].includes(value.comparison)) || references.some((reference) => !reference.same);
    return {
      address: formatDocumentAddress(address),
      left: { api_url: left.apiUrl, id: leftDocument.id, schema: leftSchema },
      right: rightDocument === null || rightSchema === null ? null : { api_url: right.apiUrl, id: rightDocument.id, schema: rightSchema },
      same_schema: sameSchema,
      values,
      references,
      secrets_compared: includeSecrets,
      same: rightDocument !== null && sameSchema && !differs,
    };
  });
}

/** Both servers' named documents by `TYPE/NAME`: on one side only, or on both and whether they are the same (secrets not compared). */
export async function compareServerDocuments(left: DocumentsClient, right: DocumentsClient): Promise<ServerDocumentsComparison> {
  const [leftServer, rightServer] = await Promise.all([readServerDocuments(left), readServerDocuments(right)]);
  const named = (server: Awaited<ReturnType<typeof readServerDocuments>>): Map<string, ServerBlockDocument> =>
    new Map([...server.documents.values()].filter((document) => document.is_anonymous !== true).map((document) => [`${document.block_type?.slug ?? ''}/${document.name ?? document.id}`, document]));
  const leftNamed = named(leftServer);
  const rightNamed = named(rightServer);
  const masked = (document: ServerBlockDocument): JsonObject => maskSecrets(document.data, secretFieldsOf(document.block_schema?.fields ?? {}));
  const sorted = (items: Iterable<string>): string[] => [...items].sort();
  return {
    left_url: left.apiUrl,
    right_url: right.apiUrl,
    only_left: sorted([...leftNamed.keys()].filter((address) => !rightNamed.has(address))),
    only_right: sorted([...rightNamed.keys()].filter((address) => !leftNamed.has(address))),
    both: sorted([...leftNamed.keys()].filter((address) => rightNamed.has(address))).map((address) => {
      const a = leftNamed.get(address) as ServerBlockDocument;
      const b = rightNamed.get(address) as ServerBlockDocument;
      return { address, same_schema: a.block_schema?.checksum === b.block_schema?.checksum, same_values: jsonEqual(masked(a), masked(b)) };
    }),
  };
}

function schemaOf(document: ServerBlockDocument): DocumentSchemaRef {
  return { id: document.block_schema_id, checksum: document.block_schema?.checksum ?? '', version: document.block_schema?.version ?? '' };
}

/** Every value by dotted path: objects are walked, anything else (a list too) is one value. */
function leaves(data: JsonObject): Map<string, JsonValue> {
  const found = new Map<string, JsonValue>();
  const visit = (value: JsonValue, path: string): void => {
    if (isJsonObject(value) && Object.keys(value).length > 0) {
      for (const key of Object.keys(value)) visit(value[key] as JsonValue, path === '' ? key : `${path}.${key}`);
      return;
    }
    found.set(path, value);
  };
  visit(data, '');
  return found;
}

function compareValues(left: Map<string, JsonValue>, right: Map<string, JsonValue>, secretPaths: Set<string>, includeSecrets: boolean): ComparedValue[] {
  const paths = [...left.keys(), ...[...right.keys()].filter((path) => !left.has(path))];
  return paths.map((path) => {
    const a = left.get(path);
    const b = right.get(path);
    const secret = secretPaths.has(path);
    const shown = (value: JsonValue | undefined): string | null => (value === undefined ? null : secret && value !== null ? SECRET_MASK : stringifyJson(value));
    let comparison: ComparedValue['comparison'];
    if (a === undefined) comparison = 'only_right';
    else if (b === undefined) comparison = 'only_left';
    else if (!secret) comparison = jsonEqual(a, b) ? 'same' : 'different';
    else if (!includeSecrets) comparison = 'secret_not_compared';
    else comparison = digest(a) === digest(b) ? 'secret_same' : 'secret_different';
    return { path, left: shown(a), right: shown(b), comparison };
  });
}

/** A secret's SHA-256, compared in main and never kept or sent. */
function digest(value: JsonValue): string {
  return createHash('sha256').update(stringifyJson(value)).digest('hex');
}

function compareReferences(left: ServerBlockDocument, right: ServerBlockDocument | null): DocumentComparison['references'] {
  const named = (document: ServerBlockDocument | null): Map<string, string> =>
    new Map(Object.entries(document?.block_document_references ?? {}).map(([field, { block_document: child }]) => [field, `${child.block_type.slug}/${child.name ?? child.id}`]));
  const a = named(left);
  const b = named(right);
  return [...new Set([...a.keys(), ...b.keys()])].map((field) => ({ field, left: a.get(field) ?? null, right: b.get(field) ?? null, same: a.get(field) === b.get(field) }));
}
