// A modal dialog: focus moves into it on open and back where it was on close, Tab and Shift+Tab
// stay inside it, and Escape calls `onEscape`. The rest of the window is made inert by the App
// while it is open, so neither the pointer nor assistive technology reaches what is behind.
import { useEffect, useRef, type ReactNode } from 'react';
import './Modal.css';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Whether the element is shown (not hidden, not inside a closed `<details>` other than its summary). */
function shown(element: HTMLElement): boolean {
  if (element.closest('[inert], [hidden]') !== null) return false;
  const details = element.parentElement?.closest('details');
  return details === null || details === undefined || details.open || (element.tagName === 'SUMMARY' && element.parentElement === details);
}

function focusableIn(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(shown);
}

interface Props {
  /** The id of the element that names the dialog (its heading). */
  labelledBy: string;
  describedBy?: string;
  onEscape: () => void;
  className?: string;
  children: ReactNode;
}

export function Modal({ labelledBy, describedBy, onEscape, className, children }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const escape = useRef(onEscape);
  useEffect(() => {
    escape.current = onEscape;
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus({ preventScroll: true });
    const onKeyDown = (event: KeyboardEvent): void => {
      const container = dialog.current;
      if (container === null || event.defaultPrevented) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        escape.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const focusable = focusableIn(container);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (first === undefined || last === undefined) {
        event.preventDefault();
        container.focus();
        return;
      }
      const active = document.activeElement;
      const inside = active instanceof Node && container.contains(active);
      if (event.shiftKey && (!inside || active === first || active === container)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (!inside || active === last)) {
        event.preventDefault();
        first.focus();
      }
    };
    // Focus that escapes anyway (a button disabled under it drops focus to the body) comes back.
    const onFocusIn = (event: FocusEvent): void => {
      const container = dialog.current;
      if (container !== null && event.target instanceof Node && !container.contains(event.target)) container.focus({ preventScroll: true });
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
      if (opener !== null && opener.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);

  return (
    <div className="modal-backdrop">
      <div ref={dialog} className={className === undefined ? 'modal' : `modal ${className}`} role="dialog" aria-modal="true" aria-labelledby={labelledBy} aria-describedby={describedBy} tabIndex={-1}>
        {children}
      </div>
    </div>
  );
}
