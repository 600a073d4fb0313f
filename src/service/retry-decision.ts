import { GitHubError } from "../core/errors.js";

/** Attempts a job gets before it is given up (each after a wait, none holding a worker). */
export const MAX_ATTEMPTS = 8;

/** Whether and when to run a failed job again. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  | { readonly retry: false; readonly reason: string };

/**
 * Decides from what a job threw: a rate limit is waited out for its `Retry-After`; a GitHub
 * outage or timeout backs off (30 s, 1 min, 2 min … up to 15 min); anything else is final.
 */
export function retryDecision(errors: readonly unknown[], attempt: number): RetryDecision {
  const reason = errors.map((e) => (e instanceof Error ? e.message : String(e))).join("; ");
  if (attempt >= MAX_ATTEMPTS) return { retry: false, reason };
  const github = errors.filter((e): e is GitHubError => e instanceof GitHubError);
  if (github.length === 0 || github.length < errors.length) return { retry: false, reason };
  const waits = github.map((e) => e.retryAfterSeconds).filter((s): s is number => s !== undefined);
  if (waits.length > 0) {
    return { retry: true, delayMs: Math.max(...waits) * 1000 + 250, reason };
  }
  const transient = github.every((e) => e.status === undefined || e.status >= 500);
  if (!transient) return { retry: false, reason };
  return { retry: true, delayMs: Math.min(15 * 60_000, 30_000 * 2 ** (attempt - 1)), reason };
}
