import type { Review } from "../review.js";
import { historyCheckJson, historyJson } from "./history-json.js";

/** The `--format json` object (DESIGN.md "Contracts"), plus verdict and provenance. */
export interface ReviewJson {
  /** true passed (or accepted), false failed, null neutral: nothing could be checked. */
  readonly passed: boolean | null;
  readonly verdict: Review["verdict"];
  readonly headline: string;
  readonly head: Review["head"];
  readonly baseline: Review["baseline"] | null;
  readonly baseline_missing: string | null;
  readonly metrics: readonly {
    name: string;
    base: number | null;
    head: number | null;
    delta: number | null;
    relative: number | null;
    direction: string;
    status: string;
    base_std?: number;
    head_std?: number;
    base_stderr?: number;
    head_stderr?: number;
    /** `"NaN"`, `"Infinity"` or `"-Infinity"` when that side is not a number (its value is null). */
    base_not_a_number?: string;
    head_not_a_number?: string;
  }[];
  readonly gates: readonly {
    metric: string;
    rule: string;
    threshold: string;
    passed: boolean | null;
    outcome: string;
    message: string;
    significance?: unknown;
  }[];
  readonly override: Review["override"] | null;
  readonly notes: readonly string[];
  readonly [extra: string]: unknown;
}

/**
 * The machine-readable review. `passed` is true when gates were evaluated and passed (or an
 * override accepted the failures), false when a gate failed, and null when the verdict is
 * neutral: nothing was checked is not a pass. Gates that were not evaluated have `passed: null`.
 */
export function renderJson(review: Review, extra: Record<string, unknown> = {}): ReviewJson {
  return {
    passed: review.verdict === "neutral" ? null : review.verdict !== "failed",
    verdict: review.verdict,
    headline: review.headline,
    head: review.head,
    baseline: review.baseline ?? null,
    baseline_missing: review.baselineMissing ?? null,
    metrics: review.metrics.map((r) => ({
      name: r.name,
      base: r.base,
      head: r.head,
      delta: r.delta,
      relative: r.relative,
      direction: r.direction,
      status: r.status,
      ...(r.baseStd === undefined ? {} : { base_std: r.baseStd }),
      ...(r.headStd === undefined ? {} : { head_std: r.headStd }),
      ...(r.baseStderr === undefined ? {} : { base_stderr: r.baseStderr }),
      ...(r.headStderr === undefined ? {} : { head_stderr: r.headStderr }),
      ...(r.baseNotANumber === undefined ? {} : { base_not_a_number: r.baseNotANumber }),
      ...(r.headNotANumber === undefined ? {} : { head_not_a_number: r.headNotANumber }),
    })),
    gates: review.gates.map((g) => ({
      metric: g.metric,
      rule: g.rule,
      threshold: g.threshold,
      passed: g.passed,
      outcome: g.outcome,
      message: g.message,
      ...(g.significance ? { significance: g.significance } : {}),
      ...(g.history ? { history: historyCheckJson(g.history) } : {}),
    })),
    override: review.override ?? null,
    notes: review.notes,
    ...(review.baselineWarning ? { baseline_warning: review.baselineWarning } : {}),
    ...(review.history ? { history: historyJson(review.history) } : {}),
    // Every flipped example of the LLM evaluations, not only those the comment shows.
    ...(review.flips
      ? {
          flipped_examples: review.flips.map((f) => ({
            metric: f.metric,
            paired: f.paired,
            only_base: f.onlyBase,
            only_head: f.onlyHead,
            pass_to_fail: f.passToFail,
            fail_to_pass: f.failToPass,
          })),
        }
      : {}),
    // The data check in the `mlgate drift --format json` shape.
    ...(review.data
      ? {
          data: {
            file: review.data.file,
            base_missing: review.data.baseMissing ?? null,
            report: review.data.result?.report ?? null,
          },
        }
      : {}),
    // The bias check in the `mlgate fairness --format json` shape, head and base side by side.
    ...(review.fairness
      ? {
          fairness: {
            head: review.fairness.head,
            base: review.fairness.base ?? null,
            disparities: review.fairness.disparities.map((d) => ({
              name: d.name,
              base: d.base,
              head: d.head,
              delta: d.delta,
              direction: d.direction,
            })),
          },
        }
      : {}),
    ...extra,
  };
}
