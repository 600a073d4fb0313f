import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { QueuedJob } from "../../src/service/job-queue.js";
import { SqliteJobQueue } from "../../src/service/sqlite-job-queue.js";
import { until } from "./app-process.js";
import { tempDataDir } from "./backends.js";

// The workers' connection and another process's, on one file, as in production (WAL); a short
// busy timeout so a lock outlasts it in milliseconds.
let data: ReturnType<typeof tempDataDir>;
let db: Database.Database;
let other: Database.Database;
let queue: SqliteJobQueue | undefined;
const errors: unknown[] = [];

beforeEach(() => {
  data = tempDataDir();
  db = new Database(join(data.dir, "mlgate.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 50");
  other = new Database(join(data.dir, "mlgate.db"));
  errors.length = 0;
});
afterEach(async () => {
  if (other.inTransaction) other.exec("ROLLBACK");
  await queue?.stop(1000);
  queue = undefined;
  other.close();
  db.close();
  data.remove();
});

function open(): SqliteJobQueue {
  queue = new SqliteJobQueue(db, { pollMs: 10, onStoreError: (error) => errors.push(error) });
  return queue;
}

function delivery(id: string) {
  return { id, name: "workflow_run", payload: { action: "completed" } };
}

function stateOf(id: string): string | undefined {
  const row = other.prepare("SELECT state FROM jobs WHERE id = ?").get(id) as
    | { state: string }
    | undefined;
  return row?.state;
}

/**
 * Runs one job that finishes while another connection holds the write lock, so the store refuses
 * its outcome; resolves with the lock still held and the refusal reported. Returns the ids run.
 */
async function finishWhileLocked(q: SqliteJobQueue, id: string): Promise<string[]> {
  let finish: () => void = () => {};
  const ran: string[] = [];
  q.start(async (job: QueuedJob) => {
    ran.push(job.delivery.id);
    await new Promise<void>((resolve) => {
      finish = resolve;
    });
    return { kind: "done" };
  }, 1);
  await q.enqueue(delivery(id));
  await until(() => stateOf(id) === "active", "the job running", 10_000);
  other.exec("BEGIN EXCLUSIVE");
  finish();
  await until(() => errors.length > 0, "the failed write reported", 10_000);
  return ran;
}

it("keeps running jobs after another connection held the store's lock past its busy timeout", async () => {
  const q = open();
  const ran: string[] = [];
  q.start(async (job: QueuedJob) => {
    ran.push(job.delivery.id);
    return { kind: "done" };
  }, 2);

  other.exec("BEGIN EXCLUSIVE");
  // The workers look for jobs and cannot take the write lock: said once, not thrown.
  await until(() => errors.length > 0, "the store error reported", 10_000);
  expect(errors[0]).toMatchObject({ code: "SQLITE_BUSY" });
  // Reads still work; readiness must not say the workers are fine.
  await expect(q.ping()).rejects.toThrow(/not been able to write to its store since/);
  other.exec("COMMIT");

  expect(await q.enqueue(delivery("d-after"))).toBe("queued");
  await until(() => ran.includes("d-after"), "the job queued after the lock", 10_000);
  await until(() => stateOf("d-after") === "done", "its outcome written", 10_000);
  // The recovery is said too, and each failure streak is reported once.
  await until(() => errors.at(-1) === undefined, "the recovery reported", 10_000);
  expect(errors.filter((e) => e !== undefined)).toHaveLength(1);
  expect(ran).toEqual(["d-after"]);
  await expect(q.ping()).resolves.toBeUndefined();
});

it("writes the outcome of a job that finished while the store was locked, without running it again", async () => {
  const ran = await finishWhileLocked(open(), "d-running");
  expect(stateOf("d-running")).toBe("active");
  other.exec("COMMIT");

  await until(
    () => stateOf("d-running") === "done",
    "the outcome written once the lock is gone",
    10_000,
  );
  expect(ran).toEqual(["d-running"]);
});

it("leaves a job whose outcome the store never took to the next process, on stop", async () => {
  const q = open();
  await finishWhileLocked(q, "d-stopped");
  await q.stop(1000);
  other.exec("COMMIT");

  // The next process's queue resumes it.
  const next = new SqliteJobQueue(other, { pollMs: 10 });
  expect(next.resumed).toBe(1);
  expect(stateOf("d-stopped")).toBe("waiting");
});

it("fails a job whose stored payload is damaged, says which, and runs the ones after it", async () => {
  const damaged: string[] = [];
  queue = new SqliteJobQueue(db, { pollMs: 10, onDamagedJob: (id) => damaged.push(id) });
  const q = queue;
  await q.enqueue(delivery("d-damaged"));
  await q.enqueue(delivery("d-fine"));
  other.prepare("UPDATE jobs SET payload = '{\"act' WHERE id = ?").run("d-damaged");
  const ran: string[] = [];
  q.start(async (job: QueuedJob) => {
    ran.push(job.delivery.id);
    return { kind: "done" };
  }, 1);
  await until(() => stateOf("d-fine") === "done", "the job after it run", 10_000);
  expect(stateOf("d-damaged")).toBe("failed");
  expect(damaged).toEqual(["d-damaged"]);
  expect(ran).toEqual(["d-fine"]);
});

it("writes on stop what the store refused earlier, when it takes writes again", async () => {
  const q = open();
  await finishWhileLocked(q, "d-late");
  other.exec("COMMIT");
  // No job running any more: the stop still writes the outcome it holds.
  await q.stop(1000);
  expect(stateOf("d-late")).toBe("done");
});
