import type { FairnessConfig } from "./config/config.js";
import type { DataCheck } from "./drift/data-check.js";
import type { MetricFlips } from "./examples/example-comparison.js";
import type { FairnessComparison } from "./fairness/compare-fairness.js";
import type { GateResult } from "./gate-result.js";
import type { ReviewHistory } from "./history/review-history.js";
import type { MetricRow } from "./metric-row.js";
import type { BaselineInfo, HeadInfo } from "./types.js";

// The parts of a review live in files of their own, so the fairness comparison can use them
// without importing the review (no cycle); re-exported here for readers of the whole.
export type { GateOutcome, GateResult, SignificanceResult } from "./gate-result.js";
export type { MetricRow, MetricStatus } from "./metric-row.js";

/** Who accepted failed gates, and when. */
export interface OverrideInfo {
  readonly by: string;
  readonly at: string;
  readonly label: string;
}

/**
 * The final verdict of a review: passed, failed or neutral (nothing could be checked), and
 * accepted — failed gates an authorised override accepted for this head.
 */
export type Verdict = "passed" | "failed" | "accepted" | "neutral";

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
  /** The data check, when the config has `data:`; its gates are also in `gates`. */
  readonly data?: DataCheck | undefined;
  /** The base branch's recent values of the gated metrics, when its history was read. */
  readonly history?: ReviewHistory | undefined;
  /** Said next to the baseline: it is older than `baseline.max_age`. */
  readonly baselineWarning?: string | undefined;
  /** Examples of LLM evaluations that went from pass to fail or back, per metric. */
  readonly flips?: readonly MetricFlips[] | undefined;
  /** Things the reader should know that are not gate results (duplicate metric names...). */
  readonly notes: readonly string[];
  /** Significant digits for values (`report.precision` or `--precision`); adaptive when absent. */
  readonly precision?: number | undefined;
}
