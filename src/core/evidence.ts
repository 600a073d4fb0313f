import type { DataEvidence } from "./drift/data-check.js";
import type { ExampleComparison } from "./examples/example-comparison.js";
import type { FairnessReport } from "./fairness/fairness-report.js";
import type { BaseHistory } from "./history/base-history.js";
import type { OverrideInfo } from "./review.js";
import type { PairedSample } from "./significance/paired-sample.js";
import type { BaselineInfo, HeadInfo, MetricSet } from "./types.js";

/**
 * Everything a review is built from, already read and parsed. `buildReview(evidence, config)`
 * is pure over this.
 */
export interface Evidence {
  readonly head: HeadInfo & { readonly metrics: MetricSet };
  /** Absent when there is no baseline; `baselineMissing` then says why. */
  readonly base?: (BaselineInfo & { readonly metrics: MetricSet }) | undefined;
  readonly baselineMissing?: string | undefined;
  readonly fairness?:
    | {
        readonly head: FairnessReport;
        readonly base?: FairnessReport | undefined;
      }
    | undefined;
  /** Paired per-example predictions, when both sides have them with ids. */
  readonly paired?: PairedSample | undefined;
  /** Why a paired comparison was not possible (too little overlap, no id column...). */
  readonly pairedMissing?: string | undefined;
  /** Per-example rows of LLM evaluation harnesses on both sides, joined per metric. */
  readonly examples?: ExampleComparison | undefined;
  /** Commit SHAs seed the bootstrap so a rerun gives the same interval. */
  readonly seedKey?: string | undefined;
  readonly override?: OverrideInfo | undefined;
  /** The data files of `data:` (head, and base when it has one). */
  readonly data?: DataEvidence | undefined;
  /** The base branch's recent results (trends, `significance: history`), when read. */
  readonly history?: BaseHistory | undefined;
  /** What the reader should know about how the evidence was read (which of several runs). */
  readonly notes?: readonly string[] | undefined;
}
