// A table that may be wider than the window: it scrolls sideways inside its frame, and says so
// when it does: a shadow on each side that hides columns and "Scroll for more columns" above it,
// and the box takes keyboard focus (the arrow keys scroll it).
import { useRef, type ReactNode } from 'react';
import { useOverflowCue } from '../hooks/use-overflow-cue';
import './TableScroll.css';

export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const overflow = useOverflowCue(box);
  const scrolls = overflow.left || overflow.right;
  const frameClass = ['table-scroll-frame', overflow.left ? 'overflows-left' : '', overflow.right ? 'overflows-right' : '', className ?? ''].filter((name) => name !== '').join(' ');
  return (
    <div className={frameClass}>
      {scrolls && (
        <p className="table-scroll-hint" aria-hidden="true">
          {overflow.right ? 'Scroll for more columns →' : '← Scroll for more columns'}
        </p>
      )}
      <div ref={box} className="table-scroll" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': `${label} (scrolls sideways)` } : {})}>
        {children}
      </div>
    </div>
  );
}
