import { describe, expect, it } from 'vitest';
import { copyPair, copySlugs } from '../../../src/renderer/model/servers';
import type { SourceComparison, TypeComparison, TypeComparisonStatus } from '../../../src/shared/servers';

const row = (slug: string, status: TypeComparisonStatus): TypeComparison => ({ slug, left_name: slug, right_name: slug, status, fields: [], schemas_only_left: [], schemas_only_right: [] });
const comparison: SourceComparison = {
  left: { source: 'a', label: 'A' },
  right: { source: 'b', label: 'B' },
  same: false,
  types: [row('left-only', 'only_left'), row('right-only', 'only_right'), row('changed', 'differing'), row('kept', 'same')],
  counts: { only_left: 1, only_right: 1, differing: 1, same: 1 },
};

describe('the servers page’s copy', () => {
  it('goes from the left server to the right one, never from or to this registry, never onto itself', () => {
    expect(copyPair('a', 'b')).toEqual({ from: 'a', to: 'b' });
    expect(copyPair('registry', 'b')).toBeNull();
    expect(copyPair('a', 'registry')).toBeNull();
    expect(copyPair('a', 'a')).toBeNull();
  });

  it('takes the chosen types the left server has; none chosen, all (an empty list)', () => {
    expect(copySlugs(comparison, new Set())).toEqual([]);
    expect(copySlugs(comparison, new Set(['kept', 'changed', 'right-only']))).toEqual(['changed', 'kept']);
    expect(copySlugs(comparison, new Set(['right-only']))).toEqual([]);
    expect(copySlugs(comparison, new Set(['left-only', 'gone']))).toEqual(['left-only']);
  });
});
