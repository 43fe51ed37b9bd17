// Side-by-side rows of a line diff (from `diffLines`): unchanged lines share a row; a removed run
// next to an added run is paired row by row; the shorter side is padded with empty cells.
import { diffLines } from 'diff';

export interface DiffCell {
  /** 1-based line number in its text. */
  line: number;
  text: string;
  kind: 'unchanged' | 'removed' | 'added';
}

export interface DiffRow {
  left: DiffCell | null;
  right: DiffCell | null;
}

export interface SideBySide {
  rows: DiffRow[];
  added: number;
  removed: number;
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function sideBySide(leftText: string, rightText: string): SideBySide {
  const changes = diffLines(leftText, rightText);
  const rows: DiffRow[] = [];
  let leftLine = 0;
  let rightLine = 0;
  let added = 0;
  let removed = 0;
  let pendingRemoved: DiffCell[] = [];
  let pendingAdded: DiffCell[] = [];
  const flush = (): void => {
    const length = Math.max(pendingRemoved.length, pendingAdded.length);
    for (let i = 0; i < length; i += 1) rows.push({ left: pendingRemoved[i] ?? null, right: pendingAdded[i] ?? null });
    pendingRemoved = [];
    pendingAdded = [];
  };
  for (const change of changes) {
    const lines = splitLines(change.value);
    if (change.removed) {
      for (const text of lines) pendingRemoved.push({ line: (leftLine += 1), text, kind: 'removed' });
      removed += lines.length;
    } else if (change.added) {
      for (const text of lines) pendingAdded.push({ line: (rightLine += 1), text, kind: 'added' });
      added += lines.length;
    } else {
      flush();
      for (const text of lines) rows.push({ left: { line: (leftLine += 1), text, kind: 'unchanged' }, right: { line: (rightLine += 1), text, kind: 'unchanged' } });
    }
  }
  flush();
  return { rows, added, removed };
}
