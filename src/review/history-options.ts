import type { HistoryRecords } from "../history/history-records.js";

/** Where a review finds the base branch's recorded history, and what it says about it. */
export interface HistoryOptions {
  readonly records: HistoryRecords;
  /** The review's clock: the baseline's age in days. */
  readonly now: Date;
  readonly warn: (message: string) => void;
}
