// "Did you mean …?" for a mistyped command or option: the nearest known word by edit distance,
// when it is near enough to be a typo rather than another word.

/**
 * Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours
 * as one (optimal string alignment): `puhs` is one edit from `push`, as a typist sees it.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, index) => index)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const at = (r: number, c: number): number => rows[r]?.[c] ?? row[c] ?? 0;
      let best = Math.min(at(i - 1, j) + 1, (row[j - 1] ?? 0) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

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
