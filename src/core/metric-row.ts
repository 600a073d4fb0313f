import type { Direction } from "./types.js";

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
  /** Standard errors the files report for the values (shown as ±, used by noise-aware gates). */
  readonly baseStderr?: number | undefined;
  readonly headStderr?: number | undefined;
  /** head − base; null when either side is missing. */
  readonly delta: number | null;
  /** (head − base) / |base|; null when either side is missing or not a number, or base is 0. */
  readonly relative: number | null;
  readonly direction: Direction;
  readonly status: MetricStatus;
  /**
   * The value as written when a side is NaN or ±Infinity (`"NaN"`, `"Infinity"`): that side's
   * `base`/`head` is then null, and the row says "not a number" on that side only.
   */
  readonly baseNotANumber?: string | undefined;
  readonly headNotANumber?: string | undefined;
  /** The file each side came from (they differ when a metric moved between files). */
  readonly baseFile?: string | undefined;
  readonly headFile?: string | undefined;
  /** Whether a gate is configured for this metric (gated rows are always shown). */
  readonly gated: boolean;
  readonly file?: string | undefined;
}
