/**
 * One metric's per-example values on both sides, joined by the evaluation format's own example
 * id (lm-eval's `doc_hash`, promptfoo's test and provider, DeepEval's test case). Index i of both
 * arrays is the same example.
 */
export interface PairedScores {
  /** Examples present in both runs. */
  readonly n: number;
  readonly base: Float64Array;
  readonly head: Float64Array;
  /** Every value on both sides is 0 or 1 (pass/fail, exact match): McNemar's test applies. */
  readonly binary: boolean;
  /** Examples present on one side only (left out of the pairs). */
  readonly onlyBase: number;
  readonly onlyHead: number;
}
