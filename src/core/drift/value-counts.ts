/**
 * A numeric sample as its distinct values in ascending order with how often each occurs: the
 * form every numeric drift statistic reads (a sorted sample with its ties merged). `total` is
 * the sum of `counts`.
 */
export interface ValueCounts {
  readonly values: Float64Array;
  readonly counts: Float64Array;
  readonly total: number;
}

/** Builds `ValueCounts` from plain numbers (tests, small samples). */
export function valueCountsOf(sample: readonly number[]): ValueCounts {
  const sorted = Float64Array.from(sample).sort();
  return valueCountsOfSorted(sorted);
}

/** Builds `ValueCounts` from an ascending array, merging equal neighbours. */
export function valueCountsOfSorted(sorted: Float64Array): ValueCounts {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  let j = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) values[++j] = sorted[i] as number;
    counts[j] = (counts[j] as number) + 1;
  }
  return { values, counts, total: sorted.length };
}

/**
 * Walks the union of two samples' distinct values in ascending order, calling `visit` with
 * each value and the empirical CDFs of both samples just after it (scipy's
 * `searchsorted(..., side="right") / n`).
 */
export function mergeCdfs(
  a: ValueCounts,
  b: ValueCounts,
  visit: (value: number, cdfA: number, cdfB: number) => void,
): void {
  let i = 0;
  let j = 0;
  let cumA = 0;
  let cumB = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? (a.values[i] as number) : Number.POSITIVE_INFINITY;
    const vb = j < b.values.length ? (b.values[j] as number) : Number.POSITIVE_INFINITY;
    const value = Math.min(va, vb);
    if (va === value) cumA += a.counts[i++] as number;
    if (vb === value) cumB += b.counts[j++] as number;
    visit(value, cumA / a.total, cumB / b.total);
  }
}
