import type { Review } from "../core/review.js";
import type { CheckConclusion, CheckInput, CheckStatus } from "../scm/scm.js";
import type { ReviewJob, RunRef } from "./review-job.js";

/** Why the plan is what it is, for logs, metrics and tests (never parsed from prose). */
export type PlanOutcome =
  /** Nothing to publish: no config, a closed pull request, another label, another workflow. */
  | "ignored"
  /** No training run for the head yet: the check waits. */
  | "waiting"
  /** The training run is running. */
  | "running"
  /** The configuration cannot be used. */
  | "config-error"
  /** The run failed, was skipped, or the head moved on, or the change is outside `paths:`. */
  | "concluded"
  /** The head's results were read and reviewed: a verdict, a comment. */
  | "reviewed";

/** The check run the plan sets on the job's head. */
export interface PlannedCheck {
  readonly status: CheckStatus;
  readonly conclusion?: CheckConclusion | undefined;
  readonly title: string;
  readonly summary: string;
  readonly text?: string | undefined;
  readonly annotations?: CheckInput["annotations"];
  readonly detailsUrl?: string | undefined;
  /** The training run (attempt) the check reports on; an older one never replaces it. */
  readonly run?: RunRef | undefined;
  /**
   * Which check run this is: `new` always creates one (a re-requested check, the Action's run);
   * `remembered` moves on the one the ledger remembers, else creates one (a conclusion: the newest
   * check run of a name is the one GitHub shows); `look-up` also asks GitHub for one the ledger
   * does not know (a reopened pull request, a label).
   */
  readonly existing: "new" | "remembered" | "look-up";
}

/**
 * What publishing a job would do, worked out without publishing anything: the check run, and the
 * comment body for a review. Plain data, so a dry run prints it and a test asserts on it.
 */
export interface ReviewPlan {
  readonly job: ReviewJob;
  readonly outcome: PlanOutcome;
  /** Undefined when there is nothing to publish. */
  readonly check?: PlannedCheck | undefined;
  /** The sticky comment's body, for a review. */
  readonly comment?: string | undefined;
  /** The review itself, for a review (the Action's outputs, the CLI's JSON). */
  readonly review?: Review | undefined;
  /** One line for the log. */
  readonly note: string;
}
