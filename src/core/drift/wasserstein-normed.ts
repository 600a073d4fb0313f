import { CompensatedSum } from "./compensated-sum.js";
import { forEachDistinct, mergeCdfs, type ValueCounts } from "./value-counts.js";

/** The floor of the base's standard deviation, so a constant base column does not divide by 0. */
export const MIN_NORM = 0.001;

/**
 * scipy's `wasserstein_distance(base, head)` — the area between the two empirical CDFs —
 * divided by the base's population standard deviation (numpy's `std`, floored at 0.001), as
 * Evidently's "wasserstein" drift score.
 */
export function wassersteinNormed(base: ValueCounts, head: ValueCounts): number {
  return wassersteinDistance(base, head) / Math.max(populationStd(base), MIN_NORM);
}

/** scipy's `wasserstein_distance` of two samples: Σ |F₁ − F₂| · Δx over the merged values. */
export function wassersteinDistance(a: ValueCounts, b: ValueCounts): number {
  const sum = new CompensatedSum();
  let previous = Number.NaN;
  let gap = 0;
  mergeCdfs(a, b, (value, cdfA, cdfB) => {
    if (!Number.isNaN(previous)) sum.add(gap * (value - previous));
    previous = value;
    gap = Math.abs(cdfA - cdfB);
  });
  return sum.value;
}

/** numpy's `std` (ddof 0) of a sample given as value counts. */
export function populationStd(sample: ValueCounts): number {
  const total = new CompensatedSum();
  forEachDistinct(sample, (value, count) => total.add(value * count));
  const mean = total.value / sample.total;
  const squares = new CompensatedSum();
  forEachDistinct(sample, (value, count) => {
    const d = value - mean;
    squares.add(d * d * count);
  });
  return Math.sqrt(squares.value / sample.total);
}
