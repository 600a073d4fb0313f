import type { DisparityName, RateName } from "../config/schema.js";

/**
 * fairlearn's per-group rates. A rate whose denominator is 0 is null (undefined), never 0.
 * `positives` and `negatives` count the true labels (tp + fn and fp + tn), so a reader can see at
 * once why a group's true or false positive rate is undefined.
 */
export type Rates = {
  readonly count: number;
  readonly positives: number;
  readonly negatives: number;
} & { readonly [K in RateName]: number | null };

export type GroupRates = Rates & {
  /** Column → value as it appears in the file. */
  readonly group: Readonly<Record<string, string>>;
  /** Fewer rows than min_group_size: shown, but left out of the disparities. */
  readonly insufficient: boolean;
};

/** The result of one pass over a predictions file (the `mlgate fairness --format json` shape). */
export interface FairnessReport {
  readonly rows: number;
  readonly overall: Rates;
  readonly groups: readonly GroupRates[];
  /** null when fewer than two groups have enough data, or a rate is undefined. */
  readonly disparities: Readonly<Record<DisparityName, number | null>>;
}

/** The four cells of a binary confusion matrix (label × prediction). */
export interface ConfusionCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/** What a pass over a predictions file accumulates for one group, before any rate is computed. */
export interface GroupCounts {
  /** The group's value in each sensitive column, in the order of the columns. */
  readonly values: readonly string[];
  readonly counts: ConfusionCounts;
}
