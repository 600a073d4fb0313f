import type { CategoryCounts } from "./category-counts.js";
import type { ValueCounts } from "./value-counts.js";

/**
 * A column's type as pandas would read the file: `integer` (int64), `float` (float64, which is
 * also what an integer column with a missing value becomes), `boolean`, `string` (object),
 * `empty` (no values at all) or `other` (dates, binary, nested values: not tested).
 */
export type ColumnType = "integer" | "float" | "boolean" | "string" | "empty" | "other";

/** What a reader learned about one column of one data file, in one pass. */
export interface ColumnSummary {
  readonly name: string;
  readonly type: ColumnType;
  /** Rows whose value is missing (empty, null, NaN or a pandas missing-value marker). */
  readonly missing: number;
  /** ±infinity values: not missing, but left out of the tests as Evidently does. */
  readonly infinite: number;
  /** The finite values of an integer or float column. */
  readonly numbers?: ValueCounts | undefined;
  /** The values of a boolean or string column. */
  readonly categories?: CategoryCounts | undefined;
  /** Why the column cannot be tested although its type allows it (too many distinct values). */
  readonly untestable?: string | undefined;
}

/** One data file, summarised. */
export interface DataSummary {
  readonly file: string;
  readonly rows: number;
  readonly columns: readonly ColumnSummary[];
}
