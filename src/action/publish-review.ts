import { isMlgateError } from "../core/errors.js";
import { escapeMarkdown } from "../core/render/escape.js";
import { renderCheck } from "../core/render/render-check.js";
import { renderComment } from "../core/render/render-comment.js";
import type { Review } from "../core/review.js";
import type { CheckInput, Scm } from "../scm/scm.js";
import type { ActionInputs } from "./action-inputs.js";
import type { ReviewTarget } from "./resolve-target.js";
import { writeDenied } from "./write-denied.js";

/** What was posted, or why nothing could be. */
export interface PublishResult {
  readonly commentUrl: string | undefined;
  /** Set when the token may not write (a fork, a 401/403): the caller logs how to publish. */
  readonly denied: string | undefined;
  /** Set when the check run was posted but GitHub failed to take the comment. */
  readonly commentError?: string | undefined;
}

/**
 * Posts the review on its pull requests: the check run first (it is what a branch protection
 * rule reads), then the sticky comment. A push has no pull request and posts nothing. A refused
 * write is reported back, not thrown: the job summary and the step's result still carry the
 * verdict.
 */
export async function publishReview(
  scm: Scm,
  inputs: ActionInputs,
  target: ReviewTarget,
  review: Review,
  detailsUrl: string | undefined,
): Promise<PublishResult> {
  if (target.pullRequests.length === 0 || (!inputs.check && !inputs.comment)) {
    return { commentUrl: undefined, denied: undefined };
  }
  if (target.readOnly) return { commentUrl: undefined, denied: target.readOnly };
  let commentUrl: string | undefined;
  let posted: { readonly id: number; readonly input: CheckInput } | undefined;
  try {
    if (inputs.check) {
      const check = renderCheck(review);
      const input: CheckInput = {
        headSha: target.headSha,
        status: "completed",
        conclusion: check.conclusion,
        title: check.title,
        summary: check.summary,
        text: check.text,
        annotations: check.annotations,
        detailsUrl,
      };
      posted = { id: (await scm.createCheck(input)).id, input };
    }
    if (inputs.comment) {
      const body = renderComment(review);
      for (const pr of target.pullRequests) {
        const result = await scm.upsertReviewComment(pr.number, body, target.headSha);
        commentUrl ??= result.url;
      }
    }
  } catch (error) {
    const denied = writeDenied(error);
    if (denied !== undefined) return { commentUrl, denied };
    if (!posted || !isMlgateError(error)) throw error;
    // The check run already carries the verdict and the whole review: a comment GitHub failed to
    // take must not turn it into "could not review". The check says what went wrong instead.
    const commentError = `The review comment could not be published: ${error.toUserMessage()}`;
    const { headSha: _, ...input } = posted.input;
    await scm.updateCheck(posted.id, {
      ...input,
      annotations: [],
      summary: `${input.summary}\n\n> ⚠️ ${escapeMarkdown(commentError, 600)}`,
    });
    return { commentUrl, denied: undefined, commentError };
  }
  return { commentUrl, denied: undefined };
}
