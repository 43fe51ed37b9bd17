// What changed between two versions of a block schema, field by field: the summary the diff page
// puts above its line diff, so that two changed fields read as two sentences, not 190 rows, and
// the change a block document on an older schema would meet on its type's newest (main reads it
// for the documents list, the window shows it). Pure: shared by both.
import { getOwn, isJsonObject, jsonEqual, stringifyJson, type JsonObject, type JsonValue } from './json';
import { describeType } from './schema-fields';

/** One side of the comparison: a schema's parsed `fields` and what is stored beside them. */
export interface SchemaSide {
  fields: JsonValue;
  capabilities: readonly string[];
  version: string;
}

export interface PropertyChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  /** For added and removed: what the property is ("string, required"); for changed: each difference. */
  details: string[];
}

export interface SchemaDiffSummary {
  /** Differences of the schema as a whole: version, capabilities, title, description, definitions. */
  schema: string[];
  /** Added, then removed, then changed properties; each group in the newer (or older) schema's order. */
  properties: PropertyChange[];
}

function objectAt(value: JsonValue | undefined, key: string): JsonObject {
  if (!isJsonObject(value)) return {};
  const found = getOwn(value, key);
  return isJsonObject(found) ? found : {};
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function textAt(value: JsonValue | undefined, key: string): string | null {
  if (!isJsonObject(value)) return null;
  const found = getOwn(value, key);
  return typeof found === 'string' ? found : null;
}

/** Short enough for a sentence: long texts are cut with an ellipsis. */
function quoted(value: string | null, limit = 60): string {
  if (value === null) return 'none';
  const short = value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
  return `"${short}"`;
}

function jsonText(value: JsonValue | undefined): string {
  return value === undefined ? 'none' : stringifyJson(value);
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return jsonEqual(a, b);
}

/** `+a, −b` for two lists of names; empty when they hold the same names. */
function listChange(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  return [...added.map((item) => `+${item}`), ...removed.map((item) => `−${item}`)].join(', ');
}

/** The entries of `secret_fields` that are this property or inside it (`credentials.password`). */
function secretsOf(fields: JsonValue, name: string): string[] {
  const secretFields = isJsonObject(fields) ? strings(getOwn(fields, 'secret_fields')) : [];
  return secretFields.filter((entry) => entry === name || entry.startsWith(`${name}.`));
}

/** `format: password` or `writeOnly` marks a secret too, as Prefect's UI reads it. */
function marksSecret(property: JsonValue | undefined): boolean {
  return isJsonObject(property) && (getOwn(property, 'format') === 'password' || getOwn(property, 'writeOnly') === true);
}

/** The block type slugs a property nests, from `block_schema_references` (one entry or a list). */
function nestedBlocks(fields: JsonValue, name: string): Array<{ slug: string; checksum: string }> {
  const entry = getOwn(objectAt(fields, 'block_schema_references'), name);
  const entries = Array.isArray(entry) ? entry : entry === undefined ? [] : [entry];
  return entries.filter(isJsonObject).map((item) => ({ slug: textAt(item, 'block_type_slug') ?? '?', checksum: textAt(item, 'block_schema_checksum') ?? '' }));
}

function isRequired(fields: JsonValue, name: string): boolean {
  return isJsonObject(fields) && strings(getOwn(fields, 'required')).includes(name);
}

/** What a property is, for an added or removed one: "string, required, default 3, secret, nests s3-bucket". */
function describeProperty(fields: JsonValue, name: string): string[] {
  const property = getOwn(objectAt(fields, 'properties'), name);
  const details = [describeType(property)];
  if (isRequired(fields, name)) details.push('required');
  const defaultValue = isJsonObject(property) ? getOwn(property, 'default') : undefined;
  if (defaultValue !== undefined) details.push(`default ${jsonText(defaultValue)}`);
  const secrets = secretsOf(fields, name);
  if (secrets.includes(name) || marksSecret(property)) details.push('secret');
  else if (secrets.length > 0) details.push('contains secrets');
  const nested = nestedBlocks(fields, name);
  if (nested.length > 0) details.push(`nests ${nested.map((block) => block.slug).join(' | ')}`);
  return details;
}

/** Each difference of a property present in both schemas; empty when it is the same. */
function compareProperty(older: JsonValue, newer: JsonValue, name: string): string[] {
  const before = getOwn(objectAt(older, 'properties'), name);
  const after = getOwn(objectAt(newer, 'properties'), name);
  const details: string[] = [];
  const typeBefore = describeType(before);
  const typeAfter = describeType(after);
  if (typeBefore !== typeAfter) details.push(`type ${typeBefore} → ${typeAfter}`);
  const defaultBefore = isJsonObject(before) ? getOwn(before, 'default') : undefined;
  const defaultAfter = isJsonObject(after) ? getOwn(after, 'default') : undefined;
  if (!same(defaultBefore, defaultAfter)) details.push(`default ${jsonText(defaultBefore)} → ${jsonText(defaultAfter)}`);
  const titleBefore = textAt(before, 'title');
  const titleAfter = textAt(after, 'title');
  if (titleBefore !== titleAfter) details.push(`title ${quoted(titleBefore)} → ${quoted(titleAfter)}`);
  const descriptionBefore = textAt(before, 'description');
  const descriptionAfter = textAt(after, 'description');
  if (descriptionBefore !== descriptionAfter) details.push(descriptionBefore === null ? 'description added' : descriptionAfter === null ? 'description removed' : 'description changed');
  const requiredBefore = isRequired(older, name);
  const requiredAfter = isRequired(newer, name);
  if (requiredBefore !== requiredAfter) details.push(requiredAfter ? 'now required' : 'no longer required');
  const secretsBefore = secretsOf(older, name);
  const secretsAfter = secretsOf(newer, name);
  const secretChange = listChange(secretsBefore, secretsAfter);
  if (secretChange !== '') details.push(`secret fields ${secretChange}`);
  else if (marksSecret(before) !== marksSecret(after)) details.push(marksSecret(after) ? 'now secret' : 'no longer secret');
  const nestedBefore = nestedBlocks(older, name);
  const nestedAfter = nestedBlocks(newer, name);
  const slugsBefore = nestedBefore.map((block) => block.slug).join(' | ');
  const slugsAfter = nestedAfter.map((block) => block.slug).join(' | ');
  if (slugsBefore !== slugsAfter) details.push(`nested block ${slugsBefore === '' ? 'none' : slugsBefore} → ${slugsAfter === '' ? 'none' : slugsAfter}`);
  else if (nestedBefore.some((block, index) => block.checksum !== nestedAfter[index]?.checksum)) details.push(`nested ${slugsAfter} schema changed`);
  // Anything else of the property's JSON (enum values, formats, positions…): said, not itemised.
  if (details.length === 0 && !same(before, after)) details.push('other keywords changed');
  return details;
}

function schemaLevel(older: SchemaSide, newer: SchemaSide): string[] {
  const changes: string[] = [];
  if (older.version !== newer.version) changes.push(`version ${older.version} → ${newer.version}`);
  const capabilities = listChange(older.capabilities, newer.capabilities);
  if (capabilities !== '') changes.push(`capabilities ${capabilities}`);
  const titleBefore = textAt(older.fields, 'title');
  const titleAfter = textAt(newer.fields, 'title');
  if (titleBefore !== titleAfter) changes.push(`title ${quoted(titleBefore)} → ${quoted(titleAfter)}`);
  const descriptionBefore = textAt(older.fields, 'description');
  const descriptionAfter = textAt(newer.fields, 'description');
  if (descriptionBefore !== descriptionAfter) changes.push(descriptionBefore === null ? 'description added' : descriptionAfter === null ? 'description removed' : 'description changed');
  const definitionsBefore = objectAt(older.fields, 'definitions');
  const definitionsAfter = objectAt(newer.fields, 'definitions');
  const definitionNames = listChange(Object.keys(definitionsBefore), Object.keys(definitionsAfter));
  if (definitionNames !== '') changes.push(`definitions ${definitionNames}`);
  const changedDefinitions = Object.keys(definitionsAfter).filter((name) => Object.hasOwn(definitionsBefore, name) && !same(getOwn(definitionsBefore, name), getOwn(definitionsAfter, name)));
  if (changedDefinitions.length > 0) changes.push(`definitions changed: ${changedDefinitions.join(', ')}`);
  return changes;
}

/** The field-level differences from `older` to `newer`. Both empty: the schemas say the same. */
export function summarizeSchemaDiff(older: SchemaSide, newer: SchemaSide): SchemaDiffSummary {
  const namesBefore = Object.keys(objectAt(older.fields, 'properties'));
  const namesAfter = Object.keys(objectAt(newer.fields, 'properties'));
  const properties: PropertyChange[] = [
    ...namesAfter.filter((name) => !namesBefore.includes(name)).map((name): PropertyChange => ({ name, kind: 'added', details: describeProperty(newer.fields, name) })),
    ...namesBefore.filter((name) => !namesAfter.includes(name)).map((name): PropertyChange => ({ name, kind: 'removed', details: describeProperty(older.fields, name) })),
  ];
  for (const name of namesAfter) {
    if (!namesBefore.includes(name)) continue;
    const details = compareProperty(older.fields, newer.fields, name);
    if (details.length > 0) properties.push({ name, kind: 'changed', details });
  }
  return { schema: schemaLevel(older, newer), properties };
}

/** "2 added, 1 changed" for the summary's heading; "no field changes" when nothing differs. */
export function countPropertyChanges(properties: readonly PropertyChange[]): string {
  const counts = (['added', 'removed', 'changed'] as const).map((kind) => [kind, properties.filter((change) => change.kind === kind).length] as const).filter(([, count]) => count > 0);
  if (counts.length === 0) return 'no field changes';
  return counts.map(([kind, count]) => `${count.toLocaleString('en-US')} ${kind}`).join(', ');
}
