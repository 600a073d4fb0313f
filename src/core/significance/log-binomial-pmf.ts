const LN_2PI = Math.log(2 * Math.PI);

/** stirlerr(k) = ln k! − ln(√(2πk)·(k/e)^k) for k = 0..15 (the table of R's nmath/stirlerr.c). */
const SMALL_STIRLERR: readonly number[] = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
  0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
  0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
  0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** The error of Stirling's formula for k!, with as many series terms as k needs (Loader 2000). */
export function stirlingError(k: number): number {
  if (k <= 15) return SMALL_STIRLERR[k] ?? 0;
  const kk = k * k;
  if (k > 500) return (S0 - S1 / kk) / k;
  if (k > 80) return (S0 - (S1 - S2 / kk) / kk) / k;
  if (k > 35) return (S0 - (S1 - (S2 - S3 / kk) / kk) / kk) / k;
  return (S0 - (S1 - (S2 - (S3 - S4 / kk) / kk) / kk) / kk) / k;
}

/** x·ln(x/m) + m − x without the cancellation the naive formula suffers when x ≈ m. */
function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * ln P(X = x) for X ~ Binomial(n, p), by Loader's saddle-point expansion (the method of R's
 * dbinom). Relative accuracy stays near machine precision for n in the millions, where
 * differences of log-factorials would lose eight or more digits to cancellation.
 */
export function logBinomialPmf(x: number, n: number, p: number): number {
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  const q = 1 - p;
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p);
  const lc =
    stirlingError(n) -
    stirlingError(x) -
    stirlingError(n - x) -
    deviance(x, n * p) -
    deviance(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}
