import { GitHubError } from "../core/errors.js";

/** When and how long to retry a GitHub call. */
export interface RetryPolicy {
  /** Extra attempts after a 5xx or a timeout, for calls that are safe to repeat. */
  readonly serverErrorRetries: number;
  /** Extra attempts after a rate limit (the request was refused, so any call may repeat). */
  readonly rateLimitRetries: number;
  /** Longest `Retry-After` waited for; a longer wait fails at once with the wait in the message. */
  readonly maxWaitSeconds: number;
  /** First back-off after a server error; doubled each time. */
  readonly backoffMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Defaults: two retries with 1 s and 2 s back-off, up to a minute's wait on rate limits. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  serverErrorRetries: 2,
  rateLimitRetries: 2,
  maxWaitSeconds: 60,
  backoffMs: 1000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs `call`, retrying `GitHubError`s that are worth retrying: rate limits (after their
 * `Retry-After`), and server errors or timeouts when `idempotent`. A POST that timed out may have
 * happened, so it is not repeated here; callers that can make a write idempotent (find, then
 * create) retry the whole operation instead.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  idempotent: boolean,
): Promise<T> {
  let serverRetries = 0;
  let rateRetries = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      if (error.retryAfterSeconds !== undefined) {
        if (
          rateRetries >= policy.rateLimitRetries ||
          error.retryAfterSeconds > policy.maxWaitSeconds
        ) {
          throw error;
        }
        rateRetries++;
        await policy.sleep(error.retryAfterSeconds * 1000);
        continue;
      }
      const transient = error.status === undefined || error.status >= 500;
      if (!transient || !idempotent || serverRetries >= policy.serverErrorRetries) throw error;
      await policy.sleep(policy.backoffMs * 2 ** serverRetries);
      serverRetries++;
    }
  }
}
