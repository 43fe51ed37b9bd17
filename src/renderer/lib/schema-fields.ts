// The rows of a block schema's "Fields" table and its definitions, from the parsed `fields`
// (read with the lossless `parseJson`, so defaults print exactly as registered).
import { getOwn, isJsonObject, isLosslessNumber, stringifyJson, type JsonObject, type JsonValue } from '../../shared/json';

export interface SchemaField {
  name: string;
  title: string | null;
  /** e.g. `string`, `AwsClientParameters`, `string | null`, `array<string>`. */
  type: string;
  required: boolean;
  /** The default as JSON text, or null when there is none. */
  default: string | null;
  description: string | null;
  secret: boolean;
}

export interface SchemaDefinition {
  name: string;
  /** Pretty-printed JSON of the definition. */
  json: string;
}

function stringList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/** `#/definitions/AwsClientParameters` → `AwsClientParameters` (JSON pointer escapes undone). */
export function refName(ref: string): string {
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const name = last.replace(/~1/g, '/').replace(/~0/g, '~');
  return name === '' ? ref : name;
}

const COMBINATORS = ['anyOf', 'oneOf', 'allOf'] as const;

/** A readable type for a property's JSON schema. */
export function describeType(schema: JsonValue | undefined): string {
  if (!isJsonObject(schema)) return 'any';
  const ref = getOwn(schema, '$ref');
  if (typeof ref === 'string') return refName(ref);
  for (const combinator of COMBINATORS) {
    const alternatives = getOwn(schema, combinator);
    if (Array.isArray(alternatives) && alternatives.length > 0) {
      return [...new Set(alternatives.map((alternative) => describeType(alternative)))].join(' | ');
    }
  }
  const type = getOwn(schema, 'type');
  const named = (name: string): string => {
    if (name !== 'array') return name;
    const items = getOwn(schema, 'items');
    return items === undefined ? 'array' : `array<${describeType(items)}>`;
  };
  if (typeof type === 'string') return named(type);
  if (Array.isArray(type)) {
    const names = type.filter((item): item is string => typeof item === 'string');
    if (names.length > 0) return names.map(named).join(' | ');
  }
  if (getOwn(schema, 'enum') !== undefined) return 'enum';
  if (getOwn(schema, 'const') !== undefined) return 'const';
  return 'any';
}

/** `format: password` or `writeOnly: true` on the property or one of its direct alternatives. */
function marksSecret(schema: JsonValue | undefined): boolean {
  if (!isJsonObject(schema)) return false;
  if (getOwn(schema, 'format') === 'password' || getOwn(schema, 'writeOnly') === true) return true;
  return COMBINATORS.some((combinator) => {
    const alternatives = getOwn(schema, combinator);
    return Array.isArray(alternatives) && alternatives.some((alternative) => isJsonObject(alternative) && (getOwn(alternative, 'format') === 'password' || getOwn(alternative, 'writeOnly') === true));
  });
}

function position(schema: JsonValue | undefined): number | null {
  if (!isJsonObject(schema)) return null;
  const value = getOwn(schema, 'position');
  if (!isLosslessNumber(value)) return null;
  const number = Number(value.value);
  return Number.isFinite(number) ? number : null;
}

/**
 * The properties of a block schema's `fields`: in `position` order where given (properties
 * without one follow, in insertion order), with type, required, default, description and secret.
 */
export function schemaFields(fields: JsonValue): SchemaField[] {
  if (!isJsonObject(fields)) return [];
  const properties = getOwn(fields, 'properties');
  if (!isJsonObject(properties)) return [];
  const required = new Set(stringList(getOwn(fields, 'required')));
  const secretFields = new Set(stringList(getOwn(fields, 'secret_fields')));
  const names = Object.keys(properties);
  const order = names.map((name, index) => ({ name, index, position: position(properties[name]) }));
  order.sort((a, b) => {
    if (a.position !== null && b.position !== null && a.position !== b.position) return a.position - b.position;
    if (a.position !== null && b.position === null) return -1;
    if (a.position === null && b.position !== null) return 1;
    return a.index - b.index;
  });
  return order.map(({ name }) => {
    const property = getOwn(properties, name);
    const schema: JsonObject = isJsonObject(property) ? property : {};
    const defaultValue = getOwn(schema, 'default');
    return {
      name,
      title: text(getOwn(schema, 'title')),
      type: describeType(property),
      required: required.has(name),
      default: defaultValue === undefined ? null : stringifyJson(defaultValue),
      description: text(getOwn(schema, 'description')),
      secret: secretFields.has(name) || secretFields.has(`${name}.*`) || marksSecret(property),
    };
  });
}

/** The schema's `definitions` (or `$defs`), in their order, each as pretty JSON. */
export function schemaDefinitions(fields: JsonValue): SchemaDefinition[] {
  if (!isJsonObject(fields)) return [];
  const definitions = getOwn(fields, 'definitions') ?? getOwn(fields, '$defs');
  if (!isJsonObject(definitions)) return [];
  return Object.keys(definitions).map((name) => ({ name, json: stringifyJson(definitions[name] ?? null, 2) }));
}
