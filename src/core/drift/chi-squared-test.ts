import { type CategoryCounts, totalOf, unionKeys } from "./category-counts.js";
import { chiSquaredSf } from "./incomplete-gamma.js";

/** A test's statistic and two-sided p-value. */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * Evidently's "chisquare" drift test: scipy's `chisquare(f_obs, f_exp)` with the head's counts
 * observed and the base's counts, scaled to the head's size, expected, over the values of both.
 * A value only the head has expects 0, so the statistic is ∞ and the p-value 0.
 */
export function chiSquaredTest(base: CategoryCounts, head: CategoryCounts): TestResult {
  const keys = unionKeys(base, head);
  const scale = totalOf(head) / totalOf(base);
  let statistic = 0;
  for (const key of keys) {
    const expected = (base.get(key) ?? 0) * scale;
    const observed = head.get(key) ?? 0;
    statistic += (observed - expected) ** 2 / expected;
  }
  return { statistic, pValue: chiSquaredSf(statistic, keys.length - 1) };
}
