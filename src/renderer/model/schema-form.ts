// A block schema's form as Prefect's UI (ui-v2, components/schemas/) renders a block document
// form, built from the schema alone: which widget each property gets, in which order, with which
// label, help text and default. Pure: the `SchemaForm` component only draws this model.
//
// The rules follow ui-v2's `SchemaFormInput` dispatch, in its order: a property (after merging
// its `$ref`) with `block_type_slug` is a picker of block documents; `anyOf`/`oneOf` and a list
// of types are a type selector; `allOf` is merged; then by `type` (string formats, enums,
// integer/number, boolean, object, array, null); no type is Prefect's JSON editor. Properties are
// sorted by `position` (missing counts as 0, as `sortByPropertyPosition` does; the sort is
// stable, so declaration order breaks ties). A label is `title ?? format ?? a Python type name`.
import { getOwn, isJsonObject, isLosslessNumber, LosslessNumber, stringifyJson, type JsonObject, type JsonValue } from '../../shared/json';

export interface FormField {
  /** The property's name in its object. */
  key: string;
  /** Dotted path from the schema's root (`credentials.minio_root_password`), unique per form. */
  path: string;
  /** What Prefect's UI shows: `title ?? format ?? type label`. */
  label: string;
  required: boolean;
  /** Markdown help text (the property's description), or null. */
  description: string | null;
  /** Marked secret by the property (`format: password`, `writeOnly`) or the schema's `secret_fields`. */
  secret: boolean;
  widget: FormWidget;
}

export interface UnionOption {
  label: string;
  description: string | null;
  widget: FormWidget;
  /** The value choosing this alternative in an editable form starts from (one the alternative reads as its own). */
  seed: JsonValue;
}

export type FormWidget =
  /** A one-row text area (ui-v2 uses a Textarea for plain strings). */
  | { kind: 'text'; value: string | null; format: string | null }
  | { kind: 'password'; value: string | null }
  | { kind: 'date'; value: string | null }
  | { kind: 'date-time'; value: string | null }
  /** A duration in seconds. */
  | { kind: 'time-delta'; value: string | null }
  | { kind: 'number'; integer: boolean; value: string | null; minimum: string | null; maximum: string | null }
  | { kind: 'switch'; value: boolean }
  /** Options and the selected ones as display text (JSON for non-strings); `values` the options as they are. */
  | { kind: 'select'; multiple: boolean; options: string[]; selected: string[]; values: JsonValue[] }
  /**
   * A picker of block documents of one block type: the document the value references
   * (`{"$ref": {"block_document_id": …}}`), or a block written inline in the value.
   */
  | { kind: 'block-document'; blockTypeSlug: string; blockTypeTitle: string | null; documentId: string | null; inline: boolean }
  | { kind: 'object'; fields: FormField[] }
  /** Prefect's JSON editor: untyped values, open objects, `json-string`, recursion cut short. */
  | { kind: 'json'; value: string | null; secret: boolean; note: string | null }
  /** An array's items (its default's), each with its own widget; adding is disabled in a preview. `newItem`: what Add item appends. */
  | { kind: 'list'; items: FormWidget[]; maxItems: number | null; newItem: JsonValue }
  | { kind: 'union'; options: UnionOption[]; selected: number }
  | { kind: 'null' };

export type WidgetKind = FormWidget['kind'];

export interface SchemaFormModel {
  title: string | null;
  description: string | null;
  fields: FormField[];
}

/** Beyond this depth (or on a `$ref` already being expanded) a property becomes a JSON editor. */
const MAX_DEPTH = 24;
/** At most this many widgets per form; the rest are JSON editors. */
const MAX_WIDGETS = 2_000;

const TYPE_LABELS: Record<string, string> = { null: 'None', string: 'str', boolean: 'bool', integer: 'int', number: 'float', array: 'list', object: 'dict' };

interface Context {
  root: JsonObject;
  /** Dotted paths the root's `secret_fields` names (a `.*` suffix: everything under it). */
  secretPaths: Set<string>;
  /** `$ref`s being expanded on the current path: a recursive definition stops there. */
  refs: readonly string[];
  depth: number;
  /** Widgets left to build: a hostile schema (definitions nesting each other many times) stays small. */
  budget: { remaining: number };
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function numberLexeme(value: JsonValue | undefined): string | null {
  return isLosslessNumber(value) ? value.value : null;
}

function position(property: JsonValue | undefined): number {
  if (!isJsonObject(property)) return 0;
  const lexeme = numberLexeme(getOwn(property, 'position'));
  const number = lexeme === null ? 0 : Number(lexeme);
  return Number.isFinite(number) ? number : 0;
}

/** `#/definitions/X` or `#/$defs/X` in the root schema (JSON pointer escapes undone). */
export function resolveRef(root: JsonObject, ref: string): JsonObject | null {
  const match = /^#\/(definitions|\$defs)\/(.+)$/.exec(ref);
  if (match === null) return null;
  const container = getOwn(root, match[1] ?? '');
  if (!isJsonObject(container)) return null;
  const target = getOwn(container, (match[2] ?? '').replace(/~1/g, '/').replace(/~0/g, '~'));
  return isJsonObject(target) ? target : null;
}

/** lodash.merge for JSON objects, as ui-v2 merges definitions: objects deep, the rest replaced. */
function deepMerge(target: JsonObject, source: JsonObject): JsonObject {
  const result: JsonObject = { ...target };
  for (const key of Object.keys(source)) {
    const incoming = source[key];
    if (incoming === undefined) continue;
    const existing = getOwn(result, key);
    result[key] = isJsonObject(existing) && isJsonObject(incoming) ? deepMerge(existing, incoming) : incoming;
  }
  return result;
}

/** ui-v2's `mergeSchemaPropertyDefinition`: a `$ref` property becomes its definition plus its own keys. */
function mergeRef(property: JsonObject, context: Context): { property: JsonObject; ref: string | null } {
  const ref = getOwn(property, '$ref');
  if (typeof ref !== 'string') return { property, ref: null };
  const { $ref: _ref, ...rest } = property;
  return { property: deepMerge(resolveRef(context.root, ref) ?? {}, rest), ref };
}

function typeLabel(property: JsonObject): string | null {
  const type = getOwn(property, 'type');
  return typeof type === 'string' ? (TYPE_LABELS[type] ?? null) : null;
}

/** ui-v2's `getSchemaObjectLabel`: title, else format, else a Python type name, else "Field". */
function labelOf(property: JsonObject, context: Context): string {
  const merged = mergeRef(property, context).property;
  return text(getOwn(merged, 'title')) ?? text(getOwn(merged, 'format')) ?? typeLabel(merged) ?? 'Field';
}

function marksSecret(property: JsonObject): boolean {
  return getOwn(property, 'format') === 'password' || getOwn(property, 'writeOnly') === true;
}

function isSecretPath(path: string, secretPaths: Set<string>): boolean {
  if (secretPaths.size === 0) return false;
  if (secretPaths.has(path) || secretPaths.has(`${path}.*`)) return true;
  // `headers.*` covers everything under `headers`.
  for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1)) if (secretPaths.has(`${path.slice(0, dot)}.*`)) return true;
  return false;
}

function isPrimitive(value: JsonValue): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || isLosslessNumber(value);
}

/** ui-v2's `isWithPrimitiveEnum`: an `enum` of strings, numbers, booleans or null. */
function primitiveEnum(property: JsonObject): JsonValue[] | null {
  const values = getOwn(property, 'enum');
  return Array.isArray(values) && values.every(isPrimitive) ? values : null;
}

function display(value: JsonValue): string {
  return typeof value === 'string' ? value : stringifyJson(value);
}

function sameValue(a: JsonValue, b: JsonValue): boolean {
  return stringifyJson(a) === stringifyJson(b);
}

function enumSelect(values: JsonValue[], value: JsonValue | undefined, multiple: boolean): FormWidget {
  const chosen = multiple ? (Array.isArray(value) ? value : []) : value === undefined ? [] : [value];
  return { kind: 'select', multiple, options: values.map(display), selected: chosen.filter((item) => values.some((option) => sameValue(option, item))).map(display), values };
}

/** The `$ref` of a value that names a saved block document, else null. */
function referencedDocumentId(value: JsonValue | undefined): string | null {
  if (!isJsonObject(value)) return null;
  const ref = getOwn(value, '$ref');
  if (!isJsonObject(ref)) return null;
  const id = getOwn(ref, 'block_document_id');
  return typeof id === 'string' ? id : null;
}

/** A value an alternative reads as its own (`unionIndex` picks it): its default, else an empty value of its type. */
function seedOf(definition: JsonObject): JsonValue {
  const fallback = getOwn(definition, 'default');
  if (fallback !== undefined) return fallback;
  const values = primitiveEnum(definition);
  if (values !== null && values[0] !== undefined) return values[0];
  switch (typeOf(definition)) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return new LosslessNumber('0');
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'null':
      return null;
    default:
      return {};
  }
}

function jsonWidget(value: JsonValue | undefined, secret: boolean, note: string | null = null): FormWidget {
  return { kind: 'json', value: value === undefined ? null : stringifyJson(value, 2), secret, note };
}

/** The alternatives of an `anyOf`/`oneOf`, or of a list of types (`type: ["string", "null"]`). */
function alternatives(property: JsonObject): JsonObject[] | null {
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = getOwn(property, key);
    if (Array.isArray(list)) return list.map((item) => (isJsonObject(item) ? item : {}));
  }
  const type = getOwn(property, 'type');
  if (Array.isArray(type)) return type.map((item): JsonObject => (typeof item === 'string' ? { type: item } : {}));
  return null;
}

function typeOf(definition: JsonObject): string | null {
  const type = getOwn(definition, 'type');
  return typeof type === 'string' ? type : null;
}

/** ui-v2's `getIndexForAnyOfPropertyValue`: the alternative a value (or the default) belongs to. */
export function unionIndex(options: readonly JsonObject[], value: JsonValue | undefined): number {
  if (value === undefined) return 0;
  const matches = (test: (definition: JsonObject) => boolean): number => options.findIndex(test);
  const primitive = (matchesType: (type: string | null) => boolean): number => {
    const inEnum = matches((definition) => (matchesType(typeOf(definition)) || typeOf(definition) === null) && (primitiveEnum(definition)?.some((option) => sameValue(option, value)) ?? false));
    if (inEnum >= 0) return inEnum;
    const plain = matches((definition) => matchesType(typeOf(definition)) && getOwn(definition, 'enum') === undefined);
    return plain >= 0 ? plain : matches((definition) => matchesType(typeOf(definition)));
  };
  let index = -1;
  if (typeof value === 'string') index = primitive((type) => type === 'string');
  else if (typeof value === 'boolean') index = primitive((type) => type === 'boolean');
  else if (isLosslessNumber(value)) index = primitive((type) => type === 'number' || type === 'integer');
  else if (value === null) index = matches((definition) => typeOf(definition) === 'null');
  else if (Array.isArray(value)) index = matches((definition) => typeOf(definition) === 'array');
  else index = recordIndex(options, value);
  return index >= 0 ? index : 0;
}

function recordIndex(options: readonly JsonObject[], value: JsonObject): number {
  const keys = Object.keys(value);
  const isOpen = (definition: JsonObject): boolean => !isJsonObject(getOwn(definition, 'properties'));
  if (keys.length === 0) return options.findIndex((definition) => typeOf(definition) === 'object');
  let best = 0;
  let bestShared = 0;
  options.forEach((definition, index) => {
    const properties = getOwn(definition, 'properties');
    if (!isJsonObject(properties)) return;
    const shared = keys.filter((key) => Object.hasOwn(properties, key)).length;
    if (shared > bestShared) [best, bestShared] = [index, shared];
  });
  if (bestShared > 0) return best;
  const open = options.findIndex((definition) => typeOf(definition) === 'object' && isOpen(definition));
  return open >= 0 ? open : options.findIndex((definition) => typeOf(definition) === 'object');
}

function deeper(context: Context, ref: string | null): Context {
  return { ...context, depth: context.depth + 1, refs: ref === null ? context.refs : [...context.refs, ref] };
}

/**
 * The widget for one property (ui-v2's `SchemaFormInput`), given its value: the value passed
 * down from the parent's, else the property's own default (as `SchemaFormProperty` fills it).
 */
function widgetFor(rawProperty: JsonObject, value: JsonValue | undefined, path: string, secret: boolean, context: Context): FormWidget {
  const ref = getOwn(rawProperty, '$ref');
  if (typeof ref === 'string' && context.refs.includes(ref)) return jsonWidget(value, secret, `${labelOf(rawProperty, context)} refers to itself: edited as JSON`);
  if (context.depth >= MAX_DEPTH) return jsonWidget(value, secret, 'Nested too deeply: edited as JSON');
  if (context.budget.remaining <= 0) return jsonWidget(value, secret, 'Too many fields to show: edited as JSON');
  context.budget.remaining -= 1;
  const merged = mergeRef(rawProperty, context);
  const property = merged.property;
  const inner = deeper(context, merged.ref);
  const current = value ?? getOwn(property, 'default');

  const blockTypeSlug = getOwn(property, 'block_type_slug');
  if (typeof blockTypeSlug === 'string') {
    const documentId = referencedDocumentId(value);
    return { kind: 'block-document', blockTypeSlug, blockTypeTitle: text(getOwn(property, 'title')), documentId, inline: documentId === null && isJsonObject(value) };
  }
  const options = alternatives(property);
  if (options !== null && options.length > 0) return unionWidget(options, current, path, secret, context, inner);
  const allOf = getOwn(property, 'allOf');
  if (Array.isArray(allOf)) return allOfWidget(property, allOf, current, path, secret, context, inner);
  return typedWidget(property, current, path, secret, inner);
}

/** anyOf / oneOf (or a list of types): a selector of the alternatives, the one the value belongs to chosen. */
function unionWidget(options: readonly JsonObject[], current: JsonValue | undefined, path: string, secret: boolean, context: Context, inner: Context): FormWidget {
  const resolved = options.map((option) => mergeRef(option, context).property);
  const selected = unionIndex(resolved, current);
  return {
    kind: 'union',
    selected,
    options: options.map((option, index) => ({
      label: labelOf(option, context),
      description: text(getOwn(mergeRef(option, context).property, 'description')),
      // Only the alternative the value belongs to shows it; the others start empty, as in ui-v2.
      widget: widgetFor(option, index === selected ? current : undefined, path, secret, inner),
      seed: seedOf(resolved[index] ?? {}),
    })),
  };
}

/** allOf: the parts merged into one property (a part that refers back to itself is edited as JSON). */
function allOfWidget(property: JsonObject, allOf: readonly JsonValue[], current: JsonValue | undefined, path: string, secret: boolean, context: Context, inner: Context): FormWidget {
  const { allOf: _allOf, ...base } = property;
  let combined: JsonObject = {};
  const refs: string[] = [];
  for (const part of allOf) {
    if (!isJsonObject(part)) continue;
    const partRef = getOwn(part, '$ref');
    if (typeof partRef === 'string') {
      if (context.refs.includes(partRef)) return jsonWidget(current, secret, `${labelOf(part, context)} refers to itself: edited as JSON`);
      refs.push(partRef);
    }
    combined = deepMerge(combined, mergeRef(part, context).property);
  }
  return widgetFor(deepMerge(combined, base), current, path, secret, { ...inner, refs: [...inner.refs, ...refs] });
}

function stringWidget(property: JsonObject, current: JsonValue | undefined): FormWidget {
  const format = text(getOwn(property, 'format'));
  const stringValue = typeof current === 'string' ? current : current === undefined || current === null ? null : display(current);
  // As in ui-v2, the format decides (SecretStr is `format: password`); a plain string
  // alternative of a secret (Prefect's Secret block offers one) stays plain text.
  if (format === 'password' || marksSecret(property)) return { kind: 'password', value: stringValue };
  if (format === 'date') return { kind: 'date', value: stringValue };
  if (format === 'date-time') return { kind: 'date-time', value: stringValue };
  if (format === 'time-delta') return { kind: 'time-delta', value: stringValue };
  if (format === 'json-string') return jsonWidget(current, false);
  return { kind: 'text', value: stringValue, format };
}

/** The widget of the property's `type` (an enum of it is a select). */
function typedWidget(property: JsonObject, current: JsonValue | undefined, path: string, secret: boolean, inner: Context): FormWidget {
  const type = getOwn(property, 'type');
  const values = primitiveEnum(property);
  switch (type) {
    case 'string':
      return values !== null ? enumSelect(values, current, false) : stringWidget(property, current);
    case 'integer':
    case 'number':
      if (values !== null) return enumSelect(values, current, false);
      return { kind: 'number', integer: type === 'integer', value: numberLexeme(current), minimum: numberLexeme(getOwn(property, 'minimum')), maximum: numberLexeme(getOwn(property, 'maximum')) };
    case 'boolean':
      if (values !== null) return enumSelect(values, current, false);
      return { kind: 'switch', value: current === true };
    case 'object': {
      const properties = getOwn(property, 'properties');
      // An open object (a dict, SecretDict) is Prefect's JSON editor.
      if (!isJsonObject(properties) || Object.keys(properties).length === 0) return jsonWidget(current, secret);
      return { kind: 'object', fields: fieldsOf(property, isJsonObject(current) ? current : undefined, path, inner) };
    }
    case 'array':
      return arrayWidget(property, current, path, secret, inner);
    case 'null':
      return { kind: 'null' };
    default:
      // No type: an enum is a select, anything else Prefect's JSON editor.
      if (values !== null) return enumSelect(values, current, false);
      return jsonWidget(current, secret);
  }
}

function arrayWidget(property: JsonObject, value: JsonValue | undefined, path: string, secret: boolean, context: Context): FormWidget {
  const items = getOwn(property, 'items');
  if (isJsonObject(items)) {
    const itemSchema = mergeRef(items, context).property;
    const values = primitiveEnum(itemSchema);
    if (values !== null) return enumSelect(values, value, true);
  }
  const prefixItems = getOwn(property, 'prefixItems');
  const prefix = Array.isArray(prefixItems) ? prefixItems : [];
  const itemFor = (index: number): JsonObject => {
    const schema = index < prefix.length ? prefix[index] : items;
    if (Array.isArray(schema)) return { anyOf: schema };
    return isJsonObject(schema) ? schema : { type: 'string' };
  };
  const list = Array.isArray(value) ? value : [];
  const maxItems = numberLexeme(getOwn(property, 'maxItems'));
  return {
    kind: 'list',
    maxItems: maxItems === null ? null : Number(maxItems),
    items: list.map((item, index) => widgetFor(itemFor(index), item, `${path}.${index}`, secret, context)),
    newItem: seedOf(mergeRef(itemFor(list.length), context).property),
  };
}

/** The properties of an object schema, in ui-v2's order, each with its widget. */
function fieldsOf(schema: JsonObject, values: JsonObject | undefined, parentPath: string | null, context: Context): FormField[] {
  const properties = getOwn(schema, 'properties');
  if (!isJsonObject(properties)) return [];
  const requiredList = getOwn(schema, 'required');
  const required = new Set(Array.isArray(requiredList) ? requiredList.filter((item): item is string => typeof item === 'string') : []);
  const ordered = Object.keys(properties)
    .map((key, index) => ({ key, index, position: position(properties[key]) }))
    .sort((a, b) => a.position - b.position || a.index - b.index);
  return ordered.map(({ key }) => {
    const raw = getOwn(properties, key);
    const property = isJsonObject(raw) ? raw : {};
    const path = parentPath === null ? key : `${parentPath}.${key}`;
    const merged = mergeRef(property, context).property;
    const options = alternatives(merged) ?? [];
    const secret = isSecretPath(path, context.secretPaths) || marksSecret(merged) || options.some((option) => marksSecret(mergeRef(option, context).property));
    return {
      key,
      path,
      label: labelOf(property, context),
      required: required.has(key),
      description: text(getOwn(merged, 'description')),
      secret,
      widget: widgetFor(property, values === undefined ? undefined : getOwn(values, key), path, isSecretPath(path, context.secretPaths), context),
    };
  });
}

/** The form Prefect's UI would render for a block schema's `fields`, filled with `values` (a document's data) where given. */
export function schemaForm(fields: JsonValue, values?: JsonObject): SchemaFormModel {
  if (!isJsonObject(fields)) return { title: null, description: null, fields: [] };
  const secretList = getOwn(fields, 'secret_fields');
  const secretPaths = new Set(Array.isArray(secretList) ? secretList.filter((item): item is string => typeof item === 'string') : []);
  const context: Context = { root: fields, secretPaths, refs: [], depth: 0, budget: { remaining: MAX_WIDGETS } };
  return { title: text(getOwn(fields, 'title')), description: text(getOwn(fields, 'description')), fields: fieldsOf(fields, values, null, context) };
}

/** Every widget kind in a model, depth first (for tests and summaries). */
export function widgetKinds(model: SchemaFormModel): Set<WidgetKind> {
  const kinds = new Set<WidgetKind>();
  const visit = (widget: FormWidget): void => {
    kinds.add(widget.kind);
    if (widget.kind === 'object') widget.fields.forEach((field) => visit(field.widget));
    if (widget.kind === 'list') widget.items.forEach(visit);
    if (widget.kind === 'union') widget.options.forEach((option) => visit(option.widget));
  };
  model.fields.forEach((field) => visit(field.widget));
  return kinds;
}
