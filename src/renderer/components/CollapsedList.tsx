// A list that may hold thousands of items (a report of 5,000 block types): the first few are
// shown with "Show all N"; all of them are then shown in a scrolling box that keeps only the
// items in view in the DOM, so the page stays small whatever the list's length.
import { measureElement, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type ReactNode } from 'react';
import { formatCount } from '../model/format';
import './CollapsedList.css';

/** Items shown before "Show all". */
export const COLLAPSED_ITEMS = 20;
/** Up to this many, "Show all" renders them all; beyond it, a virtualised box. */
export const PLAIN_LIST_LIMIT = 200;
const ESTIMATED_ITEM_HEIGHT = 30;
const BOX_HEIGHT = 480;

interface Props<T> {
  items: readonly T[];
  /** The list's accessible name, e.g. "Block types changed by catalogue". */
  label: string;
  itemKey: (item: T, index: number) => string;
  renderItem: (item: T) => ReactNode;
  className?: string;
  initial?: number;
}

function VirtualItems<T>({ items, label, itemKey, renderItem, className }: Omit<Props<T>, 'initial'>) {
  const box = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => box.current,
    estimateSize: () => ESTIMATED_ITEM_HEIGHT,
    overscan: 8,
    // A box without layout yet (or in a test DOM) is taken to be its CSS height: the items that
    // would fill it are rendered, never none and never all.
    initialRect: { width: 0, height: BOX_HEIGHT },
    // Likewise an item measured at 0 px (no layout) keeps its estimate, or the range would grow to every item.
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || ESTIMATED_ITEM_HEIGHT,
    observeElementRect: (instance, update) => observeElementRect(instance, (rect) => update(rect.height === 0 ? { width: rect.width, height: BOX_HEIGHT } : rect)),
  });
  return (
    <div ref={box} className="collapsed-list-box" style={{ maxHeight: BOX_HEIGHT }} tabIndex={0} aria-label={`${label}: all ${formatCount(items.length)}, scrollable`}>
      <ul className={`${className ?? ''} collapsed-list-virtual`} aria-label={label} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index] as T;
          return (
            <li
              key={itemKey(item, row.index)}
              data-index={row.index}
              ref={virtualizer.measureElement}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              {renderItem(item)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function CollapsedList<T>({ items, label, itemKey, renderItem, className, initial = COLLAPSED_ITEMS }: Props<T>) {
  const [all, setAll] = useState(false);
  const collapsible = items.length > initial;
  const toggle = collapsible && (
    <button type="button" className="button button-small collapsed-list-toggle" aria-expanded={all} onClick={() => setAll((shown) => !shown)}>
      {all ? `Show the first ${formatCount(initial)}` : `Show all ${formatCount(items.length)}`}
    </button>
  );
  if (all && items.length > PLAIN_LIST_LIMIT) {
    return (
      <>
        <VirtualItems items={items} label={label} itemKey={itemKey} renderItem={renderItem} className={className} />
        {toggle}
      </>
    );
  }
  const shown = all ? items : items.slice(0, initial);
  return (
    <>
      <ul className={className} aria-label={label}>
        {shown.map((item, index) => (
          <li key={itemKey(item, index)}>{renderItem(item)}</li>
        ))}
      </ul>
      {collapsible && !all && <p className="muted collapsed-list-more">{`${formatCount(items.length - initial)} more not shown.`}</p>}
      {toggle}
    </>
  );
}
