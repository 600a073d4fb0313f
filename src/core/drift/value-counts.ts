/**
 * A numeric sample sorted ascending. Either one entry per value (`counts` undefined; equal
 * values repeat) or distinct values with how often each occurs (`counts`). Readers choose the
 * cheaper form: raw values for continuous columns, counts for columns with few values. `total`
 * is the number of values.
 */
export interface ValueCounts {
  readonly values: Float64Array;
  readonly counts?: Float64Array | undefined;
  readonly total: number;
}

/** Builds `ValueCounts` from plain numbers (tests, small samples). */
export function valueCountsOf(sample: readonly number[]): ValueCounts {
  const sorted = Float64Array.from(sample).sort();
  return { values: sorted, total: sorted.length };
}

/** Calls `visit` once per distinct value, ascending, with its count. */
export function forEachDistinct(
  sample: ValueCounts,
  visit: (value: number, count: number) => void,
): void {
  const { values, counts } = sample;
  let i = 0;
  while (i < values.length) {
    const value = values[i] as number;
    let count = 0;
    while (i < values.length && values[i] === value) {
      count += counts ? (counts[i] as number) : 1;
      i++;
    }
    visit(value, count);
  }
}

/** The number of distinct values. */
export function distinctCount(sample: ValueCounts): number {
  let n = 0;
  const { values } = sample;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) n++;
  return n;
}

/** The number of distinct values of two samples together. */
export function unionDistinctCount(a: ValueCounts, b: ValueCounts): number {
  let n = 0;
  mergeCdfs(a, b, () => {
    n++;
  });
  return n;
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
  const av = a.values;
  const bv = b.values;
  const ac = a.counts;
  const bc = b.counts;
  let i = 0;
  let j = 0;
  let cumA = 0;
  let cumB = 0;
  while (i < av.length || j < bv.length) {
    const va = i < av.length ? (av[i] as number) : Number.POSITIVE_INFINITY;
    const vb = j < bv.length ? (bv[j] as number) : Number.POSITIVE_INFINITY;
    const value = Math.min(va, vb);
    while (i < av.length && av[i] === value) {
      cumA += ac ? (ac[i] as number) : 1;
      i++;
    }
    while (j < bv.length && bv[j] === value) {
      cumB += bc ? (bc[j] as number) : 1;
      j++;
    }
    visit(value, cumA / a.total, cumB / b.total);
  }
}
