import { describe, expect, it } from 'vitest';
import { changeStarts, collapseUnchanged, type DiffSegment } from '../../../src/renderer/model/diff-hunks';
import { sideBySide } from '../../../src/renderer/model/side-by-side';

/** Lines `line 1` … `line n`, one per row, with the given line numbers replaced. */
function text(count: number, replaced: Record<number, string> = {}): string {
  return Array.from({ length: count }, (_, index) => replaced[index + 1] ?? `line ${index + 1}`).join('\n') + '\n';
}

/** A segment list as `rows 0-6`, `gap 7+40`: easy to read in an assertion. */
function shape(segments: DiffSegment[]): string[] {
  return segments.map((segment) => (segment.kind === 'rows' ? `rows ${segment.start}-${segment.start + segment.rows.length - 1}` : `${segment.kind} ${segment.start}+${segment.count}`));
}

describe('collapseUnchanged', () => {
  it('keeps three lines of context around each change and folds the rest', () => {
    const diff = sideBySide(text(100), text(100, { 20: 'changed 20', 80: 'changed 80' }));
    expect(diff.rows).toHaveLength(100);
    const segments = collapseUnchanged(diff.rows);
    expect(shape(segments)).toEqual(['gap 0+16', 'rows 16-22', 'gap 23+53', 'rows 76-82', 'gap 83+17']);
    const shown = segments.flatMap((segment) => (segment.kind === 'rows' ? segment.rows : []));
    expect(shown).toHaveLength(14);
    expect(shown[3]?.left).toEqual({ line: 20, text: 'line 20', kind: 'removed' });
    expect(shown[3]?.right).toEqual({ line: 20, text: 'changed 20', kind: 'added' });
    expect(shown[0]?.left?.text).toBe('line 17');
  });

  it('joins changes whose context meets, and never folds a single line', () => {
    const diff = sideBySide(text(20), text(20, { 5: 'x', 12: 'y' }));
    // Context of line 5 reaches line 8, that of line 12 starts at line 9: one run of rows, and
    // line 1 alone before it stays shown.
    expect(shape(collapseUnchanged(diff.rows))).toEqual(['rows 0-14', 'gap 15+5']);
    const nearEnd = sideBySide(text(5), text(5, { 1: 'first' }));
    expect(shape(collapseUnchanged(nearEnd.rows))).toEqual(['rows 0-4']);
  });

  it('shows a gap the reader expanded, headed by where to fold it again', () => {
    const diff = sideBySide(text(30), text(30, { 15: 'changed' }));
    expect(shape(collapseUnchanged(diff.rows))).toEqual(['gap 0+11', 'rows 11-17', 'gap 18+12']);
    expect(shape(collapseUnchanged(diff.rows, 3, new Set([0])))).toEqual(['unfolded 0+11', 'rows 0-17', 'gap 18+12']);
  });

  it('folds everything when nothing changed, and counts changes as runs', () => {
    const same = sideBySide(text(10), text(10));
    expect(shape(collapseUnchanged(same.rows))).toEqual(['gap 0+10']);
    expect(changeStarts(same.rows)).toEqual([]);
    const diff = sideBySide(text(30), text(30, { 5: 'a', 6: 'b', 20: 'c' }));
    expect(changeStarts(diff.rows)).toEqual([4, 19]);
  });

  it('uses the context size given', () => {
    const diff = sideBySide(text(30), text(30, { 15: 'changed' }));
    expect(shape(collapseUnchanged(diff.rows, 0))).toEqual(['gap 0+14', 'rows 14-14', 'gap 15+15']);
  });
});
