/** Longest name compared; longer ones get no suggestion. */
const MAX_NAME = 200;

/**
 * The candidates closest to a misspelt name, for "did you mean …?" hints: of those within an
 * edit distance of a third of the name's length (at least 1, at most 4), the closest, in the
 * candidates' order; a candidate the name starts with, or that starts with the name, counts as
 * one and a half edits (`minimum` → `min`, but a one-letter typo is closer). Case differences count as one edit each; a candidate equal to the
 * name is never suggested. Returns at most `limit` names.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  // A typo is in a name a person wrote; a name this long is not one, and comparing it costs.
  if (name.length > MAX_NAME) return [];
  const allowed = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  const scored: { candidate: string; distance: number; index: number }[] = [];
  let index = 0;
  for (const candidate of candidates) {
    index++;
    if (candidate === name || candidate.length > MAX_NAME) continue;
    // `minimum` for `min`, `max_regress` for `max_regression`: a word written longer or cut short.
    const shorter = Math.min(candidate.length, name.length);
    if (shorter >= 3 && (candidate.startsWith(name) || name.startsWith(candidate))) {
      scored.push({ candidate, distance: 1.5, index });
      continue;
    }
    if (Math.abs(candidate.length - name.length) > allowed) continue;
    const distance = editDistance(name, candidate, allowed);
    if (distance <= allowed) scored.push({ candidate, distance, index });
  }
  const best = Math.min(...scored.map((s) => s.distance));
  return scored
    .filter((s) => s.distance === best)
    .sort((a, b) => a.index - b.index)
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** " (did you mean a or b?)", or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  if (close.length === 0) return "";
  const quoted = close.map((c) => JSON.stringify(c));
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return ` (did you mean ${list}?)`;
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours, the commonest
 * typo), stopping early once every path is over `cap`. Names are short, so O(n·m) is nothing.
 */
function editDistance(a: string, b: string, cap: number): number {
  // Three rolling rows: the one before last is needed for a swap of neighbours.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let best = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (before[j - 2] as number) + 1);
      }
      current[j] = v;
      best = Math.min(best, v);
    }
    if (best > cap) return best;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}
