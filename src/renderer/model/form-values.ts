// The values of an editable block document form: set and removed by path, never changed in
// place (the form re-renders from each new object). Pure.
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from '../../shared/json';

/** Where a value is: property names and list indexes from the form's root. */
export type ValuePath = ReadonlyArray<string | number>;

/** The value at `path`, or undefined where there is none. */
export function valueAt(root: JsonValue, path: ValuePath): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isJsonObject(current) ? getOwn(current, segment) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * A copy of `root` with `value` at `path` (objects and lists made along the way); `undefined`
 * removes a property (its default then applies) and leaves a list item null.
 */
export function setValueAt(root: JsonObject, path: ValuePath, value: JsonValue | undefined): JsonObject {
  const set = (current: JsonValue | undefined, index: number): JsonValue | undefined => {
    if (index === path.length) return value;
    const segment = path[index] as string | number;
    if (typeof segment === 'number') {
      const list = Array.isArray(current) ? [...current] : [];
      while (list.length < segment) list.push(null);
      list[segment] = set(list[segment], index + 1) ?? null;
      return list;
    }
    const object: JsonObject = isJsonObject(current) ? { ...current } : {};
    const next = set(getOwn(object, segment), index + 1);
    if (next === undefined) delete object[segment];
    else object[segment] = next;
    return object;
  };
  const result = set(root, 0);
  return isJsonObject(result) ? result : {};
}

/** A copy of `root` without item `index` of the list at `path`. */
export function removeItemAt(root: JsonObject, path: ValuePath, index: number): JsonObject {
  const list = valueAt(root, path);
  if (!Array.isArray(list)) return root;
  return setValueAt(
    root,
    path,
    list.filter((_, position) => position !== index),
  );
}

/** A dotted path as Prefect's validation names a value (`credentials.password`, `items.0`). */
export function dottedPath(path: ValuePath): string {
  return path.join('.');
}
