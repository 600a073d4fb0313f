import type { DisparityName, RateName } from "../config/schema.js";
import type { Rates } from "./fairness-report.js";

/** Smallest and largest value of one rate over the groups; null when any group's is undefined. */
export function rateRange(
  groups: readonly Rates[],
  rate: RateName,
): { readonly min: number; readonly max: number } | null {
  if (groups.length < 2) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const g of groups) {
    const v = g[rate];
    // A group whose rate is undefined cannot be ranked; leaving it out would hide exactly the
    // group the reader should look at, so the whole disparity is undefined instead.
    if (v === null) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

function difference(groups: readonly Rates[], rate: RateName): number | null {
  const r = rateRange(groups, rate);
  return r === null ? null : r.max - r.min;
}

function ratio(groups: readonly Rates[], rate: RateName): number | null {
  const r = rateRange(groups, rate);
  // Every group at 0 is 0/0: undefined, like any other rate with a zero denominator.
  return r === null || r.max === 0 ? null : r.min / r.max;
}

function larger(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}

function smaller(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.min(a, b);
}

/**
 * The six disparities of DESIGN.md "Fairness" between the given groups (the caller leaves out
 * groups with insufficient data). Each is null when fewer than two groups are given or a rate
 * it needs is undefined in some group.
 */
export function computeDisparities(
  groups: readonly Rates[],
): Readonly<Record<DisparityName, number | null>> {
  return {
    demographic_parity_difference: difference(groups, "selection_rate"),
    demographic_parity_ratio: ratio(groups, "selection_rate"),
    equal_opportunity_difference: difference(groups, "true_positive_rate"),
    equal_opportunity_ratio: ratio(groups, "true_positive_rate"),
    equalized_odds_difference: larger(
      difference(groups, "true_positive_rate"),
      difference(groups, "false_positive_rate"),
    ),
    equalized_odds_ratio: smaller(
      ratio(groups, "true_positive_rate"),
      ratio(groups, "false_positive_rate"),
    ),
  };
}

/** The rates a disparity is computed from. */
export const DISPARITY_RATES: Readonly<Record<DisparityName, readonly RateName[]>> = {
  demographic_parity_difference: ["selection_rate"],
  demographic_parity_ratio: ["selection_rate"],
  equal_opportunity_difference: ["true_positive_rate"],
  equal_opportunity_ratio: ["true_positive_rate"],
  equalized_odds_difference: ["true_positive_rate", "false_positive_rate"],
  equalized_odds_ratio: ["true_positive_rate", "false_positive_rate"],
};
