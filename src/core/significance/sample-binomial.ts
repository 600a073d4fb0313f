import type { Rng } from "./create-rng.js";
import { logBinomialPmf } from "./log-binomial-pmf.js";

/**
 * Inversion by sequential search, for n·p < 10 where it needs about n·p + 1 steps. Exact: it
 * walks the cumulative distribution with the pmf recurrence.
 */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = rng.nextDouble();
    let r = r0;
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      r *= a / x - s;
      // Rounding can leave u above the whole remaining mass (probability ~1e-16): draw again.
      if (r <= 0 || x > n) break;
    }
    if (u <= r) return x;
  }
}

/**
 * Hörmann's BTRS ("The generation of binomial random variates", J. Statist. Comput. Simul. 46,
 * 1993): transformed rejection with a squeeze, valid for n·p ≥ 10 and p ≤ 0.5. Most draws are
 * accepted by the squeeze with two uniforms; the rest compare against the exact pmf ratio.
 */
function binomialBtrs(rng: Rng, n: number, p: number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const logPmfMode = logBinomialPmf(m, n, p);
  for (;;) {
    const u = rng.nextDouble() - 0.5;
    let v = rng.nextDouble();
    const us = 0.5 - Math.abs(u);
    if (us === 0) continue;
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > n) continue;
    v = (v * alpha) / (a / (us * us) + b);
    if (Math.log(v) <= logBinomialPmf(k, n, p) - logPmfMode) return k;
  }
}

/**
 * One draw from Binomial(n, p), exact in distribution (up to the double-precision arithmetic of
 * the acceptance test), in O(1) expected time however large n is.
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  // Both algorithms assume p ≤ 0.5; the other half follows by symmetry.
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}
