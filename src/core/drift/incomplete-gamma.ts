import { logGamma } from "./log-gamma.js";

const EPSILON = 1.1102230246251565e-16;
const BIG = 4503599627370496;
const BIG_INV = 2.220446049250313e-16;
const MAX_LOG = 709.782712893384;
const MAX_ITERATIONS = 1_000_000;

/** The regularized lower incomplete gamma function P(a, x) (Cephes' `igam`). */
export function lowerGammaRegularized(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return Number.NaN;
  if (x === 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x > 1 && x > a) return 1 - upperGammaRegularized(a, x);
  return series(a, x);
}

/** The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x) (Cephes' `igamc`). */
export function upperGammaRegularized(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x < 1 || x < a) return 1 - series(a, x);
  const logAx = a * Math.log(x) - x - logGamma(a);
  if (logAx < -MAX_LOG) return 0;
  const ax = Math.exp(logAx);
  // Continued fraction, evaluated by its convergents with rescaling (Cephes).
  let y = 1 - a;
  let z = x + y + 1;
  let c = 0;
  let pkm2 = 1;
  let qkm2 = x;
  let pkm1 = x + 1;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    c += 1;
    y += 1;
    z += 2;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    let t = 1;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > BIG) {
      pkm2 *= BIG_INV;
      pkm1 *= BIG_INV;
      qkm2 *= BIG_INV;
      qkm1 *= BIG_INV;
    }
    if (t <= EPSILON) break;
  }
  return ans * ax;
}

/** Power series of P(a, x), for x ≤ max(1, a). */
function series(a: number, x: number): number {
  const logAx = a * Math.log(x) - x - logGamma(a);
  if (logAx < -MAX_LOG) return 0;
  const ax = Math.exp(logAx);
  let r = a;
  let c = 1;
  let ans = 1;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    r += 1;
    c *= x / r;
    ans += c;
    if (c / ans <= EPSILON) break;
  }
  return (ans * ax) / a;
}

/** P(χ²_df > x): scipy's `chi2.sf(x, df)`; 0 at x = ∞. */
export function chiSquaredSf(x: number, df: number): number {
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x <= 0) return 1;
  return upperGammaRegularized(df / 2, x / 2);
}

/** The standard normal CDF Φ(x) (Cephes' `ndtr`, as scipy's `norm.cdf`). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const t = x * Math.SQRT1_2;
  const z = Math.abs(t);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(t);
  const y = 0.5 * upperGammaRegularized(0.5, z * z);
  return t > 0 ? 1 - y : y;
}

/** The error function, as P(1/2, x²) with the sign of x. */
function erf(x: number): number {
  const p = lowerGammaRegularized(0.5, x * x);
  return x < 0 ? -p : p;
}
