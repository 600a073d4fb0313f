import { AsyncLocalStorage } from "node:async_hooks";
import type { DeliveryFacts } from "./delivery-facts.js";

/** The job a piece of code runs for: what its log lines carry, and whether it may be retried. */
export interface JobScope {
  readonly delivery: string;
  readonly event: string;
  readonly facts: DeliveryFacts;
  readonly attempt: number;
  /** Whether the queue will run the job again if it asks to (false on the last attempt). */
  readonly canRetry: boolean;
}

/** The current job, across every `await` of its handling. */
export const jobScope = new AsyncLocalStorage<JobScope>();

/** The log fields of the current job: delivery id, repository, pull request, head SHA. */
export function jobLogFields(): Record<string, unknown> {
  const scope = jobScope.getStore();
  if (!scope) return {};
  const { repository, pullNumber, headSha } = scope.facts;
  return {
    delivery: scope.delivery,
    event: scope.event,
    ...(repository ? { repo: repository } : {}),
    ...(pullNumber !== undefined ? { pr: pullNumber } : {}),
    ...(headSha ? { sha: headSha } : {}),
    attempt: scope.attempt,
  };
}
