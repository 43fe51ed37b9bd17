// The catalogue's responsive grid, virtualised by rows against the window's scroll: columns come
// from the container's width, and only the rows near the viewport are in the DOM, so thousands
// of block types stay smooth. Without layout (a test DOM reports zero width) every row renders.
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent, type RefObject } from 'react';
import type { CatalogueEntry } from '../../shared/contract';
import { catalogueScroll, rememberCatalogueScroll } from '../lib/scroll-memory';
import { BlockTypeCard } from './BlockTypeCard';

const MIN_CARD_WIDTH = 300;
const GAP = 16;
const ESTIMATED_ROW_HEIGHT = 222;

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

/** Keeps the row holding keyboard focus rendered, so focus is never lost to virtualisation. */
function useFocusedRow() {
  const focusedRow = useRef<number | null>(null);
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const focused = focusedRow.current;
    if (focused !== null && focused < range.count && !indexes.includes(focused)) return [...indexes, focused].sort((a, b) => a - b);
    return indexes;
  }, []);
  const onFocus = (event: FocusEvent<HTMLDivElement>): void => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    focusedRow.current = row === null ? null : Number(row.dataset.index);
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>): void => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) focusedRow.current = null;
  };
  return { rangeExtractor, onFocus, onBlur };
}

export function VirtualCardGrid({ entries, label }: { entries: readonly CatalogueEntry[]; label: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const width = useWidth(containerRef);
  const laidOut = width !== null && width > 0;
  const columns = laidOut ? columnCount(width) : 1;
  const rows = chunkRows(entries, columns);
  const scrollMargin = useScrollMargin(containerRef, laidOut);
  const { rangeExtractor, onFocus, onBlur } = useFocusedRow();
  const virtualizer = useWindowVirtualizer({
    count: laidOut ? rows.length : 0,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 3,
    gap: GAP,
    scrollMargin,
    rangeExtractor,
  });
  useCatalogueScrollMemory(laidOut);

  if (!laidOut) {
    return (
      <div ref={containerRef} className="card-grid" role="region" aria-label={label}>
        {width !== null &&
          rows.map((row, index) => (
            <div key={index} className="card-row" data-index={index}>
              {row.map((entry) => (
                <BlockTypeCard key={entry.block_type.id} entry={entry} />
              ))}
            </div>
          ))}
      </div>
    );
  }

  return (
    <div ref={containerRef} className="card-grid card-grid-virtual" role="region" aria-label={label} onFocus={onFocus} onBlur={onBlur}>
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
              {row.map((entry) => (
                <BlockTypeCard key={entry.block_type.id} entry={entry} />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
