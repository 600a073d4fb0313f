import { type CategoryCounts, totalOf, unionKeys } from "./category-counts.js";
import type { TestResult } from "./chi-squared-test.js";
import { normalCdf } from "./incomplete-gamma.js";

/**
 * Evidently's "z" drift test: the pooled two-proportion z-test of the share of values other
 * than the first (smallest) value, p = 2·(1 − Φ(|z|)) as Evidently computes it. When both
 * samples hold one and the same value, p = 1 and z = 0. The statistic reported is |z|.
 */
export function twoProportionZTest(base: CategoryCounts, head: CategoryCounts): TestResult {
  if (base.size === 1 && head.size === 1 && [...base.keys()][0] === [...head.keys()][0]) {
    return { statistic: 0, pValue: 1 };
  }
  const first = unionKeys(base, head).sort(compareKeys)[0];
  const n1 = totalOf(base);
  const n2 = totalOf(head);
  const p1 = (n1 - (base.get(first as string) ?? 0)) / n1;
  const p2 = (n2 - (head.get(first as string) ?? 0)) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: Math.abs(z), pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

/** Python's ordering of the values of one column (numbers, booleans or strings). */
function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}
