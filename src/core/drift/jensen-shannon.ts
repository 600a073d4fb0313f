import { CompensatedSum } from "./compensated-sum.js";

/**
 * scipy's `spatial.distance.jensenshannon(p, q)` with the natural logarithm: both vectors
 * normalised to sum 1, then √((KL(p‖m) + KL(q‖m)) / 2) with m the mean of the two; zero shares
 * contribute nothing (no smoothing).
 */
export function jensenShannonDistance(p: Float64Array, q: Float64Array): number {
  const sp = sum(p);
  const sq = sum(q);
  const left = new CompensatedSum();
  const right = new CompensatedSum();
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) / sp;
    const qi = (q[i] as number) / sq;
    const m = (pi + qi) / 2;
    left.add(relativeEntropy(pi, m));
    right.add(relativeEntropy(qi, m));
  }
  return Math.sqrt((left.value + right.value) / 2);
}

/** scipy's `rel_entr(x, y)`: x·ln(x/y), 0 for x = 0. */
function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

function sum(values: Float64Array): number {
  const total = new CompensatedSum();
  for (const v of values) total.add(v);
  return total.value;
}
