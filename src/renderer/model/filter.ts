// The catalogue's filters as pure functions of the entries: what is shown, in which order, and
// how many entries each filter choice would leave (so that no choice leads to an empty page unseen).
import type { CatalogueEntry } from '../../shared/contract';
import { queryWords, rankEntry, searchEntries, suggestSearch } from '../../shared/search';

export interface CatalogueFilter {
  /** Every word must be found in the name, slug, class name, collection or description (src/shared/search.ts); blank matches all. */
  search: string;
  /** An entry must have ALL of these. */
  capabilities: readonly string[];
  /** Only entries of this collection; null for all. */
  collection: string | null;
}

export const NO_FILTER: CatalogueFilter = { search: '', capabilities: [], collection: null };

export function isFiltered(filter: CatalogueFilter): boolean {
  return filter.search.trim() !== '' || filter.capabilities.length > 0 || filter.collection !== null;
}

function hasCapabilities(entry: CatalogueEntry, capabilities: readonly string[]): boolean {
  return capabilities.every((capability) => entry.capabilities.includes(capability));
}

/** The entries the collection and capability choices keep, whatever the search. */
function keptByFacets(entries: readonly CatalogueEntry[], filter: CatalogueFilter): CatalogueEntry[] {
  return entries.filter((entry) => (filter.collection === null || entry.collection === filter.collection) && hasCapabilities(entry, filter.capabilities));
}

/** The entries the filter keeps: ranked by the search, or by name when there is none. */
export function filterEntries(entries: readonly CatalogueEntry[], filter: CatalogueFilter): CatalogueEntry[] {
  return searchEntries(keptByFacets(entries, filter), filter.search);
}

/**
 * "Did you mean …?" for a search that shows nothing: a corrected search that would show something
 * with the collection and capabilities as they are; null when there is none.
 */
export function suggestedSearch(entries: readonly CatalogueEntry[], filter: CatalogueFilter): string | null {
  return suggestSearch(keptByFacets(entries, filter), filter.search);
}

/** Every capability any entry has, sorted. */
export function allCapabilities(entries: readonly CatalogueEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => entry.capabilities))].sort();
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Every collection with its number of entries, sorted by name. */
export function allCollections(entries: readonly CatalogueEntry[]): Array<{ name: string; count: number }> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.collection, (counts.get(entry.collection) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface FacetCounts {
  /** For each capability: how many entries would be shown with it selected too (the other filters as they are). */
  capabilities: Map<string, number>;
  /** For each collection: how many entries it would show with the search and capabilities as they are. */
  collections: Map<string, number>;
}

/** What each capability and collection choice would give, given the other active filters. Absent means 0. */
export function facetCounts(entries: readonly CatalogueEntry[], filter: CatalogueFilter): FacetCounts {
  const capabilities = new Map<string, number>();
  const collections = new Map<string, number>();
  const words = queryWords(filter.search);
  for (const entry of entries) {
    if (!hasCapabilities(entry, filter.capabilities)) continue;
    if (words.length > 0 && rankEntry(entry, words) === null) continue;
    collections.set(entry.collection, (collections.get(entry.collection) ?? 0) + 1);
    if (filter.collection !== null && entry.collection !== filter.collection) continue;
    for (const capability of entry.capabilities) capabilities.set(capability, (capabilities.get(capability) ?? 0) + 1);
  }
  return { capabilities, collections };
}
