// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { allCapabilities, allCollections, filterEntries, isFiltered, NO_FILTER } from '../../../src/renderer/model/filter';
import type { CatalogueEntry } from '../../../src/shared/contract';
import { createTestApi, unwrap } from './real-api';

let entries: CatalogueEntry[] = [];
const slugs = (list: CatalogueEntry[]): string[] => list.map((entry) => entry.block_type.slug).sort();

// The entries as main lists them after a launch: the built-in blocks and the bundled catalogue.
beforeAll(async () => {
  entries = unwrap(await createTestApi().main.listBlockTypes());
});

describe('filterEntries on the registered block types', () => {
  it('keeps everything without a filter', () => {
    expect(entries).toHaveLength(54);
    expect(filterEntries(entries, NO_FILTER)).toHaveLength(54);
    expect(isFiltered(NO_FILTER)).toBe(false);
  });

  it('searches name, slug and description, case-insensitively', () => {
    // Every word anywhere (the collection too), the exact name first.
    expect(filterEntries(entries, { ...NO_FILTER, search: 'aws CREDENTIALS' })[0]?.block_type.slug).toBe('aws-credentials');
    expect(slugs(filterEntries(entries, { ...NO_FILTER, search: 'aws CREDENTIALS' }))).toContain('minio-credentials');
    // Slug only: no name contains "gcpsecret".
    expect(slugs(filterEntries(entries, { ...NO_FILTER, search: 'GCPSECRET' }))).toEqual(['gcpsecret']);
    // Description only: "boto3" is in the AWS descriptions, never in a name or slug.
    const boto = filterEntries(entries, { ...NO_FILTER, search: 'boto3' });
    expect(boto.length).toBeGreaterThan(0);
    for (const entry of boto) {
      expect(entry.block_type.description?.toLowerCase()).toContain('boto3');
      expect(entry.block_type.name.toLowerCase()).not.toContain('boto3');
    }
    expect(filterEntries(entries, { ...NO_FILTER, search: '  ' })).toHaveLength(54);
    expect(filterEntries(entries, { ...NO_FILTER, search: 'no-such-block-anywhere' })).toEqual([]);
  });

  it('requires ALL selected capabilities', () => {
    const readable = filterEntries(entries, { ...NO_FILTER, capabilities: ['get-directory'] });
    const fileSystems = ['local-file-system', 'remote-file-system', 'smb'];
    expect(slugs(readable)).toEqual(['azure-blob-storage-container', 'bitbucket-repository', 'gcs-bucket', 'github-repository', 'gitlab-repository', ...fileSystems, 's3-bucket'].sort());
    const both = filterEntries(entries, { ...NO_FILTER, capabilities: ['get-directory', 'write-path'] });
    expect(slugs(both)).toEqual(['azure-blob-storage-container', 'gcs-bucket', ...fileSystems, 's3-bucket'].sort());
    expect(isFiltered({ ...NO_FILTER, capabilities: ['write-path'] })).toBe(true);
  });

  it('filters by collection and combines with the other filters', () => {
    expect(slugs(filterEntries(entries, { ...NO_FILTER, collection: 'prefect-aws' }))).toEqual(['aws-credentials', 'aws-secret', 'lambda-function', 'minio-credentials', 's3-bucket']);
    expect(slugs(filterEntries(entries, { search: 'bucket', capabilities: ['read-path'], collection: 'prefect-gcp' }))).toEqual(['gcs-bucket']);
  });

  it('lists capabilities and collections from the entries', () => {
    // `notify`: the built-in notification blocks.
    expect(allCapabilities(entries)).toEqual(['get-directory', 'notify', 'put-directory', 'read-path', 'write-path']);
    const collections = allCollections(entries);
    // By name: Prefect's own built-in blocks first.
    expect(collections.slice(0, 2)).toEqual([
      { name: 'prefect', count: 14 },
      { name: 'prefect-aws', count: 5 },
    ]);
    expect(collections.map((c) => c.name)).toContain('prefect-sqlalchemy');
    expect(collections.reduce((sum, c) => sum + c.count, 0)).toBe(54);
  });
});
