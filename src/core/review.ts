import type { FairnessConfig } from "./config/config.js";
import type { FairnessComparison } from "./fairness/compare-fairness.js";
import type { BaselineInfo, Direction, HeadInfo } from "./types.js";

/** How a metric moved between base and head; `changed` is a neutral metric that moved. */
export type MetricStatus = "improved" | "regressed" | "unchanged" | "changed" | "added" | "removed";

/** One line of the metric diff. Seeded metrics carry their seeds and are compared by mean. */
export interface MetricRow {
  readonly name: string;
  /** Base value (the mean for seeded metrics); null when absent. */
  readonly base: number | null;
  readonly head: number | null;
  readonly baseStd?: number | undefined;
  readonly headStd?: number | undefined;
  readonly baseSeeds?: readonly number[] | undefined;
  readonly headSeeds?: readonly number[] | undefined;
  /** head − base; null when either side is missing. */
  readonly delta: number | null;
  /** (head − base) / |base|; null when either side is missing or base is 0. */
  readonly relative: number | null;
  readonly direction: Direction;
  readonly status: MetricStatus;
  /** Whether a gate is configured for this metric (gated rows are always shown). */
  readonly gated: boolean;
  readonly file?: string | undefined;
}

/** The outcome of one rule. `not_evaluated` is stated, never counted as a pass. */
export type GateOutcome = "passed" | "failed" | "not_evaluated" | "within_noise" | "accepted";

/** A significance test attached to a change gate (DESIGN.md "Significance"). */
export interface SignificanceResult {
  readonly test: "bootstrap" | "mcnemar" | "welch";
  readonly p_value: number | null;
  /** Confidence interval of head − base, when the test gives one. */
  readonly ci: readonly [number, number] | null;
  readonly draws: number | null;
  /** Extra facts (pairs joined, ids on one side only, discordant pairs) for the report. */
  readonly note?: string | undefined;
}

export interface GateResult {
  /** The metric name, or the disparity name for fairness gates (prefixed `fairness.`). */
  readonly metric: string;
  /** `min`, `max`, `max_regression` or `required`. */
  readonly rule: "min" | "max" | "max_regression" | "required";
  /** The threshold as written: `0.9`, `2%`, `0.005`. */
  readonly threshold: string;
  /** True for passed, within_noise and accepted; false for failed; null when not evaluated. */
  readonly passed: boolean | null;
  readonly outcome: GateOutcome;
  /** One sentence a reviewer reads. */
  readonly message: string;
  readonly significance?: SignificanceResult | undefined;
  /** The file the metric came from, for check-run annotations. */
  readonly file?: string | undefined;
}

/** Who accepted failed gates, and when. */
export interface OverrideInfo {
  readonly by: string;
  readonly at: string;
  readonly label: string;
}

/** The final verdict of a review. */
export type Verdict = "passed" | "failed" | "accepted" | "neutral";

/** One disparity, base beside head. */
export interface DisparityRow {
  readonly name: string;
  readonly base: number | null;
  readonly head: number | null;
  readonly delta: number | null;
}

/**
 * A built review: everything the comment, the check run, the JSON output and the exit code are
 * rendered from. Pure data; `buildReview` makes it, publishers only read it.
 */
export interface Review {
  readonly verdict: Verdict;
  /** One sentence: "2 gates failed: accuracy below 0.90, eval_loss regressed 3.1% (max 2%)". */
  readonly headline: string;
  readonly head: HeadInfo;
  readonly baseline?: BaselineInfo | undefined;
  /** Why there is no baseline, when there is none. */
  readonly baselineMissing?: string | undefined;
  readonly metrics: readonly MetricRow[];
  readonly gates: readonly GateResult[];
  /** The bias check, when the config has `fairness:`; its gates are also in `gates`. */
  readonly fairness?: FairnessComparison | undefined;
  /** How the bias check was configured (column names, group size), for rendering it. */
  readonly fairnessConfig?: FairnessConfig | undefined;
  readonly override?: OverrideInfo | undefined;
  /** Things the reader should know that are not gate results (duplicate metric names...). */
  readonly notes: readonly string[];
}
