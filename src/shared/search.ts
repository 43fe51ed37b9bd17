// Search and order for the catalogue, as pure functions of the entries: the window's search box
// and `block-registry search` rank with this one module, so that both find the same types in the
// same order.
//
// Names sort as people read them (case-insensitively, numbers by value: "dbt" before "Webhook", 2
// before 10). A query is read as Prefect users type it: case, `_`, `-`, `.` and spaces are alike,
// and a class name is split at its capitals (`AwsCredentials`, `aws_credentials` and
// `aws-credentials` are all "aws credentials"). An entry is found by its name, slug, schema title
// (the class name of every code example), collection and the collection's package name
// (`prefect_aws`). Every word of the query must be found: as the start of a word, as an
// abbreviation ("creds" for "Credentials"), inside the name, slug, title or collection, through a
// known alias (`k8s` for "kubernetes"), with one typo in a word of four letters or more
// (`bukcet`), or last in the description. The matches are ranked by the worst of their words.
import type { CatalogueEntry } from './contract';
import { editDistance } from './edit-distance';

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
  /** The whole query is the name, slug or class name (separators and case aside). */
  exact: 0,
  /** The whole query starts the name or slug. */
  namePrefix: 1,
  /** Every word starts a word of the name, slug or class name (or is an alias of one that does). */
  wordPrefix: 2,
  /** Some word abbreviates one ("creds"). */
  abbreviation: 3,
  /** Some word is inside the name, slug, class name, collection or package name. */
  nameOrSlug: 4,
  /** Some word is one typo away from a word of those. */
  typo: 5,
  /** Some word is only in the description. */
  description: 6,
} as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

/** The ranks by name, for `block-registry search --json`. */
export const RANK_NAMES: Readonly<Record<Rank, string>> = {
  0: 'exact',
  1: 'name-prefix',
  2: 'word-prefix',
  3: 'abbreviation',
  4: 'name-or-slug',
  5: 'typo',
  6: 'description',
};

/**
 * Words people type for a word the catalogue spells out. Each is tried beside the word itself, and
 * ranks as the word it stands for would.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  k8s: ['kubernetes'],
  gh: ['github'],
  gcp: ['google'],
  bq: ['bigquery'],
  pg: ['postgres'],
  postgresql: ['postgres'],
  az: ['azure'],
  ms: ['microsoft'],
  db: ['database', 'databricks'],
  mail: ['email'],
};

/** A word of the query this short is matched exactly: one typo would make it another word. */
const TYPO_MIN_LENGTH = 4;

/** Splits text into lower-case words: at anything not a letter or digit, and at a capital after a lower-case letter. */
function wordsOf(text: string): string[] {
  return text
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** The text without case and separators: `AwsCredentials`, `aws_credentials` and `AWS Credentials` are one. */
function compact(text: string): string {
  return text.toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of a query, lower-cased, split at spaces, `_`, `-`, `.` and a class name's capitals; none for a blank query. */
export function queryWords(search: string): string[] {
  return wordsOf(search);
}

/** An entry's text, prepared once and kept (the entries are replaced, never edited, on reload). */
interface SearchText {
  /** Name, slug and class name without case and separators: where the whole query counts as exact. */
  compacts: string[];
  /**
   * Name and slug so: where it counts as a prefix. A class name's start is only a word's ("snowflake"
   * puts "Snowflake Connector" before "dbt CLI Snowflake Target Configs", titled SnowflakeTargetConfigs).
   */
  prefixes: string[];
  /** Name, slug, class name, collection and package name together: where a word counts as a "name" match. */
  title: string;
  description: string;
  /** The words of the name, slug and class name. */
  words: string[];
  /** Those words, and the collection's, that a typo may stand for. */
  typoWords: string[];
}

const texts = new WeakMap<CatalogueEntry, SearchText>();

function searchText(entry: CatalogueEntry): SearchText {
  let text = texts.get(entry);
  if (text === undefined) {
    const { name, slug } = entry.block_type;
    const schemaTitle = entry.schema_title ?? '';
    const packageName = entry.collection.replaceAll('-', '_');
    const words = [...new Set([...wordsOf(name), ...wordsOf(slug), ...wordsOf(schemaTitle)])];
    text = {
      compacts: [compact(name), compact(slug), compact(schemaTitle)].filter((item) => item !== ''),
      prefixes: [compact(name), compact(slug)],
      title: [name, slug, schemaTitle, compact(schemaTitle), entry.collection, packageName].join('\n').toLocaleLowerCase(),
      description: (entry.block_type.description ?? '').toLocaleLowerCase(),
      words,
      // Numbers are not spelled: "Block 1234" is no typo of "1243".
      typoWords: [...new Set([...words, ...wordsOf(entry.collection)])].filter((word) => word.length >= TYPO_MIN_LENGTH - 1 && !/^\p{N}+$/u.test(word)),
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

/** Whether a query word is one typo (an edit, or two neighbours swapped) away from a word: `bukcet` for `bucket`. */
export function isOneTypoFrom(query: string, word: string): boolean {
  return query.length >= TYPO_MIN_LENGTH && query !== word && editDistance(query, word, 1) <= 1;
}

/**
 * For the last few query words: whether each catalogue word met so far is one typo away. Thousands
 * of entries share their words ("Credentials", a collection's), so each pair is measured once per
 * keystroke rather than once per entry.
 */
const typoMemo = new Map<string, Map<string, boolean>>();
const TYPO_MEMO_WORDS = 16;

function typoAnswers(word: string): Map<string, boolean> {
  let known = typoMemo.get(word);
  if (known === undefined) {
    if (typoMemo.size >= TYPO_MEMO_WORDS) typoMemo.clear();
    known = new Map();
    typoMemo.set(word, known);
  }
  return known;
}

/** How one spelling of a query word is found in an entry, or null when it is not. */
function rankSpelling(text: SearchText, word: string): Rank | null {
  if (text.words.some((candidate) => candidate.startsWith(word))) return Rank.wordPrefix;
  if (text.words.some((candidate) => abbreviates(word, candidate))) return Rank.abbreviation;
  if (text.title.includes(word)) return Rank.nameOrSlug;
  return null;
}

/** How one query word is found in an entry (itself, an alias, a typo, the description), or null when it is not. */
function rankWord(text: SearchText, word: string): Rank | null {
  let best: Rank | null = rankSpelling(text, word);
  for (const alias of ALIASES[word] ?? []) {
    const found = rankSpelling(text, alias);
    if (found !== null && (best === null || found < best)) best = found;
  }
  if (best !== null) return best;
  if (word.length >= TYPO_MIN_LENGTH) {
    const known = typoAnswers(word);
    for (const candidate of text.typoWords) {
      let typo = known.get(candidate);
      if (typo === undefined) {
        typo = isOneTypoFrom(word, candidate);
        known.set(candidate, typo);
      }
      if (typo) return Rank.typo;
    }
  }
  return text.description.includes(word) ? Rank.description : null;
}

/** The rank of an entry for the query's words, or null when some word is found nowhere. */
export function rankEntry(entry: CatalogueEntry, words: readonly string[]): Rank | null {
  if (words.length === 0) return null;
  const text = searchText(entry);
  const whole = words.join('');
  if (text.compacts.includes(whole)) return Rank.exact;
  if (text.prefixes.some((candidate) => candidate.startsWith(whole))) return Rank.namePrefix;
  let worst: Rank = Rank.wordPrefix;
  for (const word of words) {
    const found = rankWord(text, word);
    if (found === null) return null;
    if (found > worst) worst = found;
  }
  return worst;
}

/** An entry found by a search, with how well. */
export interface RankedEntry {
  entry: CatalogueEntry;
  rank: Rank;
}

/** The entries matching the search with their ranks, best first (by name within a rank). */
export function rankEntries(entries: readonly CatalogueEntry[], search: string): RankedEntry[] {
  const words = queryWords(search);
  const ranked: RankedEntry[] = [];
  for (const entry of entries) {
    const rank = rankEntry(entry, words);
    if (rank !== null) ranked.push({ entry, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank || compareEntries(a.entry, b.entry));
}

/**
 * The entries matching the search, best first (by name within a rank); all of them by name for a
 * blank search.
 */
export function searchEntries(entries: readonly CatalogueEntry[], search: string): CatalogueEntry[] {
  if (queryWords(search).length === 0) return sortEntries(entries);
  return rankEntries(entries, search).map(({ entry }) => entry);
}

/** How far a word of a query may be from the word suggested for it: a third of its length, one to three edits. */
function suggestionLimit(word: string): number {
  return Math.min(3, Math.max(1, Math.floor(word.length / 3)));
}

/** The catalogue's word nearest a query word that finds nothing, if one is near enough to be what was meant. */
function nearestWord(word: string, vocabulary: ReadonlySet<string>): string | undefined {
  const limit = suggestionLimit(word);
  let best: { word: string; distance: number } | undefined;
  for (const candidate of vocabulary) {
    const distance = editDistance(word, candidate, limit);
    if (distance <= limit && (best === undefined || distance < best.distance || (distance === best.distance && candidate < best.word))) best = { word: candidate, distance };
  }
  return best?.word;
}

/**
 * "Did you mean …?" for a search that finds nothing: the query with each word that is found in no
 * entry replaced by the nearest word of the catalogue's names, slugs, class names and collections,
 * when the whole corrected query then finds something. Null when no such query exists.
 */
export function suggestSearch(entries: readonly CatalogueEntry[], search: string): string | null {
  const words = queryWords(search);
  if (words.length === 0) return null;
  const vocabulary = new Set<string>();
  for (const entry of entries) for (const word of searchText(entry).typoWords) vocabulary.add(word);
  let changed = false;
  const corrected = words.map((word) => {
    if (entries.some((entry) => rankEntry(entry, [word]) !== null)) return word;
    const nearest = nearestWord(word, vocabulary);
    if (nearest === undefined) return word;
    changed = true;
    return nearest;
  });
  if (!changed) return null;
  const suggestion = corrected.join(' ');
  return entries.some((entry) => rankEntry(entry, corrected) !== null) ? suggestion : null;
}
