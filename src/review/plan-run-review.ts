import type { Config } from "../core/config/config.js";
import { ArtifactError } from "../core/errors.js";
import type { FileSource } from "../evidence/file-source.js";
import { loadReviewHistory } from "../history/load-review-history.js";
import type { PullRequest, PullRequestRef, Scm, WorkflowRun } from "../scm/scm.js";
import { decideOverride } from "./decide-override.js";
import { openArtifactBaseline } from "./open-artifact-baseline.js";
import { notCoveredCheck, runFailedCheck, supersededCheck } from "./plan-checks.js";
import type { PlanOptions } from "./plan-options.js";
import type { ReviewJob } from "./review-job.js";
import type { PlannedCheck, ReviewPlan } from "./review-plan.js";
import { reviewResults } from "./review-results.js";
import { touchesPaths } from "./touches-paths.js";

/** A pull request head whose training run has completed. */
export interface RunReviewInput {
  readonly config: Config;
  readonly warnings: readonly string[];
  readonly pr: PullRequest | PullRequestRef;
  readonly run: WorkflowRun;
  /** Whether the `paths:` filter is still to be applied. */
  readonly checkPaths: boolean;
  /** Whether the check is a new check run (a re-requested one). */
  readonly fresh?: boolean | undefined;
}

/**
 * Plans the review of a head from its completed training run: a failed or skipped run, a
 * superseded commit, a change outside `paths:` and a missing head artifact each conclude the
 * check with a reason; otherwise the artifact is reviewed against the baseline.
 */
export async function planRunReview(
  job: ReviewJob,
  scm: Scm,
  input: RunReviewInput,
  options: Pick<PlanOptions, "override" | "history">,
): Promise<ReviewPlan> {
  const { config, pr, run } = input;
  const workflow = config.workflow;
  const history = options.history;
  const ref = { id: run.id, attempt: run.attempt };
  const existing: PlannedCheck["existing"] = input.fresh ? "new" : "remembered";
  const conclude = (check: PlannedCheck): ReviewPlan => ({
    job,
    outcome: "concluded",
    check: { ...check, run: ref, detailsUrl: check.detailsUrl ?? run.url, existing },
    note: check.title,
  });

  if (run.conclusion !== "success") return conclude(runFailedCheck(workflow, run));
  if (pr.headSha !== run.headSha) {
    return conclude(supersededCheck(pr.number, pr.headSha, run.headSha, existing));
  }
  if (
    input.checkPaths &&
    config.paths &&
    !touchesPaths(await scm.changedFiles(pr.number), config.paths)
  ) {
    return conclude(notCoveredCheck(config.paths));
  }

  let head: FileSource;
  try {
    head = await scm.openArtifact(run.id, config.artifact);
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    return conclude({
      status: "completed",
      conclusion: "failure",
      title: "No results to review",
      summary: `[${workflow} run #${run.runNumber}](${run.url}) succeeded, but its results cannot be read: ${error.toUserMessage()}. Re-run the training workflow to upload them again.`,
      existing,
    });
  }
  const result = await reviewResults(
    config,
    input.warnings,
    {
      head: { sha: run.headSha, source: `${workflow} run #${run.runNumber}`, url: run.url },
      openHead: async () => head,
      openBaseline: () =>
        openArtifactBaseline(scm, pr, workflow, config.artifact, options.history?.now),
      loadHistory: history
        ? (baseline) =>
            loadReviewHistory({
              scm,
              records: history.records,
              config,
              branch: pr.baseRef,
              baselineRunId: baseline.runId,
              now: history.now,
              warn: history.warn,
            })
        : undefined,
    },
    options.override === false
      ? undefined
      : () =>
          decideOverride(scm, config, {
            pullNumber: pr.number,
            headSha: run.headSha,
            pullRequest: "labels" in pr ? pr : undefined,
            run,
            workflow,
            githubErrors: "throw",
            labelEvent:
              job.trigger.kind === "label" && job.trigger.action === "labeled"
                ? { by: job.trigger.sender, at: job.trigger.at }
                : undefined,
          }),
    { run: ref, detailsUrl: run.url },
    existing,
  );
  return {
    job,
    outcome: "reviewed",
    check: result.check,
    comment: result.comment,
    review: result.review,
    note: `${result.review.verdict}: ${result.review.headline}`,
  };
}
