// The catalogue's filters as pure functions of the entries.
import type { CatalogueEntry } from '../../shared/contract';

export interface CatalogueFilter {
  /** Matched case-insensitively against name, slug and description; blank matches all. */
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

export function matchesSearch(entry: CatalogueEntry, search: string): boolean {
  const needle = search.trim().toLocaleLowerCase();
  if (needle === '') return true;
  const { name, slug, description } = entry.block_type;
  return [name, slug, description ?? ''].some((text) => text.toLocaleLowerCase().includes(needle));
}

export function filterEntries(entries: readonly CatalogueEntry[], filter: CatalogueFilter): CatalogueEntry[] {
  return entries.filter(
    (entry) =>
      (filter.collection === null || entry.collection === filter.collection) &&
      filter.capabilities.every((capability) => entry.capabilities.includes(capability)) &&
      matchesSearch(entry, filter.search),
  );
}

/** Every capability any entry has, sorted. */
export function allCapabilities(entries: readonly CatalogueEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => entry.capabilities))].sort();
}

/** Every collection with its number of entries, sorted by name. */
export function allCollections(entries: readonly CatalogueEntry[]): Array<{ name: string; count: number }> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.collection, (counts.get(entry.collection) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
