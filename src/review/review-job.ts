import type { MergeGroup } from "../scm/scm.js";

/** A training run and which of its attempts (a re-run keeps the id and counts attempts up). */
export interface RunRef {
  readonly id: number;
  readonly attempt: number;
}

/** What asked for the review. Plain data: a job queue stores it as JSON. */
export type ReviewTrigger =
  /** A new head (`opened`, `synchronize`) or a reopened pull request. */
  | { readonly kind: "pull_request"; readonly action: "opened" | "synchronize" | "reopened" }
  /** The override label was added or removed; `at` is when (ISO 8601), `sender` who. */
  | {
      readonly kind: "label";
      readonly action: "labeled" | "unlabeled";
      readonly label: string;
      readonly sender: string;
      readonly at: string;
    }
  /** A training run was requested, started or finished. */
  | { readonly kind: "workflow_run"; readonly action: "requested" | "in_progress" | "completed" }
  /** A merge queue asks for the required checks of a merge group. */
  | { readonly kind: "merge_group"; readonly action: "checks_requested" }
  /** "Re-run" on mlgate's check run. */
  | { readonly kind: "check_rerequested"; readonly checkRunId: number }
  /**
   * A check run of this app found still open at start-up, after a crash or a lost job: it is
   * concluded (reviewed, or said why not), never left open nor passed without a review.
   */
  | { readonly kind: "stranded_check"; readonly checkRunId: number }
  /** The Action reviewing inside a workflow. */
  | { readonly kind: "action"; readonly event: string };

/**
 * One review to do: which pull request head, which training run, and why. A plain serialisable
 * value (JSON round-trips it unchanged), so a durable queue can store exactly this and a worker
 * can hand it to `planReview` after a restart.
 */
export interface ReviewJob {
  /** `owner/name` of the base repository. */
  readonly repository: string;
  /** The GitHub App installation that may act on the repository (absent in the Action). */
  readonly installationId?: number | undefined;
  /** The pull request; absent for a merge group and for a push the Action reviews. */
  readonly pullNumber?: number | undefined;
  /**
   * The merge group whose head is under review, instead of a pull request: its check is set on
   * the group's head, and there is no comment.
   */
  readonly mergeGroup?: MergeGroup | undefined;
  /** The commit under review: the pull request's head (never a merge commit), or the group's. */
  readonly headSha: string;
  /** The training run the review is about, when the trigger names one. */
  readonly run?: RunRef | undefined;
  readonly trigger: ReviewTrigger;
}

/** `owner/name#12@sha`: one pull request head, the unit a queue deduplicates and orders by. */
export function reviewJobKey(job: ReviewJob): string {
  return `${job.repository}#${job.pullNumber ?? "-"}@${job.headSha}`;
}

/** What a job reviews, for log lines: `owner/name#12`, or the merge group's branch. */
export function jobSubject(job: ReviewJob): string {
  if (job.mergeGroup) return `${job.repository} merge group ${job.mergeGroup.headRef}`;
  return `${job.repository}#${job.pullNumber ?? "-"}`;
}

/** Whether `a` is an older run attempt than `b` (lower run id, or the same run's earlier attempt). */
export function isOlderRun(a: RunRef, b: RunRef): boolean {
  return a.id < b.id || (a.id === b.id && a.attempt < b.attempt);
}
