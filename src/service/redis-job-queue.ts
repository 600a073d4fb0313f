import { DelayedError, type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Delivery } from "./delivery.js";
import type { JobHandler, JobOutcome, JobQueue, QueueDepth } from "./job-queue.js";
import type { RecordStore } from "./record-store.js";

/** What a BullMQ job carries. */
interface StoredJob {
  readonly delivery: Delivery;
  readonly attempt: number;
  readonly enqueuedAt: number;
}

/** Tuning of the shared queue; production defaults. */
export interface RedisJobQueueOptions {
  /** Prefix of every key in Redis (one per installation of mlgate sharing a Redis). */
  readonly prefix: string;
  /** How long a finished delivery's id is remembered (a redelivery within it is a duplicate). */
  readonly keepDoneMs?: number | undefined;
  /** How long a worker's hold on a job lasts without renewal; a killed replica's job is retaken after it. */
  readonly lockMs?: number | undefined;
}

const QUEUE = "mlgate-deliveries";
const DEDUPE = "delivery";
const DAY = 24 * 60 * 60 * 1000;

/**
 * The shared job queue: BullMQ on Redis. Every replica adds to and works from the same queue;
 * a job held by a replica that dies is retaken by another once its lock lapses (BullMQ's stalled
 * check), and a delivery id is taken once across all of them.
 */
export class RedisJobQueue implements JobQueue {
  readonly #queue: Queue;
  readonly #redis: Redis;
  readonly #records: RecordStore;
  readonly #options: RedisJobQueueOptions;
  #worker: Worker | undefined;

  constructor(redis: Redis, records: RecordStore, options: RedisJobQueueOptions) {
    this.#redis = redis;
    this.#records = records;
    this.#options = options;
    this.#queue = new Queue(QUEUE, { connection: redis, prefix: options.prefix });
    // Else BullMQ prints each failed reconnect with its stack; the connection's owner reports
    // them, and commands fail or wait on their own.
    this.#queue.on("error", () => {});
  }

  async enqueue(delivery: Delivery): Promise<"queued" | "duplicate"> {
    // Claimed briefly first: if this process dies before the job is stored, the claim lapses and
    // a redelivery of the same id is taken again.
    if (!(await this.#records.putIfAbsent(DEDUPE, delivery.id, "claimed", { ttlMs: 60_000 }))) {
      return "duplicate";
    }
    try {
      const data: StoredJob = { delivery, attempt: 1, enqueuedAt: Date.now() };
      await this.#queue.add(delivery.name, data, {
        // BullMQ refuses ':' in ids; GitHub's are GUIDs, and a redelivery keeps its id.
        jobId: `d-${delivery.id.replaceAll(":", "_")}`,
        removeOnComplete: { age: 60 * 60, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 60 * 60 },
      });
    } catch (error) {
      await this.#records.delete(DEDUPE, delivery.id).catch(() => undefined);
      throw error;
    }
    await this.#records.put(DEDUPE, delivery.id, "queued", {
      ttlMs: this.#options.keepDoneMs ?? 3 * DAY,
    });
    return "queued";
  }

  start(handler: JobHandler, concurrency: number): void {
    const lockDuration = this.#options.lockMs ?? 30_000;
    this.#worker = new Worker(
      QUEUE,
      async (job: Job, token?: string) => {
        const data = job.data as StoredJob;
        let outcome: JobOutcome;
        try {
          outcome = await handler(data);
        } catch (error) {
          outcome = {
            kind: "failed",
            reason: error instanceof Error ? error.message : String(error),
          };
        }
        if (outcome.kind === "retry") {
          await job.updateData({ ...data, attempt: data.attempt + 1 });
          await job.moveToDelayed(Date.now() + outcome.delayMs, token);
          throw new DelayedError();
        }
        // The payload is no longer needed by anyone; keep Redis small.
        await job.updateData({ ...data, delivery: { ...data.delivery, payload: {} } });
        return outcome;
      },
      {
        connection: this.#redis.duplicate({ maxRetriesPerRequest: null }),
        prefix: this.#options.prefix,
        concurrency: Math.max(1, concurrency),
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        // A job whose replica was killed is retaken, not failed: the review must still happen.
        maxStalledCount: 10,
      },
    );
    this.#worker.on("error", () => {
      // Connection errors are retried by ioredis; `/readyz` reports a Redis that stays away.
    });
  }

  notify(): void {
    // BullMQ's workers hear of new jobs from Redis itself.
  }

  async depth(): Promise<QueueDepth> {
    const counts = await this.#queue.getJobCounts("wait", "prioritized", "active", "delayed");
    return {
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
    };
  }

  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  async stop(graceMs: number): Promise<void> {
    const worker = this.#worker;
    if (worker) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        worker.close(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    // Jobs still running keep their lock until it lapses; another replica (or the next start)
    // then takes them again.
    await this.#queue.close().catch(() => undefined);
  }
}
