// "Did you mean …?" for a mistyped command or option: the nearest known word by edit distance,
// when it is near enough to be a typo rather than another word.
import { editDistance } from '../../shared/edit-distance';

/**
 * The known word nearest `word`, if at most a third of its length away (at least one, at most
 * three edits): `imprt` -> `import`, `exprot` -> `export`, but `frobnicate` -> nothing.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { word: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word;
}
