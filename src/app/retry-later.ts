import { GitHubError, StoreError } from "../core/errors.js";
import type { FlowContext } from "./flow-context.js";

/**
 * Whether `error` is a passing failure a job queue will retry (GitHub's rate limit, 5xx or no
 * answer, while attempts remain; the service's store failing, always): then it is better thrown
 * than written into a concluded check.
 */
export function retryLater(ctx: FlowContext, error: unknown): boolean {
  // Even on the last attempt: the service's own store is no fault of the commit, and a check
  // concluded over it could overwrite a verdict already published. The queue keeps the job to
  // run again later instead.
  if (error instanceof StoreError) return true;
  if (!(error instanceof GitHubError) || !ctx.canRetry?.()) return false;
  return error.retryAfterSeconds !== undefined || error.status === undefined || error.status >= 500;
}
