import type { HistoryCheck } from "./history/history-check.js";

/** The outcome of one rule. `not_evaluated` is stated, never counted as a pass. */
export type GateOutcome = "passed" | "failed" | "not_evaluated" | "within_noise" | "accepted";

/** A significance test attached to a change gate (DESIGN.md "Significance"). */
export interface SignificanceResult {
  readonly test: "bootstrap" | "mcnemar" | "welch" | "z";
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
  /** What the base branch's history said, for a `significance: history` gate. */
  readonly history?: HistoryCheck | undefined;
  /** The file the metric came from, for check-run annotations. */
  readonly file?: string | undefined;
}
