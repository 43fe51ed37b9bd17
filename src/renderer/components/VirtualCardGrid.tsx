// The catalogue's results, as a responsive grid of cards or a compact list, virtualised by rows
// against the window's scroll: columns come from the container's width, and only the rows near the
// viewport are in the DOM, so thousands of block types stay smooth. Without layout (a test DOM
// reports zero width) every row renders. The results are one Tab stop; arrow keys move inside.
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';
import type { CatalogueEntry } from '../../shared/contract';
import { catalogueScroll, rememberCatalogueScroll } from '../dom/scroll-memory';
import { useRegistry } from '../store/context';
import { BlockTypeCard, BlockTypeRow } from './BlockTypeCard';
import './VirtualCardGrid.css';

const MIN_CARD_WIDTH = 300;
const GAP = 16;
const ESTIMATED_ROW_HEIGHT = 222;
const ESTIMATED_LIST_ROW_HEIGHT = 45;

export function columnCount(width: number, minCardWidth = MIN_CARD_WIDTH, gap = GAP): number {
  return Math.max(1, Math.floor((width + gap) / (minCardWidth + gap)));
}

export function chunkRows<T>(items: readonly T[], columns: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += columns) rows.push(items.slice(i, i + columns));
  return rows;
}

function useWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    setWidth(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(element.getBoundingClientRect().width));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** Where the grid starts in the document: the virtualiser works in window scroll coordinates. */
function useScrollMargin(ref: RefObject<HTMLElement | null>, laidOut: boolean): number {
  const [scrollMargin, setScrollMargin] = useState(0);
  // oxlint-disable-next-line react/exhaustive-deps -- measured after every render on purpose (layout moves it); the comparison stops the loop.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null || !laidOut) return;
    const top = Math.round(element.getBoundingClientRect().top + window.scrollY);
    if (top !== scrollMargin) setScrollMargin(top);
  });
  return scrollMargin;
}

/** Back on the catalogue: return to where it was scrolled, and remember the position while shown. */
function useCatalogueScrollMemory(laidOut: boolean): void {
  const restored = useRef(false);
  useLayoutEffect(() => {
    if (!laidOut || restored.current) return;
    restored.current = true;
    const y = catalogueScroll();
    if (y > 0) window.scrollTo(0, y);
  }, [laidOut]);
  // A layout effect, so that it stops before the next page's layout.
  useLayoutEffect(() => {
    if (!laidOut) return;
    const onScroll = (): void => rememberCatalogueScroll(window.scrollY);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [laidOut]);
}

/** Where an arrow key moves from `index` among `count` results laid out in `columns`; null for a key that does not move. */
export function movedIndex(key: string, index: number, count: number, columns: number): number | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, last);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      return Math.min(index + columns, last);
    case 'ArrowUp':
      return Math.max(index - columns, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/**
 * Roving focus: one result's link is the results' Tab stop (the first, then the last one focused);
 * the arrow keys, Home and End move it and focus follows, the row scrolled into view and kept
 * rendered by the virtualiser. A new list of results starts again at the first.
 */
function useRovingFocus(entries: readonly CatalogueEntry[], columns: number, container: RefObject<HTMLDivElement | null>, onLeaveTop?: () => void) {
  const [active, setActive] = useState<{ entries: readonly CatalogueEntry[]; index: number }>({ entries, index: 0 });
  const current = active.entries === entries ? Math.min(active.index, entries.length - 1) : 0;
  const pendingFocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const link = container.current?.querySelector<HTMLElement>(`[data-result-index="${index}"]`);
    if (link === null || link === undefined) return;
    pendingFocus.current = null;
    link.focus();
  });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const from = (event.target as HTMLElement).dataset.resultIndex;
    if (from === undefined) return;
    const index = Number(from);
    if (event.key === 'ArrowUp' && index < columns && onLeaveTop !== undefined) {
      event.preventDefault();
      onLeaveTop();
      return;
    }
    const next = movedIndex(event.key, index, entries.length, columns);
    if (next === null) return;
    event.preventDefault();
    pendingFocus.current = next;
    setActive({ entries, index: next });
  };
  const onFocus = (event: FocusEvent<HTMLDivElement>): void => {
    const from = (event.target as HTMLElement).dataset.resultIndex;
    if (from !== undefined && Number(from) !== current) setActive({ entries, index: Number(from) });
  };
  return { current, onKeyDown, onFocus };
}

interface GridProps {
  entries: readonly CatalogueEntry[];
  label: string;
  layout?: 'cards' | 'list';
  /** ↑ from the first row of results (the catalogue focuses its search box). */
  onLeaveTop?: () => void;
}

export function VirtualCardGrid({ entries, label, layout = 'cards', onLeaveTop }: GridProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const width = useWidth(containerRef);
  const laidOut = width !== null && width > 0;
  const list = layout === 'list';
  const columns = laidOut && !list ? columnCount(width) : 1;
  const rows = chunkRows(entries, columns);
  const scrollMargin = useScrollMargin(containerRef, laidOut);
  const selectedCapabilities = useRegistry((state) => state.capabilities);
  const toggleCapability = useRegistry((state) => state.toggleCapability);
  const { current, onKeyDown, onFocus } = useRovingFocus(entries, columns, containerRef, onLeaveTop);
  const currentRow = Math.floor(current / columns);
  // The row holding the Tab stop is always rendered, so that Tab and focus never miss it.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (currentRow < range.count && !indexes.includes(currentRow)) return [...indexes, currentRow].sort((a, b) => a - b);
      return indexes;
    },
    [currentRow],
  );
  const virtualizer = useWindowVirtualizer({
    count: laidOut ? rows.length : 0,
    estimateSize: () => (list ? ESTIMATED_LIST_ROW_HEIGHT : ESTIMATED_ROW_HEIGHT),
    overscan: list ? 10 : 3,
    gap: list ? 0 : GAP,
    scrollMargin,
    rangeExtractor,
  });
  useCatalogueScrollMemory(laidOut);
  const Result = list ? BlockTypeRow : BlockTypeCard;
  const renderRow = (row: readonly CatalogueEntry[], rowIndex: number) =>
    row.map((entry, column) => {
      const index = rowIndex * columns + column;
      return <Result key={entry.block_type.id} entry={entry} index={index} current={index === current} selectedCapabilities={selectedCapabilities} onToggleCapability={toggleCapability} />;
    });
  const className = `card-grid${laidOut ? ' card-grid-virtual' : ''}${list ? ' list-rows' : ''}`;

  if (!laidOut) {
    return (
      <div ref={containerRef} className={className} role="region" aria-label={label} onKeyDown={onKeyDown} onFocus={onFocus}>
        {width !== null &&
          rows.map((row, index) => (
            <div key={index} className="card-row" data-index={index}>
              {renderRow(row, index)}
            </div>
          ))}
      </div>
    );
  }

  return (
    <div ref={containerRef} className={className} role="region" aria-label={label} onKeyDown={onKeyDown} onFocus={onFocus}>
      <div className="card-grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index] ?? [];
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              className="card-row card-row-virtual"
              data-index={item.index}
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
            >
              {renderRow(row, item.index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
