/**
 * The q-quantile (0 ≤ q ≤ 1) of ascending-sorted values, interpolating linearly between order
 * statistics (Hyndman & Fan type 7, the default of numpy.percentile and R's quantile), so a
 * bootstrap interval can be checked against either.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const low = sorted[lo]!;
  if (lo + 1 >= n) return low;
  const high = sorted[lo + 1]!;
  return low + (h - lo) * (high - low);
}
