// The shapes of the answers this client reads, checked where they arrive: a server is not trusted
// to send what its OpenAPI document says (the generated types in openapi/ describe, they do not
// check). A wrong shape is refused with the route and the field, e.g. `POST /block_types/filter:
// [3].name: expected a string, got 42`, before any command works with it.
import { z } from 'zod';
import { formatJsonPath, RegistryError } from '../../../shared/errors';
import { quoteValue, valueAt } from '../../../shared/issue-detail';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../shared/json';
import type { PrefectConnection } from './config';
import type { PrefectResponse } from './response';

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

/** A page of a filter route. */
export function pageShape<Row extends z.ZodType>(row: Row) {
  return z.array(row, { error: 'expected a list' });
}

/** How many of a response's problems a message lists. */
const LISTED_PROBLEMS = 3;

/** The response's JSON as `shape` reads it, else an error naming the route, where and what was wrong. */
export function expectShape<Shape extends z.ZodType>(response: PrefectResponse, connection: PrefectConnection, shape: Shape): z.output<Shape> {
  const result = shape.safeParse(response.json);
  if (result.success) return result.data;
  const root: JsonValue = response.json ?? null;
  const problems = result.error.issues.slice(0, LISTED_PROBLEMS).map((issue) => {
    const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    const value = valueAt(root, path);
    return `${formatJsonPath(path)}: ${issue.message}, got ${value === undefined ? 'nothing (missing)' : quoteValue(value)}`;
  });
  const more = result.error.issues.length > LISTED_PROBLEMS ? ` (and ${result.error.issues.length - LISTED_PROBLEMS} more)` : '';
  throw new RegistryError(
    'prefect_server',
    `${response.method} ${response.route}: ${problems.join('; ')}${more}. Not what a Prefect server answers: is ${connection.apiUrl} one (of version 3), or is something between rewriting its answers?`,
  );
}
