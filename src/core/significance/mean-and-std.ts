/** Mean and sample standard deviation (n − 1 in the denominator) of per-seed values. */
export interface MeanAndStd {
  readonly n: number;
  readonly mean: number;
  /** NaN for fewer than two values. */
  readonly std: number;
}

/**
 * Mean and sample standard deviation, by Welford's update: one pass, and no catastrophic
 * cancellation when the values are large and close (accuracies like 0.91231, 0.91229...).
 */
export function meanAndStd(values: readonly number[]): MeanAndStd {
  let mean = 0;
  let m2 = 0;
  let n = 0;
  for (const v of values) {
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return {
    n,
    mean: n === 0 ? Number.NaN : mean,
    std: n < 2 ? Number.NaN : Math.sqrt(m2 / (n - 1)),
  };
}
