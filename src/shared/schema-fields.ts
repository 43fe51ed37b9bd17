// The rows of a block schema's "Fields" table and its definitions, from the parsed `fields`
// (read with the lossless `parseJson`, so defaults print exactly as registered). Pure: the
// schema diff (schema-diff.ts) reads types through it in main as in the window.
import { getOwn, isJsonObject, isLosslessNumber, stringifyJson, type JsonObject, type JsonValue } from './json';

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
  /**
   * Not secret itself, but a field inside it is (`credentials.minio_root_password` in
   * `secret_fields`): a nested block or model that holds secrets.
   */
  containsSecrets: boolean;
  /** The definitions the type names (`$ref`s, in order, each once), with the block type of a nested block. */
  references: TypeReference[];
}

export interface TypeReference {
  /** The definition's name, as `type` shows it. */
  name: string;
  /** The nested block's type (the definition's `block_type_slug`), or null for a plain definition. */
  blockTypeSlug: string | null;
}

export interface SchemaDefinition {
  name: string;
  /** Pretty-printed JSON of the definition. */
  json: string;
  title: string | null;
  description: string | null;
  /** A nested block's type, or null. */
  blockTypeSlug: string | null;
  /** Its properties as rows (empty for an enum or a definition without properties). */
  fields: SchemaField[];
  /** An enum's values as JSON text, or null. */
  enumValues: string[] | null;
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

function definitionsOf(root: JsonValue): JsonObject | null {
  if (!isJsonObject(root)) return null;
  const definitions = getOwn(root, 'definitions') ?? getOwn(root, '$defs');
  return isJsonObject(definitions) ? definitions : null;
}

/** The `$ref`s under a property (through unions, allOf, items, additionalProperties), resolved in the root's definitions. */
function typeReferences(schema: JsonValue | undefined, root: JsonValue): TypeReference[] {
  const definitions = definitionsOf(root);
  const found = new Map<string, TypeReference>();
  const visit = (node: JsonValue | undefined, depth: number): void => {
    if (depth > 32) return;
    if (Array.isArray(node)) {
      node.forEach((item) => visit(item, depth + 1));
      return;
    }
    if (!isJsonObject(node)) return;
    const ref = getOwn(node, '$ref');
    if (typeof ref === 'string') {
      const name = refName(ref);
      const target = definitions === null ? undefined : getOwn(definitions, name);
      const slug = isJsonObject(target) ? getOwn(target, 'block_type_slug') : undefined;
      if (!found.has(name)) found.set(name, { name, blockTypeSlug: typeof slug === 'string' ? slug : null });
    }
    for (const key of [...COMBINATORS, 'items', 'additionalProperties', 'prefixItems'] as const) visit(getOwn(node, key), depth + 1);
  };
  visit(schema, 0);
  return [...found.values()];
}

/**
 * The properties of a block schema's `fields` (or of one of its definitions, `root` being the
 * schema whose definitions `$ref`s name): in `position` order where given (properties without
 * one follow, in insertion order), with type, required, default, description and secret.
 */
export function schemaFields(fields: JsonValue, root: JsonValue = fields): SchemaField[] {
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
    const secret = secretFields.has(name) || secretFields.has(`${name}.*`) || marksSecret(property);
    return {
      name,
      title: text(getOwn(schema, 'title')),
      type: describeType(property),
      required: required.has(name),
      default: defaultValue === undefined ? null : stringifyJson(defaultValue),
      description: text(getOwn(schema, 'description')),
      secret,
      containsSecrets: !secret && [...secretFields].some((path) => path.startsWith(`${name}.`)),
      references: typeReferences(property, root),
    };
  });
}

/** The schema's `definitions` (or `$defs`), in their order: each its properties as rows, or its enum values. */
export function schemaDefinitions(fields: JsonValue): SchemaDefinition[] {
  const definitions = definitionsOf(fields);
  if (definitions === null) return [];
  return Object.keys(definitions).map((name) => {
    const definition = definitions[name] ?? null;
    const object: JsonObject = isJsonObject(definition) ? definition : {};
    const values = getOwn(object, 'enum');
    const slug = getOwn(object, 'block_type_slug');
    return {
      name,
      json: stringifyJson(definition, 2),
      title: text(getOwn(object, 'title')),
      description: text(getOwn(object, 'description')),
      blockTypeSlug: typeof slug === 'string' ? slug : null,
      fields: schemaFields(object, fields),
      enumValues: Array.isArray(values) ? values.map((value) => (typeof value === 'string' ? value : stringifyJson(value))) : null,
    };
  });
}

/** The schema's own description (its docstring), or null. */
export function schemaDescription(fields: JsonValue): string | null {
  return isJsonObject(fields) ? text(getOwn(fields, 'description')) : null;
}
