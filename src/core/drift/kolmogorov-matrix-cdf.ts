const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

/**
 * P(Dₙ ≤ d) for the two-sided one-sample Kolmogorov–Smirnov statistic by Durbin's matrix
 * method in Marsaglia, Tsang and Wang's form (scipy's `_kolmogn_DMTW`): the (k, k) entry of
 * Hⁿ for a (2k−1)-square matrix H, k = ⌈n·d⌉, times n!/nⁿ, with the powers rescaled by 2¹²⁸
 * and the exponent carried separately so nothing overflows.
 */
export function kolmogorovMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let row = i - 1; row < m; row++) H[row * m + i] = w[row - i + 1] as number;
  }
  for (let row = 0; row < m; row++) H[row * m] = v[row] as number;
  for (let col = 0; col < m; col++) H[(m - 1) * m + col] = v[m - 1 - col] as number;

  let power: Float64Array = identity(m);
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  while (nn > 0) {
    if (nn % 2) {
      power = multiply(power, H, m);
      exponent += hExponent;
    }
    H = multiply(H, H, m);
    hExponent *= 2;
    const diagonal = (k - 1) * m + (k - 1);
    if (Math.abs(H[diagonal] as number) > SCALE_UP) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] as number) / SCALE_UP;
      hExponent += SCALE_EXPONENT;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  if (exponent !== 0) p *= 2 ** exponent;
  return clip(p);
}

function identity(m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) out[i * m + i] = 1;
  return out;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k] as number;
      if (aik === 0) continue;
      const rowB = k * m;
      const rowOut = i * m;
      for (let j = 0; j < m; j++)
        out[rowOut + j] = (out[rowOut + j] as number) + aik * (b[rowB + j] as number);
    }
  }
  return out;
}

function clip(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1);
}
