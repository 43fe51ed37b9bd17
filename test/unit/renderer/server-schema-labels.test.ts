import { describe, expect, it } from 'vitest';
import { holdsSchema, schemaLabel, transferChangeLabel, transferSummary } from '../../../src/renderer/model/servers';
import type { TransferPreview } from '../../../src/shared/servers';

const a = { checksum: 'sha256:1111111111aaaaaaaaaa', version: 'non-versioned' };
const b = { checksum: 'sha256:2222222222bbbbbbbbbb', version: 'non-versioned' };
const c = { checksum: 'sha256:3333333333cccccccccc', version: '0.7.12' };

describe('schemaLabel', () => {
  it('is the version alone when no other schema carries the same label', () => {
    expect(schemaLabel(c, [a, c])).toBe('0.7.12');
    expect(schemaLabel(a, [a, c])).toBe('non-versioned');
  });

  it('adds a checksum prefix when the version label repeats with another checksum (non-versioned ×2)', () => {
    expect(schemaLabel(a, [a, b, c])).toBe('non-versioned (sha256:11111111…)');
    expect(schemaLabel(b, [a, b, c])).toBe('non-versioned (sha256:22222222…)');
    // The same schema listed twice (on both sides) is not a repeat.
    expect(schemaLabel(a, [a, { ...a }])).toBe('non-versioned');
  });
});

describe('holdsSchema', () => {
  it('matches checksum and version both', () => {
    expect(holdsSchema([a, c], { ...a })).toBe(true);
    expect(holdsSchema([a, c], b)).toBe(false);
    expect(holdsSchema([a], { checksum: a.checksum, version: '1.0.0' })).toBe(false);
  });
});

describe('transfer previews', () => {
  const preview = (types: TransferPreview['types'], counts: TransferPreview['counts']): TransferPreview => ({
    direction: 'pull',
    api_url: 'http://x/api',
    types,
    counts,
    warnings: [],
    errors: [],
    notes: [],
  });

  it('a type whose metadata stays and that gets a new schema is a new version, counted apart from the unchanged', () => {
    const types: TransferPreview['types'] = [
      { slug: 'a', change: 'unchanged', fields: [], new_schemas: 1 },
      { slug: 'b', change: 'unchanged', fields: [], new_schemas: 0 },
      { slug: 'c', change: 'new', fields: [], new_schemas: 1 },
    ];
    expect(types.map(transferChangeLabel)).toEqual(['new version', 'unchanged', 'new']);
    expect(transferSummary(preview(types, { new: 1, update: 0, unchanged: 2, protected: 0, new_schemas: 2 }))).toBe('1 new, 0 updated, 1 new version, 1 unchanged; 2 new schemas');
  });

  it('reads as before when there is no new version', () => {
    const types: TransferPreview['types'] = [{ slug: 'c', change: 'new', fields: [], new_schemas: 1 }];
    expect(transferSummary(preview(types, { new: 1, update: 0, unchanged: 0, protected: 1, new_schemas: 1 }))).toBe('1 new, 0 updated, 0 unchanged, 1 protected (left alone); 1 new schema');
  });
});
