import type { WorkflowRun } from "../scm/scm.js";
import type { ReviewJob } from "./review-job.js";
import type { PlannedCheck, ReviewPlan } from "./review-plan.js";

/**
 * A plan that concludes the check of a head whose training run has completed without a review
 * (the run failed, the commit moved on, the results cannot be read): the check reports on that
 * run and links to it.
 */
export function runConclusion(
  job: ReviewJob,
  run: WorkflowRun,
  check: PlannedCheck,
  existing: PlannedCheck["existing"],
): ReviewPlan {
  return {
    job,
    outcome: "concluded",
    check: {
      ...check,
      run: { id: run.id, attempt: run.attempt },
      detailsUrl: check.detailsUrl ?? run.url,
      existing,
    },
    note: check.title,
  };
}
