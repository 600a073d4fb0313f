import { meanAndStd } from "../significance/mean-and-std.js";
import type { Direction } from "../types.js";
import { studentTQuantile } from "./student-t-quantile.js";

/** The one-sided bound the history predicts for the next value, and how it was found. */
export interface PredictionLimit {
  /** Base values used. */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
  /** The Student-t quantile at `confidence` with n − 1 degrees of freedom. */
  readonly t: number;
  readonly confidence: number;
  /**
   * The worst value the history expects: mean − t·s·√(1 + 1/n) when higher is better,
   * mean + t·s·√(1 + 1/n) when lower is better.
   */
  readonly limit: number;
}

/**
 * A one-sided Student-t prediction interval for one new value drawn like `values` (at least two
 * of them). Bencher's t-test threshold reads a boundary the same way (the confidence is a
 * one-sided percentile, n − 1 degrees of freedom, a value beyond the limit is an outlier); the
 * prediction interval also counts the uncertainty of the mean, the √(1 + 1/n) factor, and uses
 * the sample standard deviation, so a short history predicts a wider range, not a narrower one.
 */
export function predictionLimit(
  values: readonly number[],
  confidence: number,
  direction: Exclude<Direction, "neutral">,
): PredictionLimit {
  const { n, mean, std } = meanAndStd(values);
  const t = studentTQuantile(confidence, n - 1);
  const half = t * std * Math.sqrt(1 + 1 / n);
  return { n, mean, std, t, confidence, limit: direction === "higher" ? mean - half : mean + half };
}
