// Back and Forward for the window (Electron has no toolbar), with the browser's shortcuts and the
// mouse's back and forward buttons. Each is off where there is nowhere to go (aria-disabled, not
// disabled, so that a button pressed to its end keeps focus).
import { useEffect, useSyncExternalStore } from 'react';
import { historyButtonDirection, historyKeyDirection, isMac, type HistoryDirection } from '../dom/history-keys';
import { historyPosition, subscribeHistory } from '../dom/history-position';
import { isTypingTarget } from '../dom/typing-target';
import './HistoryButtons.css';

function go(direction: HistoryDirection): void {
  if (direction === 'back') window.history.back();
  else window.history.forward();
}

function useHistoryShortcuts(): void {
  useEffect(() => {
    const mac = isMac();
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return;
      const direction = historyKeyDirection(event, mac, isTypingTarget(event.target));
      if (direction === null) return;
      event.preventDefault();
      go(direction);
    };
    // mouseup, as browsers do; the mousedown's default (none in Electron; history in a browser) is stopped.
    const onMouseUp = (event: MouseEvent): void => {
      const direction = historyButtonDirection(event.button);
      if (direction === null) return;
      event.preventDefault();
      go(direction);
    };
    const onMouseDown = (event: MouseEvent): void => {
      if (historyButtonDirection(event.button) !== null) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('mouseup', onMouseUp);
    window.addEventListener('mousedown', onMouseDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('mouseup', onMouseUp);
      window.removeEventListener('mousedown', onMouseDown);
    };
  }, []);
}

export function HistoryButtons() {
  const position = useSyncExternalStore(subscribeHistory, historyPosition, historyPosition);
  useHistoryShortcuts();
  const mac = isMac();
  return (
    <div className="history-buttons" role="group" aria-label="History">
      <button
        type="button"
        className="button button-quiet"
        aria-label="Back"
        title={mac ? 'Back (⌘[)' : 'Back (Alt+←)'}
        aria-keyshortcuts={mac ? 'Meta+[' : 'Alt+ArrowLeft'}
        aria-disabled={position.index === 0}
        onClick={() => {
          if (position.index > 0) go('back');
        }}
      >
        <span aria-hidden="true">←</span>
      </button>
      <button
        type="button"
        className="button button-quiet"
        aria-label="Forward"
        title={mac ? 'Forward (⌘])' : 'Forward (Alt+→)'}
        aria-keyshortcuts={mac ? 'Meta+]' : 'Alt+ArrowRight'}
        aria-disabled={position.index >= position.last}
        onClick={() => {
          if (position.index < position.last) go('forward');
        }}
      >
        <span aria-hidden="true">→</span>
      </button>
    </div>
  );
}
