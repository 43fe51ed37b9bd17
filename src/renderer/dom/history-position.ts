// Where the window is in its own history, for Back and Forward buttons that know when they can go:
// each entry carries its position in `history.state` (kept across reloads), the furthest position
// reached in sessionStorage. A hash change to an entry without a position is a new page: the
// position after the current one, and nothing forward of it any more.

export interface HistoryPosition {
  index: number;
  /** The last entry's index (forward of `index` when the user went back). */
  last: number;
}

const LAST_KEY = 'block-registry.history-last';

function positionOf(state: unknown): number | null {
  if (typeof state !== 'object' || state === null || !('blockRegistryIndex' in state)) return null;
  const index = (state as { blockRegistryIndex: unknown }).blockRegistryIndex;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : null;
}

function readLast(): number | null {
  try {
    const value = Number(window.sessionStorage.getItem(LAST_KEY));
    return Number.isInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

function writeLast(last: number): void {
  try {
    window.sessionStorage.setItem(LAST_KEY, String(last));
  } catch {
    // Without storage, a reload forgets what is forward: Forward stays off until the next Back.
  }
}

function stamp(index: number): void {
  const state: unknown = window.history.state;
  const base = typeof state === 'object' && state !== null ? state : {};
  window.history.replaceState({ ...base, blockRegistryIndex: index }, '');
}

let position: HistoryPosition | null = null;
const listeners = new Set<() => void>();

function start(): HistoryPosition {
  const known = positionOf(window.history.state);
  if (known !== null) return { index: known, last: Math.max(known, readLast() ?? known) };
  stamp(0);
  writeLast(0);
  return { index: 0, last: 0 };
}

function onHashChange(): void {
  const before = position ?? start();
  const known = positionOf(window.history.state);
  if (known !== null) {
    position = { index: known, last: Math.max(before.last, known) };
  } else {
    const index = before.index + 1;
    stamp(index);
    writeLast(index);
    position = { index, last: index };
  }
  for (const listener of listeners) listener();
}

/** The current position (read once per render through useSyncExternalStore). */
export function historyPosition(): HistoryPosition {
  position ??= start();
  return position;
}

export function subscribeHistory(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('hashchange', onHashChange);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('hashchange', onHashChange);
  };
}

/** Forgets the position (tests that reset the window's location between them). */
export function resetHistoryPosition(): void {
  position = null;
}
