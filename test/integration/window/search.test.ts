// Search and order: sorting as people read names, every word matched anywhere, and the ranking
// (exact, name prefix, word prefix, elsewhere in name/slug/collection, description only), on the
// registered block types and on 5,000 generated ones registered beside them through main.
import { beforeAll, describe, expect, it } from 'vitest';
import { facetCounts, filterEntries, NO_FILTER } from '../../../src/renderer/model/filter';
import { abbreviates, compareEntries, queryWords, Rank, rankEntry, searchEntries, sortEntries } from '../../../src/renderer/model/search';
import type { CatalogueEntry } from '../../../src/shared/contract';
import { searchCatalogue } from '../../helpers/search-catalogue';
import { createTestApi, unwrap } from './real-api';

function entry(name: string, slug: string, description: string | null = null, collection = 'imported', capabilities: string[] = []): CatalogueEntry {
  return {
    block_type: { id: slug, created: '', updated: '', name, slug, logo_url: null, documentation_url: null, description, code_example: null, is_protected: false },
    capabilities,
    schema_count: 1,
    latest_version: null,
    collection,
  };
}
const names = (list: readonly CatalogueEntry[]): string[] => list.map((e) => e.block_type.name);

describe('order', () => {
  it('sorts names case-insensitively, numbers by value', () => {
    const sorted = sortEntries([
      entry('Webhook', 'webhook'),
      entry('dbt Cloud Credentials', 'dbt-cloud-credentials'),
      entry('Block 10', 'b10'),
      entry('Block 2', 'b2'),
      entry('block 1', 'b1'),
      entry('Block 100', 'b100'),
    ]);
    expect(names(sorted)).toEqual(['block 1', 'Block 2', 'Block 10', 'Block 100', 'dbt Cloud Credentials', 'Webhook']);
  });

  it('is total: names equal but for case are ordered by slug', () => {
    const a = entry('Secret', 'secret-b');
    const b = entry('secret', 'secret-a');
    expect(compareEntries(a, b)).toBeGreaterThan(0);
    expect(names(sortEntries([a, b]))).toEqual(['secret', 'Secret']);
  });
});

describe('abbreviations', () => {
  it('takes the first three letters, then the rest in order', () => {
    expect(abbreviates('creds', 'credentials')).toBe(true);
    expect(abbreviates('cfg', 'config')).toBe(false); // too short to guess
    expect(abbreviates('conf', 'configuration')).toBe(true);
    expect(abbreviates('crds', 'credentials')).toBe(false); // not the same start
    expect(abbreviates('credz', 'credentials')).toBe(false);
    expect(abbreviates('credentialsx', 'credentials')).toBe(false);
  });
});

describe('ranking one entry', () => {
  const s3 = entry('S3 Bucket', 's3-bucket', 'Block used to store data using AWS S3.', 'prefect-aws');
  it('splits the query into lower-case words', () => {
    expect(queryWords('  Kubernetes   CREDS ')).toEqual(['kubernetes', 'creds']);
    expect(queryWords('   ')).toEqual([]);
  });
  it('ranks exact name or slug, name prefix, word prefix, elsewhere, description only', () => {
    expect(rankEntry(s3, ['s3', 'bucket'])).toBe(Rank.exact);
    expect(rankEntry(s3, queryWords('s3-bucket'))).toBe(Rank.exact);
    expect(rankEntry(s3, ['s3'])).toBe(Rank.namePrefix);
    expect(rankEntry(s3, ['buck'])).toBe(Rank.wordPrefix);
    expect(rankEntry(s3, ['ucket'])).toBe(Rank.nameOrSlug);
    expect(rankEntry(entry('Kubernetes Credentials', 'kubernetes-credentials'), ['kubernetes', 'creds'])).toBe(Rank.abbreviation);
    expect(rankEntry(s3, ['aws'])).toBe(Rank.nameOrSlug); // the collection
    expect(rankEntry(s3, ['store'])).toBe(Rank.description);
    expect(rankEntry(s3, ['bucket', 'store'])).toBe(Rank.description);
    expect(rankEntry(s3, ['bucket', 'gcs'])).toBeNull();
  });
});

describe('on the registered block types', () => {
  let entries: CatalogueEntry[] = [];
  beforeAll(async () => {
    entries = unwrap(await createTestApi().main.listBlockTypes());
  });

  it('puts S3 Bucket first for "s3", ahead of types that only mention S3', () => {
    const found = searchEntries(entries, 's3');
    expect(found[0]?.block_type.slug).toBe('s3-bucket');
    expect(found.map((e) => e.block_type.slug)).toContain('remote-file-system');
  });

  it('matches every word anywhere: "kubernetes creds" finds Kubernetes Credentials', () => {
    expect(searchEntries(entries, 'kubernetes creds').map((e) => e.block_type.slug)).toEqual(['kubernetes-credentials']);
    expect(searchEntries(entries, 'creds kubernetes').map((e) => e.block_type.slug)).toEqual(['kubernetes-credentials']);
  });

  it('lists everything by name for a blank search', () => {
    const all = filterEntries(entries, NO_FILTER);
    expect(all).toHaveLength(54);
    expect(all).toEqual(sortEntries(entries));
  });
});

describe('5,000 generated block types beside the registered ones', () => {
  let entries: CatalogueEntry[] = [];
  beforeAll(async () => {
    const api = createTestApi();
    await api.register([{ name: 'generated.json', bytes: new TextEncoder().encode(searchCatalogue(5000)) }]);
    entries = unwrap(await api.main.listBlockTypes());
  }, 60_000);

  it('has them all', () => {
    expect(entries).toHaveLength(5054);
  });

  it('"s3": S3 Bucket first, then name-word matches, then description-only matches', () => {
    const found = searchEntries(entries, 's3');
    expect(found[0]?.block_type.name).toBe('S3 Bucket');
    const ranks = found.map((e) => rankEntry(e, ['s3']));
    // Never a better rank after a worse one.
    for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1] ?? 0);
    expect(ranks).toContain(Rank.wordPrefix); // "Bucket S3 Sync n"
    expect(ranks).toContain(Rank.nameOrSlug); // "Ls3 Adapter n"
    expect(ranks[ranks.length - 1]).toBe(Rank.description);
    // Within a rank, by name, numbers by value.
    const sync = found.filter((e) => e.block_type.name.startsWith('Bucket S3 Sync')).map((e) => Number(e.block_type.name.split(' ').pop()));
    expect(sync).toEqual([...sync].sort((a, b) => a - b));
  });

  it('"kubernetes creds": Kubernetes Credentials first, its generated namesakes next, description matches last', () => {
    const found = searchEntries(entries, 'kubernetes creds');
    expect(found[0]?.block_type.name).toBe('Kubernetes Credentials');
    expect(found[1]?.block_type.name).toBe('Kubernetes Credentials Mirror 2');
    // "Kubernetes Cluster Store n" has "creds" only in its description ("Reads kubernetes creds…") when n % 3 == 1.
    const last = found[found.length - 1];
    expect(last === undefined ? null : rankEntry(last, ['kubernetes', 'creds'])).toBe(Rank.description);
  });
});

describe('facet counts', () => {
  const entries = [
    entry('A', 'a', 'alpha', 'one', ['read-path']),
    entry('B', 'b', 'beta', 'one', ['read-path', 'write-path']),
    entry('C', 'c', 'alpha', 'two', ['write-path']),
    entry('D', 'd', 'delta', 'two', []),
  ];
  it('counts every choice with no filter', () => {
    const counts = facetCounts(entries, NO_FILTER);
    expect(Object.fromEntries(counts.capabilities)).toEqual({ 'read-path': 2, 'write-path': 2 });
    expect(Object.fromEntries(counts.collections)).toEqual({ one: 2, two: 2 });
  });
  it('counts each choice given the other active filters', () => {
    const counts = facetCounts(entries, { search: 'alpha', capabilities: [], collection: 'two' });
    // Capabilities within collection "two" and the search; collections with the search only.
    expect(Object.fromEntries(counts.capabilities)).toEqual({ 'write-path': 1 });
    expect(Object.fromEntries(counts.collections)).toEqual({ one: 1, two: 1 });
    const selected = facetCounts(entries, { search: '', capabilities: ['read-path'], collection: null });
    expect(Object.fromEntries(selected.capabilities)).toEqual({ 'read-path': 2, 'write-path': 1 });
    expect(Object.fromEntries(selected.collections)).toEqual({ one: 2 });
  });
  it('agrees with filterEntries for every choice', () => {
    const filter = { search: 'a', capabilities: [], collection: null };
    const counts = facetCounts(entries, filter);
    for (const capability of ['read-path', 'write-path']) expect(counts.capabilities.get(capability) ?? 0).toBe(filterEntries(entries, { ...filter, capabilities: [capability] }).length);
    for (const collection of ['one', 'two']) expect(counts.collections.get(collection) ?? 0).toBe(filterEntries(entries, { ...filter, collection }).length);
  });
});
