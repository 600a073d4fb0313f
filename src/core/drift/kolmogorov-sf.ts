import { kolmogorovMatrixCdf } from "./kolmogorov-matrix-cdf.js";
import { kolmogorovPelzGoodCdf } from "./kolmogorov-pelz-good-cdf.js";
import { kolmogorovRecursionCdf } from "./kolmogorov-recursion-cdf.js";
import { smirnovSf } from "./smirnov-sf.js";

const LOG_2PI = Math.log(2 * Math.PI);
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/**
 * P(Dₙ > x) for the two-sided one-sample Kolmogorov–Smirnov statistic: scipy's
 * `stats.kstwo.sf(x, n)`, following its choice of method by n and n·x² (Simard and L'Ecuyer):
 * Ruben-Gambino's closed forms at the ends, twice the one-sided Smirnov tail for x ≥ 0.5 or
 * large n·x², Durbin's matrix, Pomeranz's recursion (n ≤ 140) or Pelz-Good's expansion
 * otherwise. `ks_2samp` uses it with n = round(n₁n₂/(n₁+n₂)) for large samples.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return Number.NaN;
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogorovMatrixCdf(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogorovRecursionCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf =
    n <= 100000 && n * x ** 1.5 <= 1.4 ? kolmogorovMatrixCdf(n, x) : kolmogorovPelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/** ln(n!/nⁿ) by Stirling's series. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function clip(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1);
}
