import { logBinomialPmf } from "./log-binomial-pmf.js";

/**
 * McNemar's exact test: of the b + c discordant pairs (b: base right and head wrong, c: base
 * wrong and head right), under "no change" each is equally likely to go either way, so
 * p = min(1, 2·P(X ≤ min(b, c))) with X ~ Binomial(b + c, 1/2).
 *
 * The tail is summed downwards from min(b, c) with the pmf recurrence, relative to the first
 * term (whose logarithm comes from Loader's expansion), so nothing overflows or underflows for
 * b + c in the millions; terms shrink geometrically and the sum stops once they no longer
 * change it. A p-value below ~1e-308 is returned as 0.
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`discordant pair counts must be non-negative integers, got ${b} and ${c}`);
  }
  const n = b + c;
  const k = Math.min(b, c);
  if (2 * k >= n) return 1;
  let term = 1;
  let sum = 1;
  for (let j = k; j > 0; j--) {
    // P(X = j − 1) / P(X = j) = j / (n − j + 1) for p = 1/2.
    term *= j / (n - j + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, 2 * Math.exp(logBinomialPmf(k, n, 0.5) + Math.log(sum)));
}
