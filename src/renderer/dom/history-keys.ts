// Which key presses and mouse buttons mean Back or Forward, as in a browser: Alt+← / Alt+→
// (Cmd+[ / Cmd+] on macOS, where Option+arrows move by word in text), and the mouse's own back and
// forward buttons (3 and 4). Pure, so that the rules are tested without a window.

export type HistoryDirection = 'back' | 'forward';

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/** The direction a key press asks for, or null. `typing`: focus is in a text field. */
export function historyKeyDirection(press: KeyPress, mac: boolean, typing: boolean): HistoryDirection | null {
  if (press.shiftKey || press.ctrlKey) return null;
  if (press.metaKey && !press.altKey && mac) {
    if (press.key === '[') return 'back';
    if (press.key === ']') return 'forward';
    return null;
  }
  // Option+arrows edit text on macOS; elsewhere Alt+arrows never do.
  if (press.altKey && !press.metaKey && !(mac && typing)) {
    if (press.key === 'ArrowLeft') return 'back';
    if (press.key === 'ArrowRight') return 'forward';
  }
  return null;
}

/** The direction a mouse button asks for (3: back, 4: forward), or null. */
export function historyButtonDirection(button: number): HistoryDirection | null {
  return button === 3 ? 'back' : button === 4 ? 'forward' : null;
}

/** Whether this is macOS (for its shortcuts). */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/u.test(navigator.platform);
}
