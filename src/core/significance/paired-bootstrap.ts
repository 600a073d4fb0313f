import type { ClassificationMetric } from "./classification-metric-from-name.js";
import { createRng } from "./create-rng.js";
import { metricFromConfusion } from "./metric-from-confusion.js";
import type { PairedSample } from "./paired-sample.js";
import { percentile } from "./percentile.js";
import { sampleMultinomial } from "./sample-multinomial.js";
import { seedFromString } from "./seed-from-shas.js";

export interface BootstrapOptions {
  /** Resamples; DESIGN.md asks for at least 1000. */
  readonly draws: number;
  /** The interval is the central 1 − alpha percentile interval. */
  readonly alpha: number;
  /** A seed from `seedFromShas`, or any string (hashed with `seedFromString`). */
  readonly seed: bigint | string;
}

export interface BootstrapResult {
  /** The metric on the whole paired sample, each side. NaN when undefined (0 denominator). */
  readonly base: number;
  readonly head: number;
  /** head − base on the whole paired sample. */
  readonly estimate: number;
  /** Percentile interval of head − base; null when the metric is undefined on the sample. */
  readonly ci: readonly [number, number] | null;
  /** Two-sided bootstrap p-value for "no change"; null when there is no interval. */
  readonly p_value: number | null;
  /** Draws that gave a defined difference (the interval is built from these). */
  readonly draws: number;
  /** Draws left out because a resample made the metric undefined (e.g. no predicted positive). */
  readonly undefinedDraws: number;
}

/** Differences this close to 0 are 0: f1 of two equal matrices can differ in the last bit. */
const ZERO = 1e-12;

/**
 * Each example falls into one of a few categories by its base and head outcome (a 2-bit code
 * of correctness for accuracy-like metrics; a 4-bit code of base label, base prediction, head
 * label, head prediction otherwise). The metric pair depends only on how many examples of
 * each category a resample holds.
 */
interface Categories {
  readonly counts: Float64Array;
  readonly evaluate: (counts: ArrayLike<number>) => [base: number, head: number];
}

function categorise(sample: PairedSample, metric: ClassificationMetric): Categories {
  const { n, baseLabel, basePred, headLabel, headPred } = sample;
  if (metric === "accuracy" || metric === "error_rate") {
    const counts = new Float64Array(4);
    const bc = sample.baseCorrect;
    const hc = sample.headCorrect;
    for (let i = 0; i < n; i++) {
      const b = bc ? bc[i]! : baseLabel[i]! === basePred[i]! ? 1 : 0;
      const h = hc ? hc[i]! : headLabel[i]! === headPred[i]! ? 1 : 0;
      counts[(b << 1) | h]!++;
    }
    const wrong = metric === "error_rate";
    return {
      counts,
      evaluate: (c) => {
        const total = c[0]! + c[1]! + c[2]! + c[3]!;
        const base = (c[2]! + c[3]!) / total;
        const head = (c[1]! + c[3]!) / total;
        return wrong ? [1 - base, 1 - head] : [base, head];
      },
    };
  }
  const counts = new Float64Array(16);
  for (let i = 0; i < n; i++) {
    counts[(baseLabel[i]! << 3) | (basePred[i]! << 2) | (headLabel[i]! << 1) | headPred[i]!]!++;
  }
  return {
    counts,
    evaluate: (c) => {
      // Cells indexed by (label << 1) | prediction: 0 tn, 1 fp, 2 fn, 3 tp.
      const base = [0, 0, 0, 0];
      const head = [0, 0, 0, 0];
      for (let k = 0; k < 16; k++) {
        const count = c[k]!;
        if (count === 0) continue;
        base[k >> 2]! += count;
        head[k & 3]! += count;
      }
      const side = (m: number[]) => ({ tn: m[0]!, fp: m[1]!, fn: m[2]!, tp: m[3]! });
      return [metricFromConfusion(metric, side(base)), metricFromConfusion(metric, side(head))];
    },
  };
}

/**
 * Paired bootstrap of head − base for a confusion-matrix metric.
 *
 * Each draw resamples n examples with replacement and evaluates both sides on the *same*
 * resampled examples. Because the metric pair depends only on how many resampled examples fall
 * in each outcome category, drawing n indices and tallying their categories is replaced by one
 * multinomial draw of the category tallies (probabilities = category shares of the sample).
 * The two have exactly the same distribution — the multinomial is the law of those tallies —
 * but the cost per draw is a handful of binomial variates instead of n index draws, so 1,000
 * draws over 1,000,000 pairs take milliseconds with no memory beyond the input.
 *
 * The interval is the percentile interval at 1 − alpha (type-7 quantiles). The p-value inverts
 * it: twice the smaller share of draws on either side of 0 (ties count for both sides), with
 * the usual +1 correction so it is never 0: p = min(1, 2·min(1 + #{δ ≤ 0}, 1 + #{δ ≥ 0}) / (B + 1)).
 * So p ≤ alpha exactly when 0 lies outside the interval, up to the granularity of B; the
 * smallest p is 2/(B + 1), so an alpha below that needs more draws to ever reject.
 */
export function pairedBootstrap(
  sample: PairedSample,
  metric: ClassificationMetric,
  options: BootstrapOptions,
): BootstrapResult {
  const { counts, evaluate } = categorise(sample, metric);
  const [base, head] = evaluate(counts);
  const estimate = head - base;
  const empty = { base, head, estimate, ci: null, p_value: null, draws: 0 };
  if (sample.n === 0 || !Number.isFinite(estimate)) {
    return { ...empty, undefinedDraws: 0 };
  }

  const seed = typeof options.seed === "string" ? seedFromString(options.seed) : options.seed;
  const rng = createRng(seed);
  const deltas = new Float64Array(options.draws);
  const tally = new Float64Array(counts.length);
  let valid = 0;
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let d = 0; d < options.draws; d++) {
    sampleMultinomial(rng, sample.n, counts, tally);
    const [b, h] = evaluate(tally);
    let delta = h - b;
    if (!Number.isFinite(delta)) continue;
    if (Math.abs(delta) <= ZERO) delta = 0;
    deltas[valid++] = delta;
    if (delta <= 0) atOrBelow++;
    if (delta >= 0) atOrAbove++;
  }
  const undefinedDraws = options.draws - valid;
  // An interval built from a minority of the draws would describe a conditional distribution
  // nobody asked about; say there is none instead.
  if (valid === 0 || valid < options.draws / 2) return { ...empty, undefinedDraws };

  const sorted = deltas.subarray(0, valid).sort();
  const ci: [number, number] = [
    percentile(sorted, options.alpha / 2),
    percentile(sorted, 1 - options.alpha / 2),
  ];
  const p = (2 * Math.min(1 + atOrBelow, 1 + atOrAbove)) / (valid + 1);
  return { base, head, estimate, ci, p_value: Math.min(1, p), draws: valid, undefinedDraws };
}
