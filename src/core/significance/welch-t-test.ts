import { meanAndStd } from "./mean-and-std.js";
import { studentTCritical, studentTTwoSidedP } from "./student-t.js";

export interface WelchResult {
  /** mean(a) − mean(b). */
  readonly difference: number;
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value for equal means. */
  readonly p_value: number;
  /** 1 − alpha confidence interval of mean(a) − mean(b). */
  readonly ci: readonly [number, number];
}

/**
 * Welch's unequal-variance t-test of mean(a) − mean(b) (per-seed values of head and base).
 * Both sides need at least two values. When neither side varies at all the test degenerates:
 * equal means give p = 1, different means p = 0, and the interval is the difference itself.
 */
export function welchTTest(a: readonly number[], b: readonly number[], alpha = 0.05): WelchResult {
  if (a.length < 2 || b.length < 2) {
    throw new RangeError("Welch's t-test needs at least two values on each side");
  }
  const sa = meanAndStd(a);
  const sb = meanAndStd(b);
  const va = (sa.std * sa.std) / sa.n;
  const vb = (sb.std * sb.std) / sb.n;
  const difference = sa.mean - sb.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    const t = difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
    return {
      difference,
      t,
      df: sa.n + sb.n - 2,
      p_value: difference === 0 ? 1 : 0,
      ci: [difference, difference],
    };
  }
  const t = difference / se;
  const df = ((va + vb) * (va + vb)) / ((va * va) / (sa.n - 1) + (vb * vb) / (sb.n - 1));
  const critical = studentTCritical(alpha, df);
  return {
    difference,
    t,
    df,
    p_value: studentTTwoSidedP(t, df),
    ci: [difference - critical * se, difference + critical * se],
  };
}
