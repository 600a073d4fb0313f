import type { PairedScores } from "../significance/paired-scores.js";

/** One example that flipped between base and head. */
export interface FlippedExample {
  /** The format's own id: lm-eval's `doc_hash` (else `doc_id`), promptfoo's test, DeepEval's case. */
  readonly id: string;
  /** The task or provider the example belongs to, when the format has one. */
  readonly task?: string | undefined;
  /** A short excerpt of the example's input, when the file carries one (artifact text: escape it). */
  readonly excerpt?: string | undefined;
}

/** The examples of one pass/fail metric that changed outcome, and how many were paired. */
export interface MetricFlips {
  readonly metric: string;
  /** Examples in both runs. */
  readonly paired: number;
  readonly onlyBase: number;
  readonly onlyHead: number;
  /** Passed on the base, failed on the head: listed first, they are the regressions. */
  readonly passToFail: readonly FlippedExample[];
  readonly failToPass: readonly FlippedExample[];
}

/** Per-example evidence of evaluation harnesses, both sides joined. */
export interface ExampleComparison {
  /** Per metric name, the joined values (for the noise-aware gates). */
  readonly paired: ReadonlyMap<string, PairedScores>;
  /** Pass/fail metrics whose examples flipped (full lists), in metric order. */
  readonly flips: readonly MetricFlips[];
  /** Why rows of a metric could not be paired (too little overlap), one sentence each. */
  readonly notes: readonly string[];
}
