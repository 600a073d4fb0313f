import { isMlgateError } from "../core/errors.js";
import { escapeMarkdown } from "../core/render/escape.js";
import type { CommentResult, Scm } from "../scm/scm.js";
import type { CheckLedger } from "./check-ledger.js";
import { type CheckPublished, publishCheck } from "./publish-check.js";
import type { ReviewPlan } from "./review-plan.js";
import { writeDenied } from "./write-denied.js";

/** Where publishing keeps its memory of check runs; nothing is remembered without a ledger. */
export interface PublishOptions {
  readonly checks?: CheckLedger | undefined;
  /**
   * Whether a comment GitHub did not take is worth another try later (a job queue will run the
   * job again): then, once the check says so, the error is thrown instead of returned.
   */
  readonly retryComment?: ((error: unknown) => boolean) | undefined;
}

/** What publishing did, typed: the check, then the comment. */
export interface PublishResult {
  /** Undefined when the plan has no check. */
  readonly check: CheckPublished | undefined;
  readonly comment:
    | { readonly outcome: "none" }
    | CommentResult
    /**
     * GitHub did not take the comment; the check says so. `message` is plain text; `denied` is
     * set when the token may not write comments.
     */
    | { readonly outcome: "failed"; readonly message: string; readonly denied: string | undefined };
}

/**
 * Publishes a plan: the check run first (it is what a branch protection rule reads), then the
 * sticky comment. When GitHub fails to take the comment the check is amended to say so, escaped
 * like any text that may quote an artifact, and the verdict stands. A check skipped because a
 * newer attempt already concluded it also skips the comment: that attempt published its own.
 *
 * @throws mlgate's errors from the check, and anything not mlgate's
 */
export async function publishReview(
  plan: ReviewPlan,
  scm: Scm,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const { job } = plan;
  // Without a ledger the check run created here is still the one a failed comment amends.
  const ledger = options.checks ?? new Map();
  const check = plan.check ? await publishCheck(scm, job, plan.check, ledger) : undefined;
  if (plan.comment === undefined || job.pullNumber === undefined) {
    return { check, comment: { outcome: "none" } };
  }
  if (check?.outcome === "skipped") return { check, comment: { outcome: "none" } };
  try {
    return {
      check,
      comment: await scm.upsertReviewComment(job.pullNumber, plan.comment, job.headSha),
    };
  } catch (error) {
    if (!isMlgateError(error) || !plan.check || !check) throw error;
    const message = `The review comment could not be published: ${error.toUserMessage()}`;
    await publishCheck(
      scm,
      job,
      { ...plan.check, summary: `${plan.check.summary}\n\n> ⚠️ ${escapeMarkdown(message, 600)}` },
      ledger,
    );
    if (options.retryComment?.(error)) throw error;
    return { check, comment: { outcome: "failed", message, denied: writeDenied(error) } };
  }
}
