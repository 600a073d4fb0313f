import { GitHubError } from "../core/errors.js";
import type { FlowContext } from "./flow-context.js";

/**
 * Whether `error` is a passing GitHub failure (a rate limit, a 5xx, no answer) that a job queue
 * will retry: then it is better thrown than written into a concluded check.
 */
export function retryLater(ctx: FlowContext, error: unknown): boolean {
  if (!(error instanceof GitHubError) || !ctx.canRetry?.()) return false;
  return error.retryAfterSeconds !== undefined || error.status === undefined || error.status >= 500;
}
