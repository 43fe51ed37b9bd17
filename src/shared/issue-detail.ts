// What makes a problem in one entry of a file actionable: which entry it is (its index, and its
// name or slug when it has them), the value that was refused (quoted, on one line, truncated) and
// what would be valid instead, such as the slug Prefect would make from the name.
import { quoteText, safeText, type IssueEntry, type RegistryIssue } from './errors';
import { isJsonObject, stringifyJson, type JsonValue } from './json';

/** A value as JSON on one line, cut to a readable length; a string in double quotes. */
export function quoteValue(value: JsonValue): string {
  return typeof value === 'string' ? quoteText(value) : safeText(stringifyJson(value));
}

/** The value at `path` under `root`, or undefined when there is none (a missing key). */
export function valueAt(root: JsonValue, path: ReadonlyArray<string | number>): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const segment of path) {
    if (typeof segment === 'number' && Array.isArray(current)) current = current[segment];
    else if (typeof segment === 'string' && isJsonObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/**
 * The slug Prefect gives a block type named `name` (`Block.get_block_type_slug`:
 * python-slugify's `slugify(name)`): ASCII letters kept (accents dropped), lowercase, every run of
 * anything else one `-`, none at either end; a comma between digits is dropped.
 */
export function prefectSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/(?<=\d),(?=\d)/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A name Prefect accepts, from one it refuses: the characters / % & > < become spaces, and lone
 * surrogates (no UTF-8 form, so never stored) are dropped.
 */
export function acceptableName(name: string): string {
  return name
    .replace(/\p{Cs}/gu, '')
    .replace(/[/%&><]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The entry an object of a file is, by its position and its `slug` and `name` when they are strings. */
export function entryOf(value: JsonValue, index: number | null): IssueEntry {
  const object = isJsonObject(value) ? value : {};
  const text = (key: string): string | null => {
    const field = object[key];
    return typeof field === 'string' ? field : null;
  };
  return { index, slug: text('slug'), name: text('name') };
}

/** The issues, each naming `entry` (an issue that already names one keeps it). */
export function inEntry(issues: readonly RegistryIssue[], entry: IssueEntry): RegistryIssue[] {
  return issues.map((issue) => (issue.entry === undefined ? { ...issue, entry } : issue));
}
