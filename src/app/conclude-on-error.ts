import { ConfigError, isMlgateError, StoreError } from "../core/errors.js";
import { escapeMarkdown } from "../core/render/escape.js";
import { configErrorCheck } from "../review/config-error-check.js";
import { publishCheck } from "../review/publish-check.js";
import { jobSubject, type ReviewJob } from "../review/review-job.js";
import { concludeOpenCheck } from "./conclude-open-check.js";
import type { FlowContext } from "./flow-context.js";
import { retryLater } from "./retry-later.js";

/**
 * Runs one pull request's work so that its check always concludes. mlgate's own errors (GitHub
 * refused or failed, an artifact or a file cannot be used) conclude the check with their message,
 * which is the handling. Anything else is a bug: the check says so, and the error is rethrown for
 * the log and the delivery's status.
 */
export async function concludeOnError(
  ctx: FlowContext,
  job: ReviewJob,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (retryLater(ctx, error)) {
      ctx.log.warn(
        `mlgate: ${jobSubject(job)} ${job.headSha.slice(0, 7)} will be retried: ${(error as Error).message}`,
      );
      throw error;
    }
    const known = isMlgateError(error);
    ctx.log.warn(
      { err: error },
      `mlgate: ${jobSubject(job)} ${job.headSha.slice(0, 7)} could not be reviewed`,
    );
    try {
      await publishCheck(
        ctx.scm,
        job,
        error instanceof ConfigError
          ? configErrorCheck(error.problems)
          : {
              status: "completed",
              conclusion: "failure",
              title: known ? "mlgate could not review this commit" : "mlgate failed",
              summary: known
                ? // The message can carry artifact file and metric names: escape them like any artifact text.
                  `${escapeMarkdown(error.toUserMessage(), 500)}\n\nRe-run this check once the cause is fixed.`
                : "mlgate hit an internal error while reviewing this commit (details are in the app's log). Re-run this check to try again.",
              existing: "remembered",
            },
        ctx.state.checks,
      );
      if (error instanceof ConfigError) return;
    } catch (publishError) {
      ctx.log.error({ err: publishError }, "mlgate: could not conclude the check after an error");
      // The store failed while concluding: the job is run again, rather than ending on an error
      // whose check may still be open.
      if (publishError instanceof StoreError) throw publishError;
      // Creating a check run failed: an open one mlgate made earlier may still take the failure.
      if (known && (await concludeOpenCheck(ctx, job.headSha, error))) return;
      throw error;
    }
    if (!known) throw error;
  }
}
