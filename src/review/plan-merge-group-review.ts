import type { Config } from "../core/config/config.js";
import type { MergeGroup, Scm, WorkflowRun } from "../scm/scm.js";
import { decideGroupOverride } from "./decide-group-override.js";
import {
  noGroupRunAfterRestartCheck,
  notCoveredCheck,
  runFailedCheck,
  runningCheck,
  waitingCheck,
} from "./plan-checks.js";
import type { PlanOptions } from "./plan-options.js";
import type { ReviewJob } from "./review-job.js";
import type { PlannedCheck, ReviewPlan } from "./review-plan.js";
import { reviewRunArtifact } from "./review-run-artifact.js";
import { runConclusion } from "./run-conclusion.js";
import { touchesPaths } from "./touches-paths.js";

/** A merge group's job, with the repository's usable configuration. */
export interface MergeGroupReviewInput {
  readonly group: MergeGroup;
  readonly config: Config;
  readonly warnings: readonly string[];
}

/**
 * Plans the check of a merge group's head: waiting for the training run (or, for a check found
 * open at start-up with no run, concluded neutral), running, concluded by a failed run, or the
 * review of the run's artifact against the base branch's baseline (the merge base of the group's
 * head with the base branch: the group's base commit, or the base branch commit under the queue
 * entries it is built on, which never have `push` runs of their own).
 *
 * The check is all there is: a merge group has no pull request to comment on, and the queue
 * reads only the check. A group whose pull request changes none of the `paths:` is not gated. The override label carries over from the pull request the group was
 * made for, under the same rules as on that pull request, so an accepted regression does not
 * stall the queue.
 */
export async function planMergeGroupReview(
  job: ReviewJob,
  scm: Scm,
  input: MergeGroupReviewInput,
  options: PlanOptions,
): Promise<ReviewPlan> {
  const { group, config } = input;
  const { trigger } = job;
  const workflow = config.workflow;
  // A re-requested check gets a new check run; a queue asking (maybe again, after a restart)
  // looks for the one already there, so a concluded check is never set back to waiting. A check
  // found open at start-up is the one to conclude, whatever this process's ledger remembers.
  const fresh = trigger.kind === "check_rerequested";
  const stranded = trigger.kind === "stranded_check";
  const open: PlannedCheck["existing"] = fresh ? "new" : "look-up";
  const concluded: PlannedCheck["existing"] = fresh ? "new" : stranded ? "look-up" : "remembered";

  const pullNumber = group.pullNumber;
  const starting = trigger.kind === "workflow_run" && trigger.action !== "completed";
  // As on the pull request itself: a change outside `paths:` is not gated, whether or not the
  // training workflow (which cannot filter merge groups by path) runs for it.
  if (config.paths && pullNumber !== undefined && !starting) {
    if (!touchesPaths(await scm.changedFiles(pullNumber), config.paths)) {
      const check = notCoveredCheck(config.paths, `Pull request #${pullNumber}`);
      return {
        job,
        outcome: "concluded",
        check: { ...check, existing: concluded },
        note: check.title,
      };
    }
  }

  let run: WorkflowRun | undefined;
  if (trigger.kind === "workflow_run") {
    run = options.known?.run ?? (job.run ? await scm.getRun(job.run) : undefined);
    if (!run) return { job, outcome: "ignored", note: "the training run is gone" };
  } else {
    run = await scm.findRunForCommit(workflow, job.headSha);
    // Found open at start-up with no run to wait for: nothing else would ever conclude it.
    if (!run && stranded) {
      const check = noGroupRunAfterRestartCheck(workflow);
      return { job, outcome: "concluded", check, note: check.title };
    }
    if (!run) {
      const check = waitingCheck(workflow, config.artifact, open);
      return { job, outcome: "waiting", check, note: check.title };
    }
  }
  if (run.status !== "completed") {
    const check = runningCheck(workflow, run, open);
    return { job, outcome: "running", check, note: check.title };
  }
  if (run.conclusion !== "success") {
    return runConclusion(job, run, runFailedCheck(workflow, run), concluded);
  }
  return reviewRunArtifact(
    job,
    scm,
    {
      config,
      warnings: input.warnings,
      run,
      subject: { headSha: run.headSha, baseRef: group.baseRef },
      existing: concluded,
      decideOverride:
        options.override === false || pullNumber === undefined
          ? undefined
          : () => decideGroupOverride(scm, config, pullNumber, workflow, "throw"),
    },
    options.history,
  );
}
