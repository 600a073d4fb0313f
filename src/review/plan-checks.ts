import type { WorkflowRun } from "../scm/scm.js";
import type { PlannedCheck } from "./review-plan.js";

/** The check of a head whose training run has not started. */
export function waitingCheck(
  workflow: string,
  artifact: string,
  existing: PlannedCheck["existing"],
): PlannedCheck {
  return {
    status: "queued",
    title: `Waiting for ${workflow}`,
    summary: `mlgate reviews this commit when a run of \`${workflow}\` for it finishes and uploads the \`${artifact}\` artifact.`,
    existing,
  };
}

/** The check of a head whose training run is running. */
export function runningCheck(
  workflow: string,
  run: WorkflowRun,
  existing: PlannedCheck["existing"],
): PlannedCheck {
  return {
    status: "in_progress",
    title: `${workflow} is running`,
    summary: `Waiting for [${workflow} run #${run.runNumber}](${run.url}) to finish.`,
    detailsUrl: run.url,
    run: { id: run.id, attempt: run.attempt },
    existing,
  };
}

/**
 * The neutral conclusion of a check found open at start-up whose commit has no training run: the
 * run it waited for may never have been requested, and nothing else would ever conclude it.
 */
export function noRunAfterRestartCheck(workflow: string): PlannedCheck {
  return {
    status: "completed",
    conclusion: "neutral",
    title: "No training run found",
    summary: `mlgate restarted and found no training run for this commit; re-run the workflow (\`${workflow}\`) to have it reviewed.`,
    existing: "look-up",
  };
}

/**
 * A merge group's check found open at start-up with no training run: failed, not neutral. Branch
 * protection takes neutral as passing and nobody looks at a queue before it merges, so neutral
 * would let the group in unreviewed; failing it only sends the pull request back out of the queue.
 */
export function noGroupRunAfterRestartCheck(workflow: string): PlannedCheck {
  return {
    status: "completed",
    conclusion: "failure",
    title: "No training run found",
    summary: `mlgate restarted and found no training run for this merge group; a group is not merged unreviewed. Make sure the workflow (\`${workflow}\`) runs \`on: merge_group\`, then add the pull request to the queue again.`,
    existing: "look-up",
  };
}

/** The neutral conclusion of mlgate's own open check on a repository no longer configured. */
export function unconfiguredCheck(): PlannedCheck {
  return {
    status: "completed",
    conclusion: "neutral",
    title: "Not configured",
    summary:
      "This repository has no `.github/mlgate.yml` on its default branch any more, so there is nothing to gate.",
    existing: "look-up",
  };
}

/** The neutral conclusion for a pull request that touches none of the `paths:` globs. */
export function notCoveredCheck(
  paths: readonly string[],
  pullRequest = "This pull request",
): PlannedCheck {
  return {
    status: "completed",
    conclusion: "neutral",
    title: "Not configured for this change",
    summary: `${pullRequest} changes none of the paths mlgate is configured for (${paths.map((p) => `\`${p}\``).join(", ")}), so there is nothing to gate.`,
    existing: "remembered",
  };
}

/** The neutral conclusion for a commit the pull request has moved on from. */
export function supersededCheck(
  pullNumber: number,
  currentHead: string,
  reviewed: string,
  existing: PlannedCheck["existing"],
): PlannedCheck {
  return {
    status: "completed",
    conclusion: "neutral",
    title: "Superseded by a newer commit",
    summary: `Pull request #${pullNumber} has moved on to ${currentHead.slice(0, 7)}; the results of ${reviewed.slice(0, 7)} are not reviewed.`,
    existing,
  };
}

/** The conclusion for a training run that did not succeed. */
export function runFailedCheck(workflow: string, run: WorkflowRun): PlannedCheck {
  const runLink = `[${workflow} run #${run.runNumber}](${run.url})`;
  const skipped = run.conclusion === "skipped" || run.conclusion === "neutral";
  return {
    status: "completed",
    conclusion: skipped ? "neutral" : "failure",
    title: skipped ? "Training run skipped" : `Training run ${run.conclusion ?? "did not finish"}`,
    summary: skipped
      ? `${runLink} was skipped, so there are no results to review.`
      : `${runLink} ended with **${run.conclusion ?? "no conclusion"}**, so there are no results to review. Fix the run and re-run it; mlgate reviews it when it succeeds.`,
    detailsUrl: run.url,
    run: { id: run.id, attempt: run.attempt },
    existing: "remembered",
  };
}
