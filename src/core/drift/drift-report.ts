import type { Shares } from "./binned-shares.js";
import type { ColumnKind, DriftMethod } from "./drift-methods.js";

/** One tested column, as `mlgate drift --format json` prints it. */
export interface ColumnDrift {
  readonly name: string;
  readonly type: ColumnKind;
  readonly method: DriftMethod;
  /** The test statistic or distance; null when it is infinite. */
  readonly statistic: number | null;
  /** The p-value of a test; null for distances and PSI. */
  readonly p_value: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
  /** Missing values as a fraction of rows, per side. */
  readonly missing: { readonly base: number; readonly head: number };
}

/** A column in both files that was not tested, and why. */
export interface UntestedColumn {
  readonly name: string;
  readonly reason: string;
  readonly missing: { readonly base: number; readonly head: number };
}

/** The data check's report: the JSON contract of `mlgate drift`, plus what was not tested. */
export interface DriftReport {
  readonly rows: { readonly base: number; readonly head: number };
  readonly schema: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly { name: string; base: string; head: string }[];
  };
  /** Tested columns, drifted first, then by how far past their threshold. */
  readonly columns: readonly ColumnDrift[];
  /** The measured share of drifted columns among the tested ones (0 when none was tested). */
  readonly drift_share: number;
  readonly dataset_drifted: boolean;
  /** The share at which the data set counts as drifted. */
  readonly drift_share_threshold: number;
  readonly untested: readonly UntestedColumn[];
}

/** The report with what the comment draws (kept out of the JSON). */
export interface DriftResult {
  readonly report: DriftReport;
  /** Base and head shares per tested column, for the histograms. */
  readonly shares: ReadonlyMap<string, Shares>;
}
