import Database from "better-sqlite3";
import pino from "pino";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { GitHubError, InputError, StoreError } from "../../src/core/errors.js";
import { createJobHandler } from "../../src/service/create-job-handler.js";
import type { Delivery } from "../../src/service/delivery.js";
import { guardStoreErrors } from "../../src/service/guard-store-errors.js";
import type { JobQueue } from "../../src/service/job-queue.js";
import { redriveStrandedJobs, STRANDED } from "../../src/service/redrive-stranded-jobs.js";
import { retryDecision } from "../../src/service/retry-decision.js";
import { createServiceMetrics } from "../../src/service/service-metrics.js";
import { SqliteRecordStore } from "../../src/service/sqlite-record-store.js";

const log = pino({ level: "silent" });
const metrics = () => createServiceMetrics(async () => ({ waiting: 0, active: 0, delayed: 0 }));

/** A record store whose database is gone: every call fails as the store's own error. */
function brokenStore() {
  const db = new Database(":memory:");
  const store = new SqliteRecordStore(db);
  db.close();
  return store;
}

const pushed: Delivery = {
  id: "d-1",
  name: "pull_request",
  payload: {
    action: "synchronize",
    repository: { full_name: "octo/repo" },
    pull_request: { number: 7, head: { sha: "a".repeat(40) } },
  },
};

describe("the service's store failing", () => {
  it("arrives as a StoreError naming the failure; mlgate's own errors pass unchanged", async () => {
    const records = guardStoreErrors(brokenStore());
    const error = await records.get("head", "octo/repo#7").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).toUserMessage()).toMatch(/^mlgate's job store failed: .*not open/);

    const own = new InputError("bad file");
    const passing = guardStoreErrors({
      ...brokenStore(),
      get: async () => {
        throw own;
      },
    } as unknown as SqliteRecordStore);
    await expect(passing.get("a", "b")).rejects.toBe(own);

    // A stored value that does not parse fails the same way every time: not the store's failure.
    const db = new Database(":memory:");
    const damaged = new SqliteRecordStore(db);
    await damaged.put("head", "octo/repo#7", { sha: "a" });
    db.prepare("UPDATE records SET value = '{\"sha' WHERE key = ?").run("octo/repo#7");
    const parse = await guardStoreErrors(damaged)
      .get("head", "octo/repo#7")
      .catch((e: unknown) => e);
    expect(parse).toBeInstanceOf(SyntaxError);
  });

  it("is retried with a back-off like a GitHub outage, and kept to run again once attempts run out", () => {
    const store = new StoreError("mlgate's job store failed: database is locked (SQLITE_BUSY)");
    expect(retryDecision([store], 1)).toMatchObject({ retry: true, delayMs: 30_000 });
    expect(
      retryDecision([store, new GitHubError("502", { endpoint: "x", status: 502 })], 2),
    ).toMatchObject({ retry: true, delayMs: 60_000 });
    expect(retryDecision([store], 8)).toMatchObject({ retry: false, stranded: true });
    // With a real fault beside it, the fault decides.
    expect(retryDecision([store, new Error("bug")], 1)).toMatchObject({
      retry: false,
      stranded: false,
    });
  });

  it("before the review starts (the newest-head look) asks the queue to run the job again", async () => {
    let reviewed = 0;
    const handler = createJobHandler({
      probot: {
        receive: async () => {
          reviewed++;
        },
      } as unknown as Probot,
      records: guardStoreErrors(brokenStore()),
      metrics: metrics(),
      log,
    });
    const outcome = await handler({ delivery: pushed, attempt: 1, enqueuedAt: 0 });
    expect(outcome).toMatchObject({ kind: "retry", delayMs: 30_000 });
    expect(outcome.kind === "retry" && outcome.reason).toContain("job store failed");
    expect(reviewed).toBe(0);
  });

  it("while re-driving a given-up review keeps it listed for the next look, and queues it once", async () => {
    const records = guardStoreErrors(new SqliteRecordStore(new Database(":memory:")));
    await records.put(
      STRANDED,
      "d-1",
      { delivery: pushed, at: "2026-12-01T00:00:00Z", redrives: 0 },
      { listed: true },
    );
    const queued: string[] = [];
    let fail = true;
    const queue = {
      enqueue: async (delivery: Delivery) => {
        if (fail) throw new Error("SQLITE_FULL: database or disk is full");
        queued.push(delivery.id);
        return "queued";
      },
    } as unknown as JobQueue;
    await expect(redriveStrandedJobs({ records, queue, log })).rejects.toThrow(/disk is full/);
    expect(await records.list(STRANDED)).toHaveLength(1);

    fail = false;
    // The look's claim lasts a minute; a later look (another replica, or after it) takes it.
    await records.delete(`${STRANDED}-claim`, "d-1");
    expect(await redriveStrandedJobs({ records, queue, log })).toBe(1);
    expect(queued).toEqual(["d-1~redrive-1"]);
    expect(await records.list(STRANDED)).toEqual([]);
  });
});
