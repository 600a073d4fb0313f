import type { SignificanceResult } from "../gate-result.js";
import type { MetricValue } from "../types.js";
import { classificationMetricFromName } from "./classification-metric-from-name.js";
import { discordantPairs } from "./discordant-pairs.js";
import { mcnemarExact } from "./mcnemar-exact.js";
import { meanAndStd } from "./mean-and-std.js";
import { pairedBootstrap } from "./paired-bootstrap.js";
import { pairedMeanBootstrap } from "./paired-mean-bootstrap.js";
import type { PairedSample } from "./paired-sample.js";
import type { PairedScores } from "./paired-scores.js";
import { stderrZTest } from "./stderr-z-test.js";
import { welchTTest } from "./welch-t-test.js";

/** The metric being gated (a `MetricRow` or the gate's subject fits this shape). */
export interface SignificanceSubject {
  readonly name: string;
  /** A number, or one number per seed. */
  readonly base: MetricValue | null | undefined;
  readonly head: MetricValue | null | undefined;
  /** Per-seed values, when the row carries them apart from the mean. */
  readonly baseSeeds?: readonly number[] | undefined;
  readonly headSeeds?: readonly number[] | undefined;
  /** Standard errors the files report (lm-eval's `*_stderr`). */
  readonly baseStderr?: number | undefined;
  readonly headStderr?: number | undefined;
}

/** What the evidence offers for answering "is this change real?". */
export interface SignificanceEvidence {
  /** Base and head predictions joined by id. */
  readonly paired?: PairedSample | undefined;
  /** Per-example values of evaluation harnesses, by metric name, joined by example id. */
  readonly examples?: ReadonlyMap<string, PairedScores> | undefined;
  /** `seedFromShas(base, head)`, or a string key hashed the same way every run. */
  readonly seed: bigint | string;
  /** Bootstrap draws (default 1000). */
  readonly draws?: number | undefined;
}

const DEFAULT_DRAWS = 1000;

function seedsOf(value: MetricValue | null | undefined, seeds: readonly number[] | undefined) {
  if (seeds && seeds.length >= 2) return seeds;
  return Array.isArray(value) && value.length >= 2 ? (value as readonly number[]) : undefined;
}

const count = (n: number) => n.toLocaleString("en-US");
const fixed = (x: number) => String(Number(x.toFixed(4)));

function pairedNote(sample: PairedSample): string {
  const one = sample.onlyBase + sample.onlyHead;
  const unpaired =
    one === 0
      ? ""
      : ` (${count(sample.onlyBase)} only in base, ${count(sample.onlyHead)} only in head, left out)`;
  return `${count(sample.n)} paired examples${unpaired}`;
}

/**
 * Picks and runs the significance test for one metric's change, or returns undefined when the
 * evidence allows none (the gate then falls back to its plain tolerance):
 *
 * - both sides per-seed arrays of ≥ 2 values → Welch's t-test on the seed means (interval from
 *   the t distribution); seeds win over predictions because the gated value *is* the seed mean;
 * - paired predictions and an accuracy (or error rate) metric → McNemar's exact test for the
 *   p-value, with the paired-bootstrap interval for the report;
 * - paired predictions and another confusion-matrix metric → paired bootstrap.
 *
 * Intervals are of head − base at confidence 1 − alpha.
 */
export function significanceForMetric(
  subject: SignificanceSubject,
  alpha: number,
  evidence: SignificanceEvidence,
): SignificanceResult | undefined {
  const headSeeds = seedsOf(subject.head, subject.headSeeds);
  const baseSeeds = seedsOf(subject.base, subject.baseSeeds);
  if (headSeeds && baseSeeds) {
    const w = welchTTest(headSeeds, baseSeeds, alpha);
    const h = meanAndStd(headSeeds);
    const b = meanAndStd(baseSeeds);
    return {
      test: "welch",
      p_value: w.p_value,
      ci: w.ci,
      draws: null,
      note: `head ${fixed(h.mean)} ± ${fixed(h.std)} (${h.n} seeds), base ${fixed(b.mean)} ± ${fixed(b.std)} (${b.n} seeds); t = ${w.t.toFixed(2)}, df = ${w.df.toFixed(1)}`,
    };
  }

  const scores = evidence.examples?.get(subject.name);
  if (scores && scores.n > 0) return examplesTest(scores, alpha, evidence);

  const sample = evidence.paired;
  const metric = classificationMetricFromName(subject.name);
  if (!sample || !metric || sample.n === 0) return stderrTest(subject, alpha);

  const draws = evidence.draws ?? DEFAULT_DRAWS;
  const boot = pairedBootstrap(sample, metric, { draws, alpha, seed: evidence.seed });
  const notes = [pairedNote(sample)];
  if (!Number.isFinite(boot.estimate)) {
    notes.push(`${metric} is undefined on the paired predictions (a denominator is 0)`);
  } else if (boot.undefinedDraws > 0) {
    notes.push(
      `${count(boot.undefinedDraws)} of ${count(draws)} draws left out (${metric} undefined)`,
    );
  }

  if (metric === "accuracy" || metric === "error_rate") {
    const { b, c } = discordantPairs(sample);
    notes.push(`discordant pairs: ${count(b)} only base correct, ${count(c)} only head correct`);
    return {
      test: "mcnemar",
      p_value: mcnemarExact(b, c),
      ci: boot.ci,
      draws: boot.ci ? boot.draws : null,
      note: notes.join("; "),
    };
  }
  return {
    test: "bootstrap",
    p_value: boot.p_value,
    ci: boot.ci,
    draws: boot.ci ? boot.draws : null,
    note: notes.join("; "),
  };
}

/**
 * Per-example rows of an evaluation harness: McNemar's exact test when every value is 0 or 1
 * (pass/fail, exact match), else the paired bootstrap of the mean difference. The interval is
 * the bootstrap's either way.
 */
function examplesTest(
  scores: PairedScores,
  alpha: number,
  evidence: SignificanceEvidence,
): SignificanceResult {
  const draws = evidence.draws ?? DEFAULT_DRAWS;
  const boot = pairedMeanBootstrap(scores.base, scores.head, scores.n, {
    draws,
    alpha,
    seed: evidence.seed,
  });
  const one = scores.onlyBase + scores.onlyHead;
  const pairs = `${count(scores.n)} paired examples${one === 0 ? "" : ` (${count(scores.onlyBase)} only in base, ${count(scores.onlyHead)} only in head, left out)`}`;
  if (scores.binary) {
    let b = 0;
    let c = 0;
    for (let i = 0; i < scores.n; i++) {
      if (scores.base[i] === 1 && scores.head[i] === 0) b++;
      else if (scores.base[i] === 0 && scores.head[i] === 1) c++;
    }
    return {
      test: "mcnemar",
      p_value: mcnemarExact(b, c),
      ci: boot.ci,
      draws: boot.ci ? boot.draws : null,
      note: `${pairs}; ${count(b)} passed only in base, ${count(c)} only in head`,
    };
  }
  return {
    test: "bootstrap",
    p_value: boot.p_value,
    ci: boot.ci,
    draws: boot.ci ? boot.draws : null,
    note: pairs,
  };
}

/**
 * Without per-example rows, standard errors reported on both sides give a z-test. It treats the
 * runs as independent, which overstates the noise of paired runs: the note says so.
 */
function stderrTest(subject: SignificanceSubject, alpha: number): SignificanceResult | undefined {
  const { baseStderr, headStderr } = subject;
  const base = typeof subject.base === "number" ? subject.base : undefined;
  const head = typeof subject.head === "number" ? subject.head : undefined;
  if (baseStderr === undefined || headStderr === undefined) return undefined;
  if (base === undefined || head === undefined) return undefined;
  const z = stderrZTest(base, head, baseStderr, headStderr, alpha);
  return {
    test: "z",
    p_value: z.p_value,
    ci: z.ci,
    draws: null,
    note: `from the reported standard errors (base ± ${fixed(baseStderr)}, head ± ${fixed(headStderr)}), as if the runs were independent; per-example rows would allow a paired test`,
  };
}
