import type { DisparityName, RateName } from "../config/schema.js";

/** fairlearn's per-group rates. A rate whose denominator is 0 is null (undefined), never 0. */
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
