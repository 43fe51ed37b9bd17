// A piece of view state remembered in localStorage (the window's choices: list or cards, filters
// open or closed), falling back to a default when nothing is stored or storage is unavailable.
import { useCallback, useState } from 'react';

const PREFIX = 'block-registry.';

function readStored<T extends string>(key: string, allowed: readonly T[]): T | null {
  try {
    const value = window.localStorage.getItem(PREFIX + key);
    return allowed.find((option) => option === value) ?? null;
  } catch {
    return null;
  }
}

/** `[value, set]`, the value one of `allowed`; `initial` is computed when nothing valid is stored. */
export function useStoredChoice<T extends string>(key: string, allowed: readonly T[], initial: () => T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => readStored(key, allowed) ?? initial());
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.localStorage.setItem(PREFIX + key, next);
      } catch {
        // Private mode or full storage: the choice lasts for this session only.
      }
    },
    [key],
  );
  return [value, set];
}

/** Whether the window is at least this wide now (no listener: a default for a remembered choice). */
export function wideWindow(minWidth: number): boolean {
  return typeof window.matchMedia !== 'function' || window.matchMedia(`(min-width: ${minWidth}px)`).matches;
}
