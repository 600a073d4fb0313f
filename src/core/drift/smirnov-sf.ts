/** ln of the smallest positive double's neighbourhood: exp() of less underflows (Cephes MINLOG). */
const MIN_LOG = -708.3964185322641;
const EPSILON = 2.220446049250313e-16;
const SPLIT = 134217729;

/**
 * P(D⁺ₙ ≥ x), the one-sided Kolmogorov–Smirnov (Smirnov) survival function for a sample of n,
 * as scipy's `special.smirnov` computes it: Birnbaum and Tingey's sum
 * x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (1 − x − v/n)^(n−v) (x + v/n)^(v−1), with n·x split exactly into
 * its integer and fractional parts so the terms near the end keep their precision, and the
 * same special cases (x ≤ 1/n, x ≥ 1 − 1/n, an underflowing tail, n over a million). The terms
 * are summed in the log domain instead of scipy's double-double arithmetic: every term is
 * positive, so the sum agrees to about 1e-12 relative for the n a drift check meets.
 *
 * scipy switches to an alternating "upper" sum for x ≤ 0.5/√n; the two-sided distribution
 * calls this function only for n·x² > 2, where the lower sum is the one scipy uses.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxFloor, fraction: alpha } = splitProduct(n, x);
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    const cdf = x * (1 + x) ** (n - 1);
    return clip(1 - cdf);
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return clip((1 - x) ** n);
  if (n > 1_000_000) return clip(Math.exp(-((6 * n * x + 1) ** 2) / 18 / n));

  const nTerms = n - nxFloor;
  const half = Math.floor(n / 2);
  // Term v = 0 is (1 − x)^n / x.
  let sum = Math.exp(n * Math.log1p(-x)) / x;
  let compensation = 0;
  // ln C(n, v), accumulated with compensation so long sums keep their precision.
  let logC = 0;
  let logCError = 0;
  const addLogC = (term: number) => {
    const t = logC + term;
    logCError += Math.abs(logC) >= Math.abs(term) ? logC - t + term : term - t + logC;
    logC = t;
  };
  addLogC(Math.log(n));
  for (let v = 1; v < nTerms; v++) {
    const a = (n - nxFloor - v - alpha) / n; // 1 − x − v/n
    const b = (nxFloor + v + alpha) / n; // x + v/n
    const logTerm = logC + logCError + (n - v) * Math.log(a) + (v - 1) * Math.log(b);
    const term = logTerm < -745 ? 0 : Math.exp(logTerm);
    if (term !== 0 && Number.isFinite(term)) {
      const t = sum + term;
      compensation += sum >= term ? sum - t + term : term - t + sum;
      sum = t;
      if (4 * (nTerms - v) * term < EPSILON * sum && v !== nTerms - 1) break;
    } else if (term === 0 && v > half) {
      break;
    }
    addLogC(Math.log((n - v) / (v + 1)));
  }
  return clip(x * (sum + compensation));
}

/** floor(n·x) and n·x − floor(n·x), computed from the exact product. */
function splitProduct(n: number, x: number): { floor: number; fraction: number } {
  const product = n * x;
  const error = twoProductError(n, x, product);
  let floor = Math.floor(product);
  let fraction = product - floor + error;
  if (fraction < 0) {
    floor -= 1;
    fraction += 1;
  }
  if (fraction >= 1) {
    floor += 1;
    fraction = 0;
  }
  return { floor, fraction };
}

/** a·b − p exactly, for p = fl(a·b) (Dekker). */
function twoProductError(a: number, b: number, p: number): number {
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

function clip(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1);
}
