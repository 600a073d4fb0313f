const LANCZOS_G = 7;
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 0.000009984369578019572,
  1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.9189385332046728;
/** Stirling's series coefficients B(2k) / (2k(2k-1)) for k = 1..7. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

/**
 * ln Γ(x) for x > 0. Lanczos below 15 (relative error about 1e-15), Stirling's series above,
 * where it is more accurate and the large values the count tests need stay precise.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === 1 || x === 2) return 0;
  if (x < 15) {
    const y = x - 1;
    let a = LANCZOS[0] as number;
    for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (y + i);
    const t = y + LANCZOS_G + 0.5;
    return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + (STIRLING[k] as number);
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series * inv;
}
