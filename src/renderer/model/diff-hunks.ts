// The side-by-side rows cut to what a reader needs: each change with a few unchanged lines of
// context, the long unchanged stretches between them folded into "show N unchanged lines".
import type { DiffRow } from './side-by-side';

/**
 * Shown rows (`start`: index of the first in the whole diff), a folded stretch of unchanged rows
 * (`gap`), or the head of a stretch the reader unfolded (`unfolded`, followed by its rows), where
 * it can be folded again.
 */
export type DiffSegment = { kind: 'rows'; start: number; rows: DiffRow[] } | { kind: 'gap' | 'unfolded'; start: number; count: number };

export const CONTEXT_LINES = 3;

export function isChangedRow(row: DiffRow): boolean {
  return row.left?.kind !== 'unchanged' || row.right?.kind !== 'unchanged';
}

/** The index of the first row of each run of changed rows: one entry per change to step through. */
export function changeStarts(rows: readonly DiffRow[]): number[] {
  const starts: number[] = [];
  rows.forEach((row, index) => {
    if (isChangedRow(row) && (index === 0 || !isChangedRow(rows[index - 1] as DiffRow))) starts.push(index);
  });
  return starts;
}

/**
 * Keeps `context` unchanged rows around each change and folds every longer unchanged stretch into
 * a gap, except the gaps the reader expanded (named by their first row's index). A single row is
 * never folded: its expander would take the same room.
 */
export function collapseUnchanged(rows: readonly DiffRow[], context = CONTEXT_LINES, expanded: ReadonlySet<number> = new Set()): DiffSegment[] {
  const keep = rows.map(isChangedRow);
  rows.forEach((row, index) => {
    if (!isChangedRow(row)) return;
    for (let near = Math.max(0, index - context); near <= Math.min(rows.length - 1, index + context); near += 1) keep[near] = true;
  });
  const segments: DiffSegment[] = [];
  const pushRows = (start: number, end: number): void => {
    const last = segments[segments.length - 1];
    if (last?.kind === 'rows') last.rows.push(...rows.slice(start, end));
    else segments.push({ kind: 'rows', start, rows: rows.slice(start, end) });
  };
  let index = 0;
  while (index < rows.length) {
    let end = index + 1;
    while (end < rows.length && keep[end] === keep[index]) end += 1;
    const foldable = keep[index] !== true && end - index > 1;
    if (foldable && !expanded.has(index)) segments.push({ kind: 'gap', start: index, count: end - index });
    else {
      if (foldable) segments.push({ kind: 'unfolded', start: index, count: end - index });
      pushRows(index, end);
    }
    index = end;
  }
  return segments;
}
