import type { PullRequest, PullRequestRef, WorkflowRun } from "../scm/scm.js";
import type { HistoryOptions } from "./history-options.js";
import type { RepoConfig } from "./read-repo-config.js";
import type { ResultSources } from "./review-results.js";

/** What the caller already knows, so the plan asks GitHub less; all optional. */
export interface PlanOptions {
  /** The repository's configuration, when already read. */
  readonly config?: RepoConfig | undefined;
  /** Facts from the event's payload about the job's own pull request and run. */
  readonly known?:
    | {
        readonly pullRequest?: PullRequest | PullRequestRef | undefined;
        readonly run?: WorkflowRun | undefined;
      }
    | undefined;
  /**
   * The head's results and baseline from somewhere other than the run's artifact (the Action's
   * results folder, a git baseline). Required for an `action` job.
   */
  readonly sources?: ResultSources | undefined;
  /** The workflow whose run trained the head, when not the configured one (the Action's own). */
  readonly workflow?: string | undefined;
  /** false: do not ask about the override label (a dry run sends nothing, asks nothing). */
  readonly override?: boolean | undefined;
  /** The recorded history of base branches (the app): trends, history gates, backfill. */
  readonly history?: HistoryOptions | undefined;
}
