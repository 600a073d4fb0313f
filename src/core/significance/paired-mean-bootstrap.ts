import { createRng } from "./create-rng.js";
import { percentile } from "./percentile.js";
import { sampleMultinomial } from "./sample-multinomial.js";
import { seedFromString } from "./seed-from-shas.js";

export interface MeanBootstrapResult {
  /** mean(head − base) over the pairs. */
  readonly estimate: number;
  readonly ci: readonly [number, number] | null;
  readonly p_value: number | null;
  readonly draws: number;
}

/** Differences this close to 0 are 0 (sums of the same values in another order). */
const ZERO = 1e-12;
/** Most distinct differences resampled as categories; beyond, examples are drawn one by one. */
const MAX_CATEGORIES = 256;

/**
 * Paired bootstrap of mean(head − base): each draw resamples n pairs with replacement, the same
 * pairs for both sides. When the differences take few distinct values (pass/fail gives −1, 0,
 * 1; a 1–5 rubric a handful) a draw is one multinomial of the counts of each value — the same
 * distribution as drawing n indices, at a cost per draw independent of n. Otherwise n indices
 * are drawn. Interval and p-value as `pairedBootstrap`: percentile interval at 1 − alpha, and
 * p = min(1, 2·min(1 + #{δ ≤ 0}, 1 + #{δ ≥ 0}) / (B + 1)).
 */
export function pairedMeanBootstrap(
  base: Float64Array,
  head: Float64Array,
  n: number,
  options: { readonly draws: number; readonly alpha: number; readonly seed: bigint | string },
): MeanBootstrapResult {
  let total = 0;
  const distinct = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const d = head[i]! - base[i]!;
    total += d;
    if (distinct.size <= MAX_CATEGORIES) distinct.set(d, (distinct.get(d) ?? 0) + 1);
  }
  const estimate = n > 0 ? total / n : Number.NaN;
  if (n === 0 || !Number.isFinite(estimate)) {
    return { estimate, ci: null, p_value: null, draws: 0 };
  }
  const seed = typeof options.seed === "string" ? seedFromString(options.seed) : options.seed;
  const rng = createRng(seed);
  const deltas = new Float64Array(options.draws);
  let below = 0;
  let above = 0;
  const record = (k: number, delta: number) => {
    const d = Math.abs(delta) <= ZERO ? 0 : delta;
    deltas[k] = d;
    if (d <= 0) below++;
    if (d >= 0) above++;
  };
  if (distinct.size <= MAX_CATEGORIES) {
    const values = [...distinct.keys()];
    const counts = Float64Array.from(distinct.values());
    const tally = new Float64Array(values.length);
    for (let k = 0; k < options.draws; k++) {
      sampleMultinomial(rng, n, counts, tally);
      let sum = 0;
      for (let j = 0; j < values.length; j++) sum += tally[j]! * values[j]!;
      record(k, sum / n);
    }
  } else {
    const diff = new Float64Array(n);
    for (let i = 0; i < n; i++) diff[i] = head[i]! - base[i]!;
    for (let k = 0; k < options.draws; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += diff[Math.floor(rng.nextDouble() * n)]!;
      record(k, sum / n);
    }
  }
  const sorted = deltas.sort();
  const ci: [number, number] = [
    percentile(sorted, options.alpha / 2),
    percentile(sorted, 1 - options.alpha / 2),
  ];
  const p = (2 * Math.min(1 + below, 1 + above)) / (options.draws + 1);
  return { estimate, ci, p_value: Math.min(1, p), draws: options.draws };
}
