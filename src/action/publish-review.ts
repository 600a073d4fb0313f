import { publishReview } from "../review/publish-review.js";
import type { ReviewPlan } from "../review/review-plan.js";
import { writeDenied } from "../review/write-denied.js";
import type { Scm } from "../scm/scm.js";
import type { ActionInputs } from "./action-inputs.js";
import type { ReviewTarget } from "./resolve-target.js";

/** What was posted, or why nothing could be. */
export interface PublishResult {
  readonly commentUrl: string | undefined;
  /** Set when the token may not write (a fork, a 401/403): the caller logs how to publish. */
  readonly denied: string | undefined;
  /** Set when the check run was posted but GitHub failed to take the comment. */
  readonly commentError?: string | undefined;
}

/**
 * Posts the planned review on its pull requests through the one publishing path: the check run
 * first, then the sticky comment on each pull request. A push has no pull request and posts
 * nothing; a merge group gets the check run on its head only. A refused write is reported back, not thrown: the job summary and the step's result
 * still carry the verdict.
 */
export async function publishActionReview(
  scm: Scm,
  inputs: ActionInputs,
  target: ReviewTarget,
  plan: ReviewPlan,
): Promise<PublishResult> {
  if (target.mergeGroup) return publishGroupCheck(scm, inputs, plan);
  if (target.pullRequests.length === 0 || (!inputs.check && !inputs.comment)) {
    return { commentUrl: undefined, denied: undefined };
  }
  if (target.readOnly) return { commentUrl: undefined, denied: target.readOnly };
  let commentUrl: string | undefined;
  try {
    let check =
      inputs.check && plan.check ? { ...plan.check, existing: "new" as const } : undefined;
    for (const pr of target.pullRequests) {
      const published = await publishReview(
        {
          ...plan,
          job: { ...plan.job, pullNumber: pr.number },
          check,
          comment: inputs.comment ? plan.comment : undefined,
        },
        scm,
      );
      // One check run per commit, whatever the number of pull requests.
      check = undefined;
      const { comment } = published;
      if (comment.outcome === "failed") {
        if (comment.denied) return { commentUrl, denied: comment.denied };
        return { commentUrl, denied: undefined, commentError: comment.message };
      }
      if (comment.outcome !== "none") commentUrl ??= comment.url;
    }
  } catch (error) {
    const denied = writeDenied(error);
    if (denied !== undefined) return { commentUrl, denied };
    throw error;
  }
  return { commentUrl, denied: undefined };
}

/**
 * A merge group's check run, on the group's head: the queue waits for `mlgate` there when the
 * pull requests' `mlgate` check is required. No comment: the group has no pull request of its own.
 */
async function publishGroupCheck(
  scm: Scm,
  inputs: ActionInputs,
  plan: ReviewPlan,
): Promise<PublishResult> {
  if (!inputs.check || !plan.check) return { commentUrl: undefined, denied: undefined };
  try {
    await publishReview(
      { ...plan, check: { ...plan.check, existing: "new" }, comment: undefined },
      scm,
    );
  } catch (error) {
    const denied = writeDenied(error);
    if (denied !== undefined) return { commentUrl: undefined, denied };
    throw error;
  }
  return { commentUrl: undefined, denied: undefined };
}
