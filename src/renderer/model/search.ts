// Search and order for the catalogue, as pure functions of the entries. Names sort as people read
// them (case-insensitively, numbers by value: "dbt" before "Webhook", 2 before 10); a query matches
// when every word of it appears somewhere (name, slug, description, collection), or abbreviates a
// word of the name ("creds" for "Credentials"), and the matches are ranked: exact slug or name,
// then name prefix, then every word starting a word of the name, then abbreviations, then the rest
// found in name, slug or collection, and last those found only with the description.
import type { CatalogueEntry } from '../../shared/contract';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Case-insensitive, numeric-aware comparison of names; the slug breaks ties so the order is total. */
export function compareEntries(a: CatalogueEntry, b: CatalogueEntry): number {
  return (
    collator.compare(a.block_type.name, b.block_type.name) ||
    collator.compare(a.block_type.slug, b.block_type.slug) ||
    (a.block_type.slug < b.block_type.slug ? -1 : a.block_type.slug > b.block_type.slug ? 1 : 0)
  );
}

/** The entries by name (a new array). */
export function sortEntries(entries: readonly CatalogueEntry[]): CatalogueEntry[] {
  return [...entries].sort(compareEntries);
}

/** How well an entry matches a query; lower is better. */
export const Rank = {
  exact: 0,
  namePrefix: 1,
  wordPrefix: 2,
  abbreviation: 3,
  nameOrSlug: 4,
  description: 5,
} as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

/** The words of a query, lower-cased; none for a blank query. */
export function queryWords(search: string): string[] {
  return search
    .toLocaleLowerCase()
    .split(/\s+/u)
    .filter((word) => word !== '');
}

/** An entry's text, lower-cased once and kept (the entries are replaced, never edited, on reload). */
interface SearchText {
  name: string;
  slug: string;
  /** Name, slug and collection together: where a word counts as a "name" match. */
  title: string;
  description: string;
  /** The words of the name and slug (split at anything not a letter or digit). */
  words: string[];
}

const texts = new WeakMap<CatalogueEntry, SearchText>();

function searchText(entry: CatalogueEntry): SearchText {
  let text = texts.get(entry);
  if (text === undefined) {
    const name = entry.block_type.name.toLocaleLowerCase();
    const slug = entry.block_type.slug.toLocaleLowerCase();
    text = {
      name,
      slug,
      title: `${name}\n${slug}\n${entry.collection.toLocaleLowerCase()}`,
      description: (entry.block_type.description ?? '').toLocaleLowerCase(),
      words: `${name} ${slug}`.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== ''),
    };
    texts.set(entry, text);
  }
  return text;
}

/**
 * Whether a query word abbreviates a word: same first three letters, and the rest of its letters in
 * the word's order ("creds" for "credentials", "config" for "configuration"). Four letters at least,
 * so that short words stay exact.
 */
export function abbreviates(query: string, word: string): boolean {
  if (query.length < 4 || query.length > word.length || !word.startsWith(query.slice(0, 3))) return false;
  let at = 3;
  for (let i = 3; i < query.length; i++) {
    at = word.indexOf(query.charAt(i), at);
    if (at === -1) return false;
    at += 1;
  }
  return true;
}

/** The rank of an entry for the query's words, or null when some word appears nowhere. */
export function rankEntry(entry: CatalogueEntry, words: readonly string[]): Rank | null {
  const text = searchText(entry);
  const phrase = words.join(' ');
  const slugged = words.join('-');
  if (text.name === phrase || text.slug === phrase || text.slug === slugged) return Rank.exact;
  if (text.name.startsWith(phrase) || text.slug.startsWith(slugged)) return Rank.namePrefix;
  let worst: Rank = Rank.wordPrefix;
  for (const word of words) {
    const found: Rank | null = text.words.some((candidate) => candidate.startsWith(word))
      ? Rank.wordPrefix
      : text.words.some((candidate) => abbreviates(word, candidate))
        ? Rank.abbreviation
        : text.title.includes(word)
          ? Rank.nameOrSlug
          : text.description.includes(word)
            ? Rank.description
            : null;
    if (found === null) return null;
    if (found > worst) worst = found;
  }
  return worst;
}

/** Whether every word of the search appears in the entry (a blank search matches everything). */
export function matchesSearch(entry: CatalogueEntry, search: string): boolean {
  const words = queryWords(search);
  return words.length === 0 || rankEntry(entry, words) !== null;
}

/**
 * The entries matching the search, best first (by name within a rank); all of them by name for a
 * blank search.
 */
export function searchEntries(entries: readonly CatalogueEntry[], search: string): CatalogueEntry[] {
  const words = queryWords(search);
  if (words.length === 0) return sortEntries(entries);
  const ranked: Array<{ entry: CatalogueEntry; rank: Rank }> = [];
  for (const entry of entries) {
    const rank = rankEntry(entry, words);
    if (rank !== null) ranked.push({ entry, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || compareEntries(a.entry, b.entry));
  return ranked.map(({ entry }) => entry);
}
