import { type CategoryCounts, totalOf, unionKeys } from "./category-counts.js";
import { distinctCount, forEachDistinct, type ValueCounts } from "./value-counts.js";

/** Numeric columns with more distinct base values than this are binned (Sturges). */
export const BINNING_MIN_DISTINCT = 20;

/** The share of each side's values in each bin (or per value), index-aligned. */
export interface Shares {
  readonly base: Float64Array;
  readonly head: Float64Array;
  /** The bin edges, when the values were binned (bins + 1 of them). */
  readonly edges?: Float64Array;
  /** The values, when shares are per value. */
  readonly keys?: readonly (string | number | boolean)[];
}

/**
 * Evidently's `get_binned_data` for a numeric column: Sturges bins over base and head together
 * (numpy's `histogram_bin_edges(..., bins="sturges")` and `histogram`) when the base has more
 * than 20 distinct values, otherwise one share per value.
 */
export function numericShares(base: ValueCounts, head: ValueCounts): Shares {
  if (distinctCount(base) <= BINNING_MIN_DISTINCT) {
    return categoricalShares(toCategoryCounts(base), toCategoryCounts(head));
  }
  const edges = sturgesEdges(base, head);
  return { base: histogram(base, edges), head: histogram(head, edges), edges };
}

/** One share per value of base and head together. */
export function categoricalShares(base: CategoryCounts, head: CategoryCounts): Shares {
  const keys = unionKeys(base, head);
  const nBase = totalOf(base);
  const nHead = totalOf(head);
  return {
    base: Float64Array.from(keys, (k) => (base.get(k) ?? 0) / nBase),
    head: Float64Array.from(keys, (k) => (head.get(k) ?? 0) / nHead),
    keys,
  };
}

/** numpy's Sturges edges over two samples together: ⌈ptp / (ptp / (log₂ n + 1))⌉ equal bins. */
export function sturgesEdges(a: ValueCounts, b: ValueCounts): Float64Array {
  let first = Math.min(a.values[0] as number, b.values[0] as number);
  let last = Math.max(
    a.values[a.values.length - 1] as number,
    b.values[b.values.length - 1] as number,
  );
  const ptp = last - first;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = ptp / (Math.log2(a.total + b.total) + 1);
  const bins = width ? Math.ceil((last - first) / width) : 1;
  return linspace(first, last, bins + 1);
}

/** numpy's `linspace(start, stop, num)` with the end point. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** numpy's `histogram(sample, edges)[0] / len(sample)`: bins [eᵢ, eᵢ₊₁), the last closed. */
function histogram(sample: ValueCounts, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  forEachDistinct(sample, (x, count) => {
    if (x < (edges[0] as number) || x > (edges[bins] as number)) return;
    // The last bin whose left edge is ≤ x.
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= x) lo = mid;
      else hi = mid - 1;
    }
    counts[lo] = (counts[lo] as number) + count;
  });
  for (let i = 0; i < bins; i++) counts[i] = (counts[i] as number) / sample.total;
  return counts;
}

/** A numeric sample as counts per value, for the tests that compare values as categories. */
export function toCategoryCounts(sample: ValueCounts): CategoryCounts {
  const map = new Map<number, number>();
  forEachDistinct(sample, (value, count) => map.set(value, count));
  return map;
}
