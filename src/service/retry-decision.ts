import { GitHubError, StoreError } from "../core/errors.js";

/** Attempts a job gets by default before it is given up (each after a wait, none holding a worker). */
export const MAX_ATTEMPTS = 8;

/** Whether and when to run a failed job again. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  /** `stranded`: GitHub or the store was still failing when the attempts ran out; worth running again later. */
  | { readonly retry: false; readonly reason: string; readonly stranded: boolean };

/**
 * Decides from what a job threw: a rate limit is waited out for its `Retry-After`; a GitHub
 * outage or timeout, or the service's own store failing, backs off (30 s, 1 min, 2 min … up to
 * 15 min); anything else is final.
 */
export function retryDecision(
  errors: readonly unknown[],
  attempt: number,
  maxAttempts = MAX_ATTEMPTS,
): RetryDecision {
  const reason = errors.map((e) => (e instanceof Error ? e.message : String(e))).join("; ");
  const github = errors.filter((e): e is GitHubError => e instanceof GitHubError);
  const store = errors.filter((e) => e instanceof StoreError);
  if (errors.length === 0 || github.length + store.length < errors.length) {
    return { retry: false, reason, stranded: false };
  }
  const waits = github.map((e) => e.retryAfterSeconds).filter((s): s is number => s !== undefined);
  const transient = github.every((e) => e.status === undefined || e.status >= 500);
  if (waits.length === 0 && !transient) return { retry: false, reason, stranded: false };
  if (attempt >= maxAttempts) return { retry: false, reason, stranded: true };
  if (waits.length > 0) {
    return { retry: true, delayMs: Math.max(...waits) * 1000 + 250, reason };
  }
  return { retry: true, delayMs: Math.min(15 * 60_000, 30_000 * 2 ** (attempt - 1)), reason };
}
