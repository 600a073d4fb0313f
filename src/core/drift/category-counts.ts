/**
 * A categorical sample: how often each value occurs. Keys are the values themselves (a string,
 * a number or a boolean), so `1` and `"1"` stay apart as pandas keeps them apart.
 */
export type CategoryCounts = ReadonlyMap<string | number | boolean, number>;

/** The total number of values in a categorical sample. */
export function totalOf(counts: CategoryCounts): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  return total;
}

/** The distinct values of two samples together, in a stable order (base's first). */
export function unionKeys(a: CategoryCounts, b: CategoryCounts): (string | number | boolean)[] {
  const keys = [...a.keys()];
  for (const key of b.keys()) if (!a.has(key)) keys.push(key);
  return keys;
}

/** Counts of a list of values (tests, small samples). */
export function categoryCountsOf(values: readonly (string | number | boolean)[]): CategoryCounts {
  const counts = new Map<string | number | boolean, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
