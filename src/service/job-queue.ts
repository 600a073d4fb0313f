import type { Delivery } from "./delivery.js";

/** A delivery waiting or running in the queue. */
export interface QueuedJob {
  readonly delivery: Delivery;
  /** 1 on the first run; counts reschedules and retries. */
  readonly attempt: number;
  /** When the delivery was enqueued (ms since the epoch). */
  readonly enqueuedAt: number;
}

/** What became of one run of a job: a typed outcome, not an exception. */
export type JobOutcome =
  | { readonly kind: "done" }
  /** Run it again after `delayMs` (a rate limit's `Retry-After`, a back-off); no worker waits. */
  | { readonly kind: "retry"; readonly delayMs: number; readonly reason: string }
  /** Give up: the handler has already said so where it could (a concluded check, the log). */
  | { readonly kind: "failed"; readonly reason: string };

/** Runs one job; never throws (a thrown error is treated as `failed`). */
export type JobHandler = (job: QueuedJob) => Promise<JobOutcome>;

/** How many jobs are where, for `/metrics` and `/readyz`. */
export interface QueueDepth {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
}

/**
 * The durable queue of verified deliveries between the webhook intake and the workers: embedded
 * (SQLite) for one process, BullMQ on Redis for replicas. A delivery id is taken once, so GitHub's
 * redeliveries and the start-up redelivery never run a review twice.
 */
export interface JobQueue {
  /** `queued`, or `duplicate` when this delivery id was already taken. Answers at once. */
  enqueue(delivery: Delivery): Promise<"queued" | "duplicate">;
  /** Starts `concurrency` workers running `handler`. */
  start(handler: JobHandler, concurrency: number): void;
  /** Another connection (the intake's) queued a job: look for work now, not at the next poll. */
  notify(): void;
  depth(): Promise<QueueDepth>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  /**
   * Stops taking jobs, waits up to `graceMs` for the running ones, and leaves the rest (and any
   * still running) to be resumed by the next process or another replica.
   */
  stop(graceMs: number): Promise<void>;
}
