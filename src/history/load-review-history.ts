import type { Config } from "../core/config/config.js";
import { isMlgateError, StoreError } from "../core/errors.js";
import type { BaseHistory } from "../core/history/base-history.js";
import { backfillHistory, type HistorySource } from "./backfill-history.js";
import { historyFromRuns } from "./history-from-runs.js";
import type { HistoryRecords } from "./history-records.js";

export interface ReviewHistoryInput {
  readonly scm: HistorySource & { readonly repository: string };
  readonly records: HistoryRecords;
  readonly config: Config;
  /** The pull request's base branch. */
  readonly branch: string;
  /** The baseline run: the history ends there. */
  readonly baselineRunId?: number | undefined;
  readonly now: Date;
  readonly warn: (message: string) => void;
}

/**
 * The base branch's history for a review, from the recorded runs. The first review of a
 * repository (or one asking for more runs than were backfilled) backfills the last
 * `history.runs` runs first. The history is an aid: when GitHub fails during the backfill the
 * review goes on with what is recorded, and the next review tries again.
 */
export async function loadReviewHistory(input: ReviewHistoryInput): Promise<BaseHistory> {
  const { config, records } = input;
  const scope = {
    repository: input.scm.repository,
    workflow: config.workflow,
    branch: input.branch,
  };
  const mark = await records.backfilled(scope);
  if (!mark || mark.runs < config.history.runs) {
    try {
      await backfillHistory(
        { source: input.scm, records, scope, artifact: config.artifact, metrics: config.metrics },
        config.history.runs,
        input.now,
      );
    } catch (error) {
      // A store that failed is tried again with the job, not judged on a partial history.
      if (!isMlgateError(error) || error instanceof StoreError) throw error;
      input.warn(`the base branch's history is incomplete: ${error.toUserMessage()}`);
    }
  }
  return historyFromRuns(await records.runs(scope), {
    runs: config.history.runs,
    baselineRunId: input.baselineRunId,
    source: `runs of ${config.workflow} on ${input.branch}`,
  });
}
