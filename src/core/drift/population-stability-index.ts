import { CompensatedSum } from "./compensated-sum.js";

/**
 * Evidently's PSI: Σ (b − h)·ln(b/h) over the shares, after replacing each side's zero shares by
 * that side's smallest non-zero share / 10⁶ when it is ≤ 0.0001, else by 0.0001.
 */
export function populationStabilityIndex(base: Float64Array, head: Float64Array): number {
  const b = fillZeros(base);
  const h = fillZeros(head);
  const total = new CompensatedSum();
  for (let i = 0; i < b.length; i++) {
    const bi = b[i] as number;
    const hi = h[i] as number;
    total.add((bi - hi) * Math.log(bi / hi));
  }
  return total.value;
}

function fillZeros(shares: Float64Array): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  const fill = min <= 0.0001 ? min / 10 ** 6 : 0.0001;
  return shares.map((s) => (s === 0 ? fill : s));
}
