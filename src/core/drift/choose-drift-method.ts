import type { ColumnKind, DriftMethod } from "./drift-methods.js";

/** Base samples larger than this get distances instead of tests. */
export const LARGE_SAMPLE = 1000;

/**
 * Evidently 0.7's default test for a column: with at most 1000 base values, Kolmogorov–Smirnov
 * for numeric columns with more than 5 distinct values (base and head together), the z-test for
 * at most 2, chi-squared otherwise; with more base values, the normed Wasserstein distance for
 * numeric columns with more than 5 distinct values, Jensen–Shannon otherwise.
 */
export function chooseDriftMethod(
  kind: ColumnKind,
  baseCount: number,
  distinct: number,
): DriftMethod {
  if (baseCount <= LARGE_SAMPLE) {
    if (kind === "numeric" && distinct > 5) return "ks";
    return distinct > 2 ? "chi2" : "z";
  }
  return kind === "numeric" && distinct > 5 ? "wasserstein" : "jensenshannon";
}
