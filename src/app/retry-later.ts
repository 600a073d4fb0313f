import { GitHubError, StoreError } from "../core/errors.js";
import type { FlowContext } from "./flow-context.js";

/**
 * Whether `error` is a passing failure a job queue will retry (GitHub's rate limit, 5xx or no
 * answer; the service's store failing): then it is better thrown than written into a concluded
 * check.
 */
export function retryLater(ctx: FlowContext, error: unknown): boolean {
  if (!ctx.canRetry?.()) return false;
  if (error instanceof StoreError) return true;
  if (!(error instanceof GitHubError)) return false;
  return error.retryAfterSeconds !== undefined || error.status === undefined || error.status >= 500;
}
