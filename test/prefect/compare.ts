// Comparing `fields` as read back from real Prefect with ours.
import { isJsonObject, jsonEqual, stringifyJson, type JsonObject, type JsonValue } from '../../src/shared/json';

/** The paths (two levels deep) where two `fields` objects differ, for a readable failure. */
export function fieldDifferences(a: JsonValue, b: JsonValue, path = '', depth = 0): string {
  if (jsonEqual(a, b)) return '';
  if (depth < 3 && isJsonObject(a) && isJsonObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .map((k) => fieldDifferences(a[k] ?? null, b[k] ?? null, `${path}.${k}`, depth + 1))
      .filter((text) => text !== '')
      .join(' ');
  }
  if (process.env.PREFECT_DIFF_VERBOSE) return `${path} (ours ${JSON.stringify(stringifyJson(a)).slice(0, 600)} Prefect ${JSON.stringify(stringifyJson(b)).slice(0, 600)})`;
  return path;
}

/**
 * `block_schema_references` lists (a union's children) sorted, at any depth: Prefect rebuilds
 * them in the order its children were created (`created ASC`), not in the recorded order (spec
 * §3.7: "treat it as a set"); e.g. s3-bucket records [minio-credentials, aws-credentials] and a
 * Prefect server reads it back as [aws-credentials, minio-credentials].
 */
export function referencesAsSets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(referencesAsSets);
  if (!isJsonObject(value)) return value;
  const copy: JsonObject = {};
  for (const [name, item] of Object.entries(value)) {
    if (name === 'block_schema_references' && isJsonObject(item)) {
      copy[name] = Object.fromEntries(
        Object.entries(item).map(([field, entry]) => [field, Array.isArray(entry) ? [...entry].sort((a, b) => stringifyJson(a).localeCompare(stringifyJson(b))) : entry]),
      );
    } else {
      copy[name] = referencesAsSets(item);
    }
  }
  return copy;
}
