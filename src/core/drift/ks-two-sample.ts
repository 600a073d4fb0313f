import { kolmogorovSf } from "./kolmogorov-sf.js";
import { probOutsideBand, probOutsideSquare } from "./ks-exact.js";
import { mergeCdfs, type ValueCounts } from "./value-counts.js";

/** Samples up to this size get the exact p-value under scipy's `method="auto"`. */
export const KS_EXACT_MAX_N = 10000;

/** The outcome of a two-sample Kolmogorov–Smirnov test. */
export interface KsResult {
  /** sup |F₁ − F₂| (after the exact method's rounding to a multiple of 1/lcm(n₁, n₂)). */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: "exact" | "asymptotic";
}

/**
 * scipy's `ks_2samp(a, b)` (two-sided, `method="auto"`): the largest gap between the two
 * empirical CDFs; the exact p-value when both samples have at most 10,000 values, else (or when
 * the exact computation fails) the asymptotic one from the `kstwo` distribution with
 * n = round(n₁n₂/(n₁+n₂)) (half to even, as numpy rounds).
 */
export function ksTwoSample(a: ValueCounts, b: ValueCounts): KsResult {
  const n1 = a.total;
  const n2 = b.total;
  if (n1 === 0 || n2 === 0) throw new RangeError("ks_2samp needs two non-empty samples");
  let maxS = Number.NEGATIVE_INFINITY;
  let minS = Number.POSITIVE_INFINITY;
  mergeCdfs(a, b, (_value, cdfA, cdfB) => {
    const diff = cdfA - cdfB;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  });
  const negMin = Math.min(Math.max(-minS, 0), 1);
  let d = Math.max(negMin, maxS);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1, method: "exact" };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (Number.isFinite(p) && p >= 0 && p <= 1) return { statistic: d, pValue: p, method: "exact" };
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  const p = kolmogorovSf(roundHalfEven(en), d);
  return { statistic: d, pValue: Math.min(Math.max(p, 0), 1), method: "asymptotic" };
}

/** numpy's `round`: to the nearest integer, halves to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}
