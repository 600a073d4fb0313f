import type { DataSummary } from "./column-summary.js";
import type { DriftResult } from "./drift-report.js";

/** The data files read for a review: the head's, and the base's when the baseline has one. */
export interface DataEvidence {
  /** The file inside the artifact. */
  readonly file: string;
  readonly head: DataSummary;
  readonly base?: DataSummary | undefined;
  /** Why there is no base data (no baseline, or the baseline lacks the file). */
  readonly baseMissing?: string | undefined;
}

/** The data check of a review. */
export interface DataCheck {
  readonly file: string;
  /** The comparison, when the base had data. */
  readonly result?: DriftResult | undefined;
  readonly baseMissing?: string | undefined;
  /** Head rows and columns, shown when there is nothing to compare with. */
  readonly headRows: number;
  readonly headColumns: number;
}
