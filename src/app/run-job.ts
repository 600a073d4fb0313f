import { type PlanOptions, planReview } from "../review/plan-review.js";
import { publishReview } from "../review/publish-review.js";
import { jobSubject, type ReviewJob } from "../review/review-job.js";
import { concludeOnError } from "./conclude-on-error.js";
import type { FlowContext } from "./flow-context.js";
import { retryLater } from "./retry-later.js";

/**
 * Runs one review job to the end: plan, then publish, one pull request (or merge group) at a
 * time, with the check concluded whatever fails.
 */
export async function runJob(
  ctx: FlowContext,
  job: ReviewJob,
  options: PlanOptions = {},
): Promise<void> {
  const pullNumber = job.pullNumber;
  // A merge group's head is its own unit: no pull request's deliveries touch its check.
  const lock = job.mergeGroup
    ? `${ctx.scm.repository}@${job.headSha}`
    : pullNumber === undefined
      ? undefined
      : `${ctx.scm.repository}#${pullNumber}`;
  if (lock === undefined) return;
  const subject = jobSubject(job);
  await ctx.state.locks.run(lock, () =>
    concludeOnError(ctx, job, async () => {
      const plan = await planReview(job, ctx.scm, {
        ...options,
        history: {
          records: ctx.state.history,
          now: ctx.now(),
          warn: (message) => ctx.log.warn(`mlgate: ${ctx.scm.repository}: ${message}`),
        },
      });
      const published = await publishReview(plan, ctx.scm, {
        checks: ctx.state.checks,
        // The verdict stands; a queue runs the whole review again later to publish the comment.
        retryComment: (error) => retryLater(ctx, error),
      });
      if (plan.outcome !== "reviewed") {
        ctx.log.debug(`mlgate: ${subject} ${plan.outcome}: ${plan.note}`);
        return;
      }
      const comment = published.comment;
      const said =
        comment.outcome === "failed"
          ? `not published (${comment.message})`
          : job.mergeGroup
            ? "none (a merge group has only its check)"
            : comment.outcome;
      const line = `mlgate: ${subject} ${job.headSha.slice(0, 7)} ${plan.review?.verdict}; comment ${said}`;
      // A comment lost for good is an operator's business.
      if (comment.outcome === "failed") ctx.log.error(line);
      else ctx.log.info(line);
    }),
  );
}
