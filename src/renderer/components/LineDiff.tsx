// The line diff of two schemas' fields JSON, side by side, older on the left: unchanged stretches
// folded to a few lines of context (each with an expander), and a previous/next change control
// that the `p` and `n` keys also drive (wrapping around at the ends).
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { changeStarts, collapseUnchanged, CONTEXT_LINES, isChangedRow, type DiffSegment } from '../model/diff-hunks';
import { plural, shortChecksum } from '../model/format';
import { href } from '../model/routes';
import { sideBySide, type DiffCell, type DiffRow } from '../model/side-by-side';
import { isTypingTarget } from '../dom/typing-target';
import './LineDiff.css';

/** "3 lines added, 1 removed". */
export function diffSummary(added: number, removed: number): string {
  return `${plural(added, 'line', 'lines')} added, ${removed.toLocaleString('en-US')} removed`;
}

function Cells({ cell }: { cell: DiffCell | null }) {
  if (cell === null) {
    return (
      <>
        <td className="diff-line-number diff-empty" />
        <td className="diff-text diff-empty" />
      </>
    );
  }
  return (
    <>
      <td className={`diff-line-number diff-${cell.kind}`}>{cell.line}</td>
      <td className={`diff-text diff-${cell.kind}`}>
        {cell.kind !== 'unchanged' && (
          <>
            <span className="diff-sign" aria-hidden="true">
              {cell.kind === 'added' ? '+' : '−'}
            </span>
            <span className="visually-hidden">{cell.kind === 'added' ? 'added: ' : 'removed: '}</span>
          </>
        )}
        <code>{cell.text}</code>
      </td>
    </>
  );
}

/**
 * One side of a line diff: a schema's fields and what it is. A schema of this registry links to its
 * page (`id`); one read from a server has none. `side` heads its column ("Older" and "Newer" by default).
 */
export interface DiffSide {
  fields_json: string;
  schema: { id?: string; version: string; checksum: string };
  side?: string;
}

function versionLabel(detail: DiffSide): string {
  return `Version ${detail.schema.version}`;
}

/** The rows (indexes into the whole diff) of the change that starts at `start`. */
function changeRange(rows: readonly DiffRow[], start: number | undefined): [number, number] | null {
  if (start === undefined) return null;
  let end = start;
  while (end + 1 < rows.length && isChangedRow(rows[end + 1] as DiffRow)) end += 1;
  return [start, end];
}

/** `n` and `p` step through the changes, unless the user is typing or holds a modifier. */
function useChangeKeys(next: () => void, previous: () => void): void {
  const handlers = useRef({ next, previous });
  handlers.current = { next, previous };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (event.key !== 'n' && event.key !== 'p') return;
      event.preventDefault();
      if (event.key === 'n') handlers.current.next();
      else handlers.current.previous();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Previous / "Change 2 of 5" / Next: stepping through the changes. */
function ChangeNav({ count, current, next, previous }: { count: number; current: number | null; next: () => void; previous: () => void }) {
  return (
    <div className="diff-nav" role="group" aria-label="Changes">
      <button type="button" className="button button-small" onClick={previous} aria-keyshortcuts="p" title="Previous change (p)">
        Previous change
      </button>
      <span className="diff-position" aria-live="polite">
        {current === null ? plural(count, 'change', 'changes') : `Change ${(current + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')}`}
      </span>
      <button type="button" className="button button-small" onClick={next} aria-keyshortcuts="n" title="Next change (n)">
        Next change
      </button>
    </div>
  );
}

/** The two schemas' columns: which is older (or where each is from), their versions and checksums (links to each schema here). */
function DiffHead({ left, right }: { left: DiffSide; right: DiffSide }) {
  return (
    <thead>
      <tr>
        {[left, right].map((detail, index) => {
          const checksum = <code title={detail.schema.checksum}>{shortChecksum(detail.schema.checksum)}</code>;
          return (
            <th key={index} scope="colgroup" colSpan={2}>
              <span className="diff-side">{detail.side ?? (index === 0 ? 'Older' : 'Newer')}</span> {versionLabel(detail)}{' '}
              {detail.schema.id === undefined ? (
                <span className="diff-checksum">{checksum}</span>
              ) : (
                <a href={href.schema(detail.schema.id)} className="diff-checksum">
                  {checksum}
                </a>
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** A folded stretch of unchanged lines, or one unfolded: the button that shows or hides it. */
function GapRow({ segment, onToggle }: { segment: Extract<DiffSegment, { kind: 'gap' | 'unfolded' }>; onToggle: () => void }) {
  return (
    <tr className="diff-gap">
      <td colSpan={4}>
        <button type="button" className="diff-expand" aria-expanded={segment.kind === 'unfolded'} onClick={onToggle}>
          {`${segment.kind === 'gap' ? 'Show' : 'Hide'} ${plural(segment.count, 'unchanged line', 'unchanged lines')}`}
        </button>
      </td>
    </tr>
  );
}

function DiffBody({
  segments,
  highlighted,
  onToggle,
}: {
  segments: readonly DiffSegment[];
  highlighted: [number, number] | null;
  onToggle: (segment: Extract<DiffSegment, { kind: 'gap' | 'unfolded' }>) => void;
}) {
  return (
    <tbody>
      {segments.map((segment) =>
        segment.kind !== 'rows' ? (
          <GapRow key={`${segment.kind}-${segment.start}`} segment={segment} onToggle={() => onToggle(segment)} />
        ) : (
          segment.rows.map((row, offset) => {
            const index = segment.start + offset;
            const current = highlighted !== null && index >= highlighted[0] && index <= highlighted[1];
            return (
              <tr key={index} data-row={index} tabIndex={-1} className={current ? 'diff-current' : undefined}>
                <Cells cell={row.left} />
                <Cells cell={row.right} />
              </tr>
            );
          })
        ),
      )}
    </tbody>
  );
}

/** Brings the current change into view and gives it focus, so that a screen reader reads it. */
function useShowChange(table: RefObject<HTMLTableElement | null>, current: number | null, starts: readonly number[]): void {
  useEffect(() => {
    if (current === null) return;
    const row = table.current?.querySelector<HTMLElement>(`tr[data-row="${starts[current] ?? -1}"]`);
    if (row === null || row === undefined) return;
    row.scrollIntoView?.({ block: 'center' });
    row.focus({ preventScroll: true });
  }, [table, current, starts]);
}

export function LineDiff({ left, right }: { left: DiffSide; right: DiffSide }) {
  const diff = useMemo(() => sideBySide(left.fields_json, right.fields_json), [left.fields_json, right.fields_json]);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const segments = useMemo(() => collapseUnchanged(diff.rows, CONTEXT_LINES, expanded), [diff.rows, expanded]);
  const starts = useMemo(() => changeStarts(diff.rows), [diff.rows]);
  const [current, setCurrent] = useState<number | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const identical = diff.added === 0 && diff.removed === 0;
  const highlighted = changeRange(diff.rows, current === null ? undefined : starts[current]);

  // Both wrap around at the ends, as an editor's next/previous match does.
  const next = (): void => setCurrent((index) => (index === null ? 0 : (index + 1) % starts.length));
  const previous = (): void => setCurrent((index) => (index === null ? starts.length - 1 : (index - 1 + starts.length) % starts.length));
  useChangeKeys(next, previous);
  useShowChange(table, current, starts);
  const toggle = (segment: Extract<DiffSegment, { kind: 'gap' | 'unfolded' }>): void =>
    setExpanded((before) => {
      const after = new Set(before);
      if (segment.kind === 'gap') after.add(segment.start);
      else after.delete(segment.start);
      return after;
    });

  return (
    <>
      <div className="diff-toolbar">
        <p className="diff-summary" aria-live="polite">
          <span className="diff-count diff-count-added">{diffSummary(diff.added, diff.removed)}</span>
          {identical && <strong className="diff-identical">Identical fields</strong>}
        </p>
        {starts.length > 0 && <ChangeNav count={starts.length} current={current} next={next} previous={previous} />}
      </div>
      <div className="table-scroll diff-scroll">
        <table className="diff-table" ref={table}>
          <caption className="visually-hidden">{`Fields of ${versionLabel(left)} (left) and ${versionLabel(right)} (right)`}</caption>
          <colgroup>
            <col className="diff-col-number" />
            <col className="diff-col-text" />
            <col className="diff-col-number" />
            <col className="diff-col-text" />
          </colgroup>
          <DiffHead left={left} right={right} />
          <DiffBody segments={segments} highlighted={highlighted} onToggle={toggle} />
        </table>
      </div>
    </>
  );
}
