// Which sides of a horizontally scrolling box hide content: the box's cue (shadows, a hint)
// follows its scrolling, its size and its content's size.
import { useEffect, useState, type RefObject } from 'react';

export interface Overflow {
  left: boolean;
  right: boolean;
}

const NONE: Overflow = { left: false, right: false };

export function useOverflowCue(box: RefObject<HTMLElement | null>): Overflow {
  const [overflow, setOverflow] = useState<Overflow>(NONE);
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const measure = (): void => {
      // A pixel of rounding is not content.
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setOverflow((before) => (before.left === left && before.right === right ? before : { left, right }));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(element);
    if (element.firstElementChild !== null) observer?.observe(element.firstElementChild);
    return () => {
      element.removeEventListener('scroll', measure);
      observer?.disconnect();
    };
  }, [box]);
  return overflow;
}
