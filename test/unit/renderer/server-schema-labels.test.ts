import { describe, expect, it } from 'vitest';
import { holdsSchema, schemaLabel } from '../../../src/renderer/model/servers';

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
