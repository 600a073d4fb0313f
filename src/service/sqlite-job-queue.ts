import type Database from "better-sqlite3";
import type { Delivery } from "./delivery.js";
import type { JobHandler, JobOutcome, JobQueue, QueueDepth, QueuedJob } from "./job-queue.js";

/** Tuning of the embedded queue; production defaults. */
export interface SqliteJobQueueOptions {
  /** How often waiting jobs are looked for when nothing wakes the queue. */
  readonly pollMs?: number | undefined;
  /** How long a finished delivery's id is remembered (a redelivery within it is a duplicate). */
  readonly keepDoneMs?: number | undefined;
  readonly now?: (() => number) | undefined;
  /**
   * Whether opening the queue resumes jobs left `active` (default true). False for a second
   * connection of the same process that only enqueues (the intake thread's): the workers' jobs
   * are running, not interrupted.
   */
  readonly resume?: boolean | undefined;
  /**
   * The store failed the workers' side (locked past the busy timeout, disk full, the file gone):
   * called with the error at the first failure and at most every 30 s while failures last, and
   * with `undefined` once the queue reads and writes again. The queue keeps trying meanwhile.
   */
  readonly onStoreError?: ((error: unknown) => void) | undefined;
  /** A job whose stored delivery no longer parses was failed without running: which one. */
  readonly onDamagedJob?: ((id: string) => void) | undefined;
}

interface JobRow {
  id: string;
  name: string;
  payload: string;
  attempt: number;
  enqueued_at: number;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The embedded job queue: one table in the SQLite database under the data folder. A job is
 * `waiting` (maybe until `run_at`), `active`, then `done` or `failed`. Jobs a killed process left
 * `active` are waiting again when the next one opens the queue, so a restart resumes them
 * without GitHub redelivering anything.
 */
export class SqliteJobQueue implements JobQueue {
  /** Jobs found interrupted (left running by a process that died) when the queue opened. */
  readonly resumed: number;
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #pollMs: number;
  readonly #keepDoneMs: number;
  readonly #running = new Set<Promise<void>>();
  readonly #sql: ReturnType<typeof statements>;
  #handler: JobHandler | undefined;
  #concurrency = 1;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;
  #lastPrune = 0;
  /** Outcomes of finished runs the store did not take yet: written before the next claim. */
  readonly #unrecorded: { job: QueuedJob; outcome: JobOutcome }[] = [];
  readonly #onStoreError: ((error: unknown) => void) | undefined;
  readonly #onDamagedJob: ((id: string) => void) | undefined;
  /** Since when the store has been failing, and when that was last reported. */
  #failingSince: number | undefined;
  #reportedAt = 0;

  constructor(db: Database.Database, options: SqliteJobQueueOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#pollMs = options.pollMs ?? 250;
    this.#keepDoneMs = options.keepDoneMs ?? 3 * DAY;
    this.#onStoreError = options.onStoreError;
    this.#onDamagedJob = options.onDamagedJob;
    db.exec(`CREATE TABLE IF NOT EXISTS jobs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      run_at INTEGER NOT NULL,
      enqueued_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      reason TEXT
    );
    CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (state, run_at, enqueued_at);`);
    // Prepared once: the intake enqueues on every delivery, and preparing costs more than running.
    this.#sql = statements(db);
    this.resumed = options.resume === false ? 0 : this.#sql.resumeActive.run(this.#now()).changes;
  }

  async enqueue(delivery: Delivery): Promise<"queued" | "duplicate"> {
    const now = this.#now();
    const inserted = this.#sql.insert.run(
      delivery.id,
      delivery.name,
      JSON.stringify(delivery.payload),
      now,
      now,
      now,
    ).changes;
    if (inserted === 0) return "duplicate";
    this.#wake(0);
    return "queued";
  }

  start(handler: JobHandler, concurrency: number): void {
    this.#handler = handler;
    this.#concurrency = Math.max(1, concurrency);
    this.#stopping = false;
    this.#wake(0);
  }

  notify(): void {
    this.#wake(0);
  }

  async depth(): Promise<QueueDepth> {
    const now = this.#now();
    const row = this.#sql.depth.get(now, now) as {
      waiting: number | null;
      active: number | null;
      delayed: number | null;
    };
    return { waiting: row.waiting ?? 0, active: row.active ?? 0, delayed: row.delayed ?? 0 };
  }

  async ping(): Promise<void> {
    this.#sql.ping.get();
    // Reads work while writes are refused (another connection's lock, a full disk): readiness
    // must still say the workers cannot take jobs.
    if (this.#failingSince !== undefined) {
      const since = new Date(this.#failingSince).toISOString();
      throw new Error(`the job queue has not been able to write to its store since ${since}`);
    }
  }

  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#running.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.#running]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    // Jobs still running stay `active` in the table: the next process resumes them. So do
    // finished ones whose outcome the store would still not take.
    for (const { job, outcome } of this.#unrecorded.splice(0)) {
      try {
        this.#record(job, outcome);
      } catch {
        break;
      }
    }
  }

  #wake(delayMs: number): void {
    if (this.#stopping || !this.#handler) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A timer's exception would end the process: every review it runs, and every check
      // it would conclude. A store that fails is tried again instead, as the intake's is.
      try {
        this.#pump();
      } catch (error) {
        this.#storeFailed(error);
        this.#wake(this.#pollMs * 20);
        return;
      }
      this.#storeWorks();
    }, delayMs);
  }

  #storeFailed(error: unknown): void {
    const now = this.#now();
    this.#failingSince ??= now;
    if (now - this.#reportedAt < 30_000) return;
    this.#reportedAt = now;
    this.#onStoreError?.(error);
  }

  #storeWorks(): void {
    if (this.#failingSince === undefined) return;
    this.#failingSince = undefined;
    this.#reportedAt = 0;
    this.#onStoreError?.(undefined);
  }

  #pump(): void {
    if (this.#stopping || !this.#handler) return;
    while (this.#unrecorded.length > 0) {
      const [first] = this.#unrecorded;
      if (!first) break;
      this.#record(first.job, first.outcome);
      this.#unrecorded.shift();
    }
    this.#prune();
    while (this.#running.size < this.#concurrency) {
      const job = this.#claim();
      if (!job) break;
      const run = this.#run(job).finally(() => {
        this.#running.delete(run);
        this.#wake(0);
      });
      this.#running.add(run);
    }
    const next = this.#sql.nextRunAt.get() as { at: number | null };
    let wait = next.at === null ? this.#pollMs : Math.max(0, next.at - this.#now());
    // Every worker busy with jobs waiting: the first to finish wakes the queue (`#run`), so only
    // the poll is needed; waking at once would spin on the table until then.
    if (wait === 0 && this.#running.size >= this.#concurrency) wait = this.#pollMs;
    this.#wake(Math.min(wait, this.#pollMs * 20));
  }

  #claim(): QueuedJob | undefined {
    const now = this.#now();
    // IMMEDIATE: the intake writes through a connection of its own, and a read that turns into a
    // write after another connection's commit would fail instead of waiting.
    return this.#db
      .transaction((): QueuedJob | undefined => {
        for (;;) {
          const row = this.#sql.nextReady.get(now) as JobRow | undefined;
          if (!row) return undefined;
          let payload: Record<string, unknown>;
          try {
            payload = JSON.parse(row.payload) as Record<string, unknown>;
          } catch {
            // A damaged row would otherwise come first again on every look, and stop the queue.
            this.#sql.finish.run("failed", now, "its stored payload is not JSON", row.id);
            this.#onDamagedJob?.(row.id);
            continue;
          }
          this.#sql.activate.run(now, row.id);
          return {
            delivery: { id: row.id, name: row.name, payload },
            attempt: row.attempt,
            enqueuedAt: row.enqueued_at,
          };
        }
      })
      .immediate();
  }

  async #run(job: QueuedJob): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await (this.#handler as JobHandler)(job);
    } catch (error) {
      outcome = { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
    }
    // A stop that timed out leaves the job to the next process: do not mark it after the fact.
    if (this.#stopping && outcome.kind === "retry") return;
    try {
      this.#record(job, outcome);
    } catch (error) {
      // The database closed under a job that outlived the shutdown grace: it stays `active`
      // and the next process resumes it.
      if (!this.#db.open) return;
      // Locked or full: the outcome is written before the next claim (or by the stop), so the
      // job neither stays `active` until a restart nor runs again.
      this.#unrecorded.push({ job, outcome });
      this.#storeFailed(error);
    }
  }

  #record(job: QueuedJob, outcome: JobOutcome): void {
    const now = this.#now();
    if (outcome.kind === "retry") {
      this.#sql.reschedule.run(now + outcome.delayMs, now, outcome.reason, job.delivery.id);
      return;
    }
    // The id stays (a redelivery is a duplicate); the payload is no longer needed.
    this.#sql.finish.run(
      outcome.kind,
      now,
      outcome.kind === "failed" ? outcome.reason : null,
      job.delivery.id,
    );
  }

  #prune(): void {
    const now = this.#now();
    if (now - this.#lastPrune < 10 * 60 * 1000) return;
    this.#lastPrune = now;
    this.#sql.prune.run(now - this.#keepDoneMs);
  }
}

function statements(db: Database.Database) {
  return {
    resumeActive: db.prepare(
      "UPDATE jobs SET state = 'waiting', updated_at = ? WHERE state = 'active'",
    ),
    insert: db.prepare(
      `INSERT OR IGNORE INTO jobs (id, name, payload, state, attempt, run_at, enqueued_at, updated_at)
       VALUES (?, ?, ?, 'waiting', 1, ?, ?, ?)`,
    ),
    depth: db.prepare(
      `SELECT
         SUM(state = 'waiting' AND run_at <= ?) AS waiting,
         SUM(state = 'active') AS active,
         SUM(state = 'waiting' AND run_at > ?) AS delayed
       FROM jobs WHERE state IN ('waiting', 'active')`,
    ),
    ping: db.prepare("SELECT 1"),
    nextRunAt: db.prepare("SELECT MIN(run_at) AS at FROM jobs WHERE state = 'waiting'"),
    nextReady: db.prepare(
      `SELECT id, name, payload, attempt, enqueued_at FROM jobs
       WHERE state = 'waiting' AND run_at <= ? ORDER BY run_at, enqueued_at LIMIT 1`,
    ),
    activate: db.prepare("UPDATE jobs SET state = 'active', updated_at = ? WHERE id = ?"),
    reschedule: db.prepare(
      "UPDATE jobs SET state = 'waiting', attempt = attempt + 1, run_at = ?, updated_at = ?, reason = ? WHERE id = ?",
    ),
    finish: db.prepare(
      "UPDATE jobs SET state = ?, payload = '{}', updated_at = ?, reason = ? WHERE id = ?",
    ),
    prune: db.prepare("DELETE FROM jobs WHERE state IN ('done', 'failed') AND updated_at < ?"),
  };
}
