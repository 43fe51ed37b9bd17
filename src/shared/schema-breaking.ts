// Which differences between two versions of a block schema break what was saved on the older one:
// a block document (or code) written against it may no longer load, or a secret would be shown.
// One truth for the import preview, `import --dry-run`, the server comparison and the diff page.
// Pure: shared by main and the window.
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from './json';
import { describeType } from './schema-fields';

/**
 * - `field-removed`: a property of the older schema is gone (its saved values are dropped or refused).
 * - `type-changed`: a value valid before may not be now (widening, e.g. `string` to `string | null`, is not breaking).
 * - `required-without-default`: a property is required and has no default, and was not required
 *   before (new, or optional until now): documents saved without it no longer validate.
 * - `secret-made-plain`: a secret field (`secret_fields`, `format: password`, `writeOnly`) is no longer secret.
 */
export type BreakingKind = 'field-removed' | 'type-changed' | 'required-without-default' | 'secret-made-plain';

export interface BreakingChange {
  /** The property, or for a secret inside a nested block its dotted path (`credentials.password`). */
  field: string;
  kind: BreakingKind;
  /** One sentence: "field 'region' removed". */
  message: string;
}

function objectAt(value: JsonValue, key: string): JsonObject {
  if (!isJsonObject(value)) return {};
  const found = getOwn(value, key);
  return isJsonObject(found) ? found : {};
}

function strings(value: JsonValue, key: string): string[] {
  const found = isJsonObject(value) ? getOwn(value, key) : undefined;
  return Array.isArray(found) ? found.filter((item): item is string => typeof item === 'string') : [];
}

function marksSecret(property: JsonValue | undefined): boolean {
  return isJsonObject(property) && (getOwn(property, 'format') === 'password' || getOwn(property, 'writeOnly') === true);
}

/** Every secret of a schema: its `secret_fields`, and the properties marked secret themselves. */
function secretsOf(fields: JsonValue): Set<string> {
  const properties = objectAt(fields, 'properties');
  const marked = Object.keys(properties).filter((name) => marksSecret(getOwn(properties, name)));
  return new Set([...strings(fields, 'secret_fields'), ...marked]);
}

/** The JSON types a described type accepts; `any` accepts all, and an integer is a number too. */
function accepts(newer: string, older: string): boolean {
  const allowed = new Set(newer.split(' | '));
  if (allowed.has('any')) return true;
  return older.split(' | ').every((alternative) => allowed.has(alternative) || (alternative === 'integer' && allowed.has('number')));
}

function hasDefault(property: JsonValue | undefined): boolean {
  return isJsonObject(property) && getOwn(property, 'default') !== undefined;
}

/** The breaking changes from `older` to `newer` (each a schema's parsed `fields`): removed fields, then the newer schema's in its order, then secrets. */
export function breakingChanges(older: JsonValue, newer: JsonValue): BreakingChange[] {
  const before = objectAt(older, 'properties');
  const after = objectAt(newer, 'properties');
  const requiredBefore = new Set(strings(older, 'required'));
  const requiredAfter = new Set(strings(newer, 'required'));
  const changes: BreakingChange[] = [];
  for (const name of Object.keys(before)) {
    if (!Object.hasOwn(after, name)) changes.push({ field: name, kind: 'field-removed', message: `field '${name}' removed` });
  }
  for (const name of Object.keys(after)) {
    const property = getOwn(after, name);
    const existed = Object.hasOwn(before, name);
    if (existed) {
      const typeBefore = describeType(getOwn(before, name));
      const typeAfter = describeType(property);
      if (!accepts(typeAfter, typeBefore)) changes.push({ field: name, kind: 'type-changed', message: `field '${name}' type ${typeBefore} → ${typeAfter}` });
    }
    if (requiredAfter.has(name) && !requiredBefore.has(name) && !hasDefault(property)) {
      changes.push({ field: name, kind: 'required-without-default', message: `${existed ? 'field' : 'new field'} '${name}' required without a default` });
    }
  }
  const secretsAfter = secretsOf(newer);
  for (const secret of secretsOf(older)) {
    const property = secret.split('.')[0] ?? secret;
    // A removed property is already `field-removed`; its secrets went with it.
    if (Object.hasOwn(after, property) && !secretsAfter.has(secret)) changes.push({ field: secret, kind: 'secret-made-plain', message: `secret field '${secret}' no longer secret` });
  }
  return changes;
}
