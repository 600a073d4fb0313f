import { regularizedIncompleteBeta } from "./regularized-incomplete-beta.js";

/**
 * P(|T| ≥ |t|) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's
 * is): I_{df/(df+t²)}(df/2, 1/2).
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * The t > 0 with P(|T| ≥ t) = p (so the 1 − p two-sided critical value), by bisection on
 * x = df/(df + t²), where the tail is monotone and bounded: slow-ish but certain, and it runs
 * once per gate.
 */
export function studentTCritical(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (regularizedIncompleteBeta(mid, df / 2, 0.5) < p) lo = mid;
    else hi = mid;
  }
  const x = (lo + hi) / 2;
  return Math.sqrt((df * (1 - x)) / x);
}
