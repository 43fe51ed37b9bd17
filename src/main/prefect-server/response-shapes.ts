// The shapes of the answers this client reads, checked where they arrive: a server is not trusted
// to send what its OpenAPI document says (the generated types in openapi/ describe, they do not
// check). A wrong shape is refused with the route and the field, e.g. `POST /block_types/filter:
// [3].name: expected a string, got 42`, before any command works with it.
import { z } from 'zod';
import { formatJsonPath, RegistryError } from '../../shared/errors';
import { quoteValue, valueAt } from '../../shared/issue-detail';
import { isJsonObject, isLosslessNumber, type JsonObject, type JsonValue } from '../../shared/json';
import type { PrefectConnection } from './config';
import type { PrefectResponse } from './http';

/** An object as JSON has it: a parsed number (a LosslessNumber instance) is not one, though zod's z.object would take it. */
function object<Shape extends z.ZodRawShape>(what: string, shape: Shape) {
  return z.custom<Record<string, unknown>>((value) => isJsonObject(value), { error: `expected an object (${what})` }).pipe(z.object(shape));
}

const text = (what = 'a string') => z.string({ error: `expected ${what}` });
const optionalText = z.string({ error: 'expected a string or null' }).nullable().optional();

/** A Prefect version (`3.9.1`, `0.8.4`): a few characters; a page of text is no version. */
export const versionShape = text('a version').max(100, { error: 'expected a version (at most 100 characters)' });

export const csrfTokenShape = object('a CSRF token', { token: text(), expiration: optionalText });

/** A block type as the client reads it (Prefect's BlockType, the fields this app uses). */
export const blockTypeShape = object('a block type', {
  id: text(),
  name: text(),
  slug: text(),
  logo_url: optionalText,
  documentation_url: optionalText,
  description: optionalText,
  code_example: optionalText,
  is_protected: z.boolean({ error: 'expected true or false' }).optional(),
});

/** A block schema as the client reads it; `fields` is kept as parsed (its numbers feed the checksum). */
export const blockSchemaShape = object('a block schema', {
  id: text(),
  checksum: text(),
  fields: z.custom<JsonObject>((value) => isJsonObject(value), { error: 'expected an object' }),
  block_type_id: optionalText,
  block_type: blockTypeShape.nullable().optional(),
  capabilities: z.array(text(), { error: 'expected a list of strings' }).optional(),
  version: text().optional(),
});

/** A block document a reference names (`block_document_references[field].block_document`): who it is, not its data. */
const referencedDocumentShape = object('a referenced block document', {
  id: text(),
  name: text().nullable().optional(),
  block_type: blockTypeShape,
  is_anonymous: z.boolean({ error: 'expected true or false' }).optional(),
});

/**
 * A block document as the client reads it (Prefect's BlockDocument): its data as parsed (numbers
 * exact), the schema and type it was saved with, and the documents it references by field.
 */
export const blockDocumentShape = object('a block document', {
  id: text(),
  name: text().nullable().optional(),
  data: z.custom<JsonObject>((value) => isJsonObject(value), { error: 'expected an object' }),
  block_schema_id: text(),
  block_schema: blockSchemaShape.nullable().optional(),
  block_type_id: text(),
  block_type: blockTypeShape.nullable().optional(),
  block_document_references: z.record(z.string(), object('a reference', { block_document: referencedDocumentShape }), { error: 'expected an object of references' }).optional(),
  is_anonymous: z.boolean({ error: 'expected true or false' }).optional(),
  created: optionalText,
  updated: optionalText,
});

/** `POST /ui/schemas/validate`: Prefect's errors, nested by property and index as its UI reads them. */
export const schemaValidationShape = object('a validation result', {
  valid: z.boolean({ error: 'expected true or false' }),
  errors: z.array(z.unknown(), { error: 'expected a list' }),
});

/** A page of a filter route. */
export function pageShape<Row extends z.ZodType>(row: Row) {
  return z.array(row, { error: 'expected a list' });
}

/** How many of a response's problems a message lists. */
const LISTED_PROBLEMS = 3;

/**
 * The response's JSON as `shape` reads it, else an error naming the route, where and what was
 * wrong. `quoteValues: false` for an answer that may hold secrets (a block document read with its
 * secret values): the error then says what kind of value was there, never the value.
 */
export function expectShape<Shape extends z.ZodType>(response: PrefectResponse, connection: PrefectConnection, shape: Shape, options: { quoteValues?: boolean } = {}): z.output<Shape> {
  const result = shape.safeParse(response.json);
  if (result.success) return result.data;
  const root: JsonValue = response.json ?? null;
  const quote = options.quoteValues === false ? kindOf : quoteValue;
  const problems = result.error.issues.slice(0, LISTED_PROBLEMS).map((issue) => {
    const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    const value = valueAt(root, path);
    return `${formatJsonPath(path)}: ${issue.message}, got ${value === undefined ? 'nothing (missing)' : quote(value)}`;
  });
  const more = result.error.issues.length > LISTED_PROBLEMS ? ` (and ${result.error.issues.length - LISTED_PROBLEMS} more)` : '';
  throw new RegistryError(
    'prefect_server',
    `${response.method} ${response.route}: ${problems.join('; ')}${more}. Not what a Prefect server answers: is ${connection.apiUrl} one (of version 3), or is something between rewriting its answers?`,
  );
}

/** What kind of value it is, without the value: `a string`, `a number`, `an object`. */
function kindOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (isLosslessNumber(value)) return 'a number';
  return Array.isArray(value) ? 'a list' : 'an object';
}
