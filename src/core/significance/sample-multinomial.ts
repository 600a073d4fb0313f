import type { Rng } from "./create-rng.js";
import { sampleBinomial } from "./sample-binomial.js";

/**
 * Draws `n` items with replacement from categories holding `counts[k]` items each, writing how
 * many fell in each category to `out`: Multinomial(n, counts / Σcounts), as a chain of
 * conditional binomials (category k gets Bin(n still to place, counts[k] / weight of categories
 * k and later)). Exact in distribution, and O(categories) per draw instead of O(n).
 */
export function sampleMultinomial(
  rng: Rng,
  n: number,
  counts: ArrayLike<number>,
  out: { [k: number]: number; length: number },
): void {
  let weight = 0;
  let last = -1;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    weight += c;
    if (c > 0) last = k;
    out[k] = 0;
  }
  let remaining = n;
  for (let k = 0; k < last && remaining > 0; k++) {
    const c = counts[k]!;
    if (c === 0) continue;
    const x = sampleBinomial(rng, remaining, c / weight);
    out[k] = x;
    remaining -= x;
    weight -= c;
  }
  if (last >= 0) out[last] = (out[last] ?? 0) + remaining;
}
