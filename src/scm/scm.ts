import type { CheckAnnotation } from "../core/render/check-annotation.js";
import type { FileSource } from "../evidence/file-source.js";

/**
 * GitHub as mlgate needs it, in mlgate's own words. No Octokit types cross this interface: the
 * app and the Action talk to `Scm`, and `OctokitScm` is the one place that knows about routes,
 * pagination, redirects and GitHub's error shapes.
 */
export interface Scm {
  /** `owner/name` of the repository this instance works on, for messages. */
  readonly repository: string;

  /** The text of `.github/mlgate.yml` on the default branch; `undefined` when there is none. */
  readConfig(): Promise<string | undefined>;

  /** A pull request with everything a review needs (labels, author, current head). */
  getPullRequest(number: number): Promise<PullRequest>;

  /**
   * The open pull requests a training run belongs to. Same-repository runs carry them; runs from
   * forks do not, so they are found by `head=owner:branch` and kept only when the head commit and
   * head repository match the run's.
   */
  findPullRequestsForRun(run: WorkflowRun): Promise<readonly PullRequestRef[]>;

  /** One attempt of a training run; `undefined` when the run is gone. */
  getRun(run: { readonly id: number; readonly attempt: number }): Promise<WorkflowRun | undefined>;

  /** The newest run of `workflow` (a file name such as `train.yml`) for a commit, if any. */
  findRunForCommit(workflow: string, sha: string): Promise<WorkflowRun | undefined>;

  /** Paths a pull request changes (both sides of a rename), for the `paths:` filter. */
  changedFiles(pullNumber: number): Promise<readonly string[]>;

  /**
   * The baseline for a head commit (a pull request's, a merge group's): its merge base with the
   * base branch, then the nearest first-parent ancestor of it with a successful `push` run of
   * `workflow` on the base branch that still has the artifact. Never a pull request run.
   */
  findBaseline(
    subject: BaselineSubject,
    workflow: string,
    artifactName: string,
  ): Promise<BaselineLookup>;

  /**
   * Downloads a run's artifact and opens it as a file source with hostile-zip caps. Fails with an
   * `ArtifactError` that says why (missing, expired, too large). The caller closes the source.
   */
  openArtifact(
    runId: number,
    artifactName: string,
    options?: {
      /** false: read once and forget (a history backfill), leaving the cache to the baselines. */
      readonly cache?: boolean;
    },
  ): Promise<FileSource>;

  /**
   * The newest `limit` (at most 100) successful `push` runs of `workflow` on `branch`, newest
   * first, from one listing that the baseline lookup shares.
   */
  listPushRuns(workflow: string, branch: string, limit: number): Promise<readonly PushRun[]>;

  /** A user's permission on the repository (collaborators permission API). */
  permissionOf(user: string): Promise<Permission>;

  /** Who added `label` to a pull request most recently, and when; `undefined` when nobody did. */
  findLabelEvent(pullNumber: number, label: string): Promise<LabelEvent | undefined>;

  /**
   * Creates or edits the one review comment of a pull request, found by its hidden marker and
   * authored by this app. The body records `headSha`; a comment that already records the pull
   * request's current head is never replaced by a review of another commit, and a body identical to
   * the published one is not sent again.
   */
  upsertReviewComment(pullNumber: number, body: string, headSha: string): Promise<CommentResult>;

  /** The newest `mlgate` check run of this app on a commit. */
  findCheck(headSha: string): Promise<CheckRun | undefined>;

  /** Creates the `mlgate` check run on a commit. */
  createCheck(check: CheckInput): Promise<CheckRun>;

  /** Moves a check run on (status, conclusion, output). */
  updateCheck(id: number, check: Omit<CheckInput, "headSha">): Promise<CheckRun>;
}

/** The part of a pull request that identifies its head and base. */
export interface PullRequestRef {
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  /** `owner/name` of the head repository; differs from the base repository for forks. */
  readonly headRepo: string;
  readonly baseRef: string;
}

/** What a baseline is found for: a head commit and the branch it is to be merged into. */
export type BaselineSubject = Pick<PullRequestRef, "headSha" | "baseRef">;

/**
 * A merge queue's merge group: GitHub merges queued pull requests onto the base branch in a
 * temporary `gh-readonly-queue/…` branch and asks for the required checks on its head commit.
 * There is no pull request behind it to comment on.
 */
export interface MergeGroup {
  /** `gh-readonly-queue/main/pr-104-<sha>`, without `refs/heads/`. */
  readonly headRef: string;
  /** The branch the group merges into (`main`), without `refs/heads/`. */
  readonly baseRef: string;
  /** The pull request the group was made for, as its branch names it. */
  readonly pullNumber?: number | undefined;
}

/** A pull request with what overrides and staleness checks need. */
export interface PullRequest extends PullRequestRef {
  readonly url: string;
  readonly state: "open" | "closed";
  readonly author: string;
  readonly labels: readonly string[];
}

/** A GitHub Actions run, as the review sees it. */
export interface WorkflowRun {
  readonly id: number;
  readonly runNumber: number;
  readonly attempt: number;
  /** `.github/workflows/train.yml` */
  readonly workflowPath: string;
  readonly workflowName: string;
  /** The event that started it: `push`, `pull_request`, … */
  readonly event: string;
  readonly status: "requested" | "queued" | "in_progress" | "waiting" | "pending" | "completed";
  /** Set when completed: `success`, `failure`, `cancelled`, `skipped`, `timed_out`, … */
  readonly conclusion: string | undefined;
  readonly headSha: string;
  readonly headBranch: string;
  /** `owner/name` of the repository the commit came from. */
  readonly headRepo: string;
  readonly url: string;
  /** When the run was created (the push of its commit, give or take seconds), ISO 8601. */
  readonly createdAt: string;
  /** Pull requests GitHub attached to the run (empty for runs from forks). */
  readonly pullRequests: readonly PullRequestRef[];
}

/** A successful push run of the base branch, as the runs listing gives it. */
export interface PushRun {
  readonly id: number;
  readonly runNumber: number;
  readonly headSha: string;
  /** ISO 8601 */
  readonly createdAt: string;
  readonly url?: string | undefined;
}

/** The baseline run, and how far it is from the merge base. */
export interface Baseline {
  readonly sha: string;
  readonly runId: number;
  readonly runNumber: number;
  readonly runUrl: string;
  /** First-parent commits between the merge base and `sha` (0 = at the merge base). */
  readonly distance: number;
  readonly mergeBase: string;
  /** Commits on the base branch after the merge base, when GitHub said. */
  readonly behindBy?: number | undefined;
  /** When the baseline run was created, ISO 8601. */
  readonly createdAt?: string | undefined;
}

/** Either the baseline or why there is none, in words a reviewer reads. */
export type BaselineLookup =
  | Baseline
  | { readonly missing: string; readonly mergeBase?: string | undefined };

/** Repository roles, strongest last; `none` for people who are not collaborators. */
export type Permission = "none" | "read" | "triage" | "write" | "maintain" | "admin";

export interface LabelEvent {
  readonly by: string;
  /** ISO 8601 */
  readonly at: string;
}

export interface CommentResult {
  /** `kept-newer`: the published comment reviews the current head and this review does not. */
  readonly outcome: "created" | "updated" | "unchanged" | "kept-newer";
  readonly url: string | undefined;
}

export type CheckStatus = "queued" | "in_progress" | "completed";
export type CheckConclusion = "success" | "failure" | "neutral" | "cancelled" | "action_required";

export type { CheckAnnotation } from "../core/render/check-annotation.js";

/** What a check run shows. Long outputs and many annotations are split by the implementation. */
export interface CheckInput {
  readonly headSha: string;
  readonly status: CheckStatus;
  readonly conclusion?: CheckConclusion | undefined;
  readonly title: string;
  readonly summary: string;
  readonly text?: string | undefined;
  readonly annotations?: readonly CheckAnnotation[] | undefined;
  /** A link for "Details", e.g. the training run. */
  readonly detailsUrl?: string | undefined;
  /** mlgate's own bookkeeping (which pull request and run it belongs to). */
  readonly externalId?: string | undefined;
}

export interface CheckRun {
  readonly id: number;
  readonly headSha: string;
  readonly status: CheckStatus;
  readonly conclusion: string | undefined;
  readonly externalId: string | undefined;
  readonly url: string | undefined;
  /** Annotations the check run carries (GitHub appends them on every update). */
  readonly annotationsCount?: number | undefined;
}
