import type { Config } from "../core/config/config.js";
import type { Scm } from "../scm/scm.js";
import { configErrorCheck } from "./config-error-check.js";
import { decideGroupOverride } from "./decide-group-override.js";
import { decideOverride } from "./decide-override.js";
import {
  noRunAfterRestartCheck,
  notCoveredCheck,
  runningCheck,
  supersededCheck,
  unconfiguredCheck,
  waitingCheck,
} from "./plan-checks.js";
import { planMergeGroupReview } from "./plan-merge-group-review.js";
import type { PlanOptions } from "./plan-options.js";
import { planRunReview } from "./plan-run-review.js";
import { readRepoConfig } from "./read-repo-config.js";
import type { ReviewJob } from "./review-job.js";
import type { PlannedCheck, ReviewPlan } from "./review-plan.js";
import { type ResultSources, reviewResults } from "./review-results.js";
import { touchesPaths } from "./touches-paths.js";

/**
 * Works out what publishing a review job does: reads the configuration, finds the head's
 * training run (a pull request's, or a merge group's: see `planMergeGroupReview`), opens the
 * head's results and the baseline, builds the review and renders the check and comment, then
 * closes what it opened. Publishes nothing: see `publishReview`.
 *
 * @throws mlgate's errors when GitHub or an input fails in a way that is not a verdict (the
 *   caller concludes the check with the message)
 */
export async function planReview(
  job: ReviewJob,
  scm: Scm,
  options: PlanOptions = {},
): Promise<ReviewPlan> {
  const repoConfig = options.config ?? (await readRepoConfig(scm));
  const { trigger } = job;
  if (repoConfig.kind === "absent") {
    // mlgate's own open check on a repository no longer configured: nothing else would conclude it.
    if (trigger.kind === "stranded_check") return planned(job, "concluded", unconfiguredCheck());
    return ignored(job, "no configuration");
  }
  if (trigger.kind === "workflow_run" && trigger.action !== "completed") {
    if (repoConfig.kind === "invalid") return ignored(job, "the configuration cannot be used");
  }
  if (repoConfig.kind === "invalid") {
    const check = configErrorCheck(repoConfig.errors);
    return {
      job,
      outcome: "config-error",
      // Found open at start-up: that check run is concluded, not a new one beside it.
      check: trigger.kind === "stranded_check" ? { ...check, existing: "look-up" } : check,
      note: "the configuration cannot be used",
    };
  }
  const { config, warnings } = repoConfig;
  if (trigger.kind === "label" && trigger.label !== config.override.label) {
    return ignored(job, `label ${trigger.label} is not the override label`);
  }
  if (trigger.kind === "action") {
    if (!options.sources) throw new TypeError("an action job needs its result sources");
    const { pullNumber } = job;
    const workflow = options.workflow ?? config.workflow;
    const groupPull = job.mergeGroup?.pullNumber;
    const decide =
      pullNumber !== undefined
        ? () =>
            decideOverride(scm, config, {
              pullNumber,
              headSha: job.headSha,
              run: options.known?.run,
              workflow,
              githubErrors: "note",
            })
        : groupPull !== undefined
          ? () => decideGroupOverride(scm, config, groupPull, workflow, "note")
          : undefined;
    return reviewed(job, config, warnings, options, options.sources, decide);
  }
  if (trigger.kind === "stranded_check") {
    // Planned under the head's lock: a webhook or another replica may have concluded it.
    const check = await scm.findCheck(job.headSha);
    if (check?.status === "completed") return ignored(job, "the check was concluded meanwhile");
  }
  if (job.mergeGroup) {
    return planMergeGroupReview(job, scm, { group: job.mergeGroup, config, warnings }, options);
  }
  if (job.pullNumber === undefined) return ignored(job, "no pull request");
  const pullNumber = job.pullNumber;

  if (trigger.kind === "workflow_run") {
    const run = options.known?.run ?? (job.run ? await scm.getRun(job.run) : undefined);
    if (!run) return ignored(job, "the training run is gone");
    const pr = options.known?.pullRequest ?? (await scm.getPullRequest(pullNumber));
    if (run.status !== "completed") {
      return planned(job, "running", runningCheck(config.workflow, run, "look-up"));
    }
    return planRunReview(job, scm, { config, warnings, pr, run, checkPaths: true }, options);
  }

  const known = options.known?.pullRequest;
  const pr =
    known && "state" in known && trigger.kind !== "check_rerequested"
      ? known
      : await scm.getPullRequest(pullNumber);
  if (pr.state !== "open") return ignored(job, "the pull request is closed");
  const existing: PlannedCheck["existing"] =
    trigger.kind === "check_rerequested"
      ? "new"
      : trigger.kind === "pull_request" && trigger.action !== "reopened"
        ? "remembered"
        : "look-up";
  // A conclusion moves the open check run found at start-up, not a new one beside it.
  const settling: PlannedCheck["existing"] =
    trigger.kind === "stranded_check" ? "look-up" : existing === "new" ? "new" : "remembered";
  if (pr.headSha !== job.headSha) {
    return planned(job, "concluded", supersededCheck(pr.number, pr.headSha, job.headSha, settling));
  }
  if (config.paths && !touchesPaths(await scm.changedFiles(pullNumber), config.paths)) {
    return planned(job, "concluded", {
      ...notCoveredCheck(config.paths),
      existing: settling,
    });
  }
  const run = await scm.findRunForCommit(config.workflow, pr.headSha);
  if (!run) {
    // Found open at start-up with no run to wait for: nothing else would ever conclude it.
    if (trigger.kind === "stranded_check") {
      return planned(job, "concluded", noRunAfterRestartCheck(config.workflow));
    }
    return planned(job, "waiting", waitingCheck(config.workflow, config.artifact, existing));
  }
  if (run.status !== "completed") {
    return planned(job, "running", runningCheck(config.workflow, run, existing));
  }
  return planRunReview(
    job,
    scm,
    {
      config,
      warnings,
      pr,
      run,
      checkPaths: false,
      fresh: existing === "new",
      lookUp: trigger.kind === "stranded_check",
    },
    options,
  );
}

function ignored(job: ReviewJob, why: string): ReviewPlan {
  return { job, outcome: "ignored", note: why };
}

function planned(job: ReviewJob, outcome: ReviewPlan["outcome"], check: PlannedCheck): ReviewPlan {
  return { job, outcome, check, note: check.title };
}

async function reviewed(
  job: ReviewJob,
  config: Config,
  warnings: readonly string[],
  options: PlanOptions,
  sources: ResultSources,
  decide: Parameters<typeof reviewResults>[3],
): Promise<ReviewPlan> {
  const result = await reviewResults(
    config,
    warnings,
    sources,
    options.override === false ? undefined : decide,
    { run: job.run, detailsUrl: sources.head.url },
    "new",
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

export type { PlanOptions } from "./plan-options.js";
