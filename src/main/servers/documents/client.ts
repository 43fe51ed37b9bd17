// Prefect's block document routes, over the server client (its retries, redirects, body bounds,
// credential redaction and paging): request bodies typed from the pinned server's OpenAPI
// document, answers checked against the shapes read here. An error about an answer's shape never
// quotes a value of it: a document's values may be secrets, and a server that sends them where it
// should send the mask (or sends them in the wrong place) must not get them printed.
import type { z } from 'zod';
import type { FieldError } from '../../../shared/documents';
import { fromPlainJson, isJsonObject, isLosslessNumber, type JsonObject } from '../../../shared/json';
import type { PrefectClient } from '../client/client';
import type { PrefectResponse } from '../client/response';
import type { components } from '../client/openapi/prefect-api';
import { detailOf, expectStatus } from '../client/response-errors';
import { blockDocumentShape, blockSchemaShape, expectShape, schemaValidationShape } from '../client/response-shapes';

type Schemas = components['schemas'];
/** A block document as the server returns it, checked (blockDocumentShape); `data` read losslessly. */
export type ServerBlockDocument = z.output<typeof blockDocumentShape>;
export type BlockDocumentCreateBody = Omit<Schemas['BlockDocumentCreate'], 'data'> & { data: JsonObject };
export type BlockDocumentUpdateBody = Omit<Schemas['BlockDocumentUpdate'], 'data'> & { data?: JsonObject };

export interface DocumentFilter {
  /** Read the secret values (`include_secrets`); only for an operation that needs them, with consent. */
  includeSecrets: boolean;
  /** Anonymous documents too (Prefect's filter leaves them out by default). */
  anonymous: boolean;
  /** Only documents with these ids. */
  ids?: readonly string[];
}

const NOT_FOUND = 'Block document not found';
const NOT_QUOTED = { quoteValues: false };

export class DocumentsClient {
  readonly client: PrefectClient;
  /**
   * This client's first document write, which the others wait for. A Prefect server makes its
   * encryption key (its `configuration` table's ENCRYPTION_KEY, unless set in its environment)
   * when it first encrypts a document's data, by reading it and then writing it: two first writes
   * at once on PostgreSQL either collide (409) or the later overwrites the key the earlier
   * document was encrypted with, which it then can no longer read. Once one write has been
   * answered, the key is stored, and the others may go together.
   */
  #firstWrite: Promise<unknown> | null = null;

  constructor(client: PrefectClient) {
    this.client = client;
  }

  get apiUrl(): string {
    return this.client.connection.apiUrl;
  }

  /** Every document (all pages, ordered by name), as the filter chooses them. */
  async readDocuments(filter: DocumentFilter): Promise<ServerBlockDocument[]> {
    const documents: JsonObject = { is_anonymous: { eq_: filter.anonymous ? null : false } };
    if (filter.ids !== undefined) documents.id = { any_: [...filter.ids] };
    return this.client.filterAll('/block_documents/filter', { block_documents: documents, include_secrets: filter.includeSecrets }, blockDocumentShape, NOT_QUOTED);
  }

  /** `GET /block_documents/{id}`; null when the server has none with that id. */
  async readDocument(id: string, includeSecrets: boolean): Promise<ServerBlockDocument | null> {
    const response = await this.client.http.request('GET', `/block_documents/${encodeURIComponent(id)}?include_secrets=${String(includeSecrets)}`);
    if (isNotFound(response)) return null;
    return this.#document(expectStatus(response, this.client.connection, [200]));
  }

  /** What `Block.load("slug/name")` reads; null when the type has no document of that name. */
  async readDocumentByName(slug: string, name: string, includeSecrets: boolean): Promise<ServerBlockDocument | null> {
    const route = `/block_types/slug/${encodeURIComponent(slug)}/block_documents/name/${encodeURIComponent(name)}?include_secrets=${String(includeSecrets)}`;
    const response = await this.client.http.request('GET', route);
    if (isNotFound(response)) return null;
    return this.#document(expectStatus(response, this.client.connection, [200]));
  }

  /** 201 with the new document (its secrets masked by the server). */
  async createDocument(body: BlockDocumentCreateBody): Promise<ServerBlockDocument> {
    return this.#document(await this.#afterFirstWrite(() => this.#expect('POST', '/block_documents/', body, [201])));
  }

  /** 204; `merge_existing_data` (default true) merges `data` into the stored data's top level. */
  async updateDocument(id: string, body: BlockDocumentUpdateBody): Promise<void> {
    await this.#afterFirstWrite(() => this.#expect('PATCH', `/block_documents/${encodeURIComponent(id)}`, body, [204]));
  }

  /** The schema with this id on the server; null when there is none. */
  async readSchema(id: string): Promise<z.output<typeof blockSchemaShape> | null> {
    const response = await this.client.http.request('GET', `/block_schemas/${encodeURIComponent(id)}`);
    if (response.status === 404 && detailOf(response.json) === 'Block schema not found') return null;
    return expectShape(expectStatus(response, this.client.connection, [200]), this.client.connection, blockSchemaShape);
  }

  /**
   * Prefect's own validation of a form's values against a schema (`POST /ui/schemas/validate`,
   * what Prefect's UI asks before it saves a block document): its messages, each at the dotted
   * path of the value (`''` for the values as a whole); none when they are valid.
   */
  async validateValues(schema: JsonObject, values: JsonObject): Promise<FieldError[]> {
    // Messages quote the values they refuse, which may be secrets: the caller redacts them.
    const result = expectShape(await this.#expect('POST', '/ui/schemas/validate', { schema, values }, [200]), this.client.connection, schemaValidationShape, NOT_QUOTED);
    if (result.valid) return [];
    const errors: FieldError[] = [];
    // Prefect nests them: `{property, errors}` and `{index, errors}` around the messages themselves.
    const visit = (items: readonly unknown[], path: readonly string[]): void => {
      for (const item of items) {
        if (typeof item === 'string') errors.push({ path: path.join('.'), message: item });
        else if (isJsonObject(item) && Array.isArray(item.errors)) {
          const key = typeof item.property === 'string' ? item.property : isLosslessNumber(item.index) ? item.index.value : null;
          visit(item.errors, key === null ? path : [...path, key]);
        }
      }
    };
    visit(result.errors, []);
    // "Not valid" without a reason still stops a save, in words of ours.
    return errors.length > 0 ? errors : [{ path: '', message: `${this.apiUrl} found the values not valid for this schema, without saying why.` }];
  }

  /**
   * The first write alone (see #firstWrite); those waiting for it, once it is answered, or with
   * its error when it failed (it stops them as it stops an operation). A write after that failure
   * is a first one again.
   */
  async #afterFirstWrite<T>(write: () => Promise<T>): Promise<T> {
    if (this.#firstWrite === null) {
      const first = write();
      this.#firstWrite = first;
      first.catch(() => {
        if (this.#firstWrite === first) this.#firstWrite = null;
      });
      return first;
    }
    await this.#firstWrite;
    return write();
  }

  #document(response: PrefectResponse): ServerBlockDocument {
    return expectShape(response, this.client.connection, blockDocumentShape, NOT_QUOTED);
  }

  async #expect(method: string, route: string, body: unknown, statuses: number[]): Promise<PrefectResponse> {
    return expectStatus(await this.client.http.request(method, route, fromPlainJson(body)), this.client.connection, statuses);
  }
}

/** The route's own "not found", not an unknown route (which is a URL that is not Prefect's API). */
function isNotFound(response: PrefectResponse): boolean {
  return response.status === 404 && detailOf(response.json) === NOT_FOUND;
}
