import { studentTCritical } from "../significance/student-t.js";

// A review asks for the same few (confidence, df) pairs once per gated metric; the bisection
// behind each costs a few hundred incomplete-beta evaluations.
const cache = new Map<string, number>();
const MAX_CACHED = 256;

/**
 * The Student-t quantile: the t with P(T ≤ t) = p for `df` degrees of freedom (scipy's
 * `t.ppf(p, df)`). Symmetric around 0; NaN outside 0 < p < 1 or for df ≤ 0.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  const key = `${p}:${df}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  // P(T ≤ t) = p for t > 0 is P(|T| ≥ t) = 2(1 − p).
  const upper = p > 0.5;
  const critical = studentTCritical(2 * (upper ? 1 - p : p), df);
  const t = upper ? critical : -critical;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, t);
  return t;
}
