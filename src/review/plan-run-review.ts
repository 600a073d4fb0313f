import type { Config } from "../core/config/config.js";
import type { PullRequest, PullRequestRef, Scm, WorkflowRun } from "../scm/scm.js";
import { decideOverride } from "./decide-override.js";
import { notCoveredCheck, runFailedCheck, supersededCheck } from "./plan-checks.js";
import type { PlanOptions } from "./plan-options.js";
import type { ReviewJob } from "./review-job.js";
import type { PlannedCheck, ReviewPlan } from "./review-plan.js";
import { reviewRunArtifact } from "./review-run-artifact.js";
import { runConclusion } from "./run-conclusion.js";
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
  /** Whether an open check run the ledger does not know is looked for on GitHub (one found at start-up). */
  readonly lookUp?: boolean | undefined;
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
  const existing: PlannedCheck["existing"] = input.fresh
    ? "new"
    : input.lookUp
      ? "look-up"
      : "remembered";
  const conclude = (check: PlannedCheck) => runConclusion(job, run, check, existing);

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
  return reviewRunArtifact(
    job,
    scm,
    {
      config,
      warnings: input.warnings,
      run,
      subject: pr,
      existing,
      decideOverride:
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
    },
    options.history,
  );
}
