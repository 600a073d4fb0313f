import pino from "pino";
import { describe, expect, it } from "vitest";
import { createAppState } from "../../src/app/app-state.js";
import { concludeOnError } from "../../src/app/conclude-on-error.js";
import type { FlowContext } from "../../src/app/flow-context.js";
import { InputError, StoreError } from "../../src/core/errors.js";
import type { CheckMemo } from "../../src/review/check-ledger.js";
import type { ReviewJob } from "../../src/review/review-job.js";
import { MemoryScm } from "../helpers/memory-scm.js";

const job: ReviewJob = {
  repository: "octo/models",
  pullNumber: 7,
  headSha: "a".repeat(40),
  trigger: { kind: "workflow_run" },
} as ReviewJob;

const storeDown = () =>
  new StoreError("mlgate's job store failed: database is locked (SQLITE_BUSY)");

/** A flow whose check memos live in a store that fails. */
function flow(options: { canRetry: boolean; memosFail: boolean }): {
  ctx: FlowContext;
  scm: MemoryScm;
} {
  const scm = new MemoryScm();
  const memos = new Map<string, CheckMemo>();
  const checks = {
    get: async (key: string) => {
      if (options.memosFail) throw storeDown();
      return memos.get(key);
    },
    set: async (key: string, value: CheckMemo) => {
      if (options.memosFail) throw storeDown();
      memos.set(key, value);
    },
  };
  const ctx: FlowContext = {
    scm,
    state: createAppState({ checks: checks as never }),
    log: pino({ level: "silent" }),
    now: () => new Date("2026-12-07T00:00:00Z"),
    canRetry: () => options.canRetry,
  };
  return { ctx, scm };
}

describe("the service's store failing during a review", () => {
  it("is thrown for the queue to run the job again, even on the last attempt, with no check concluded over it", async () => {
    for (const canRetry of [true, false]) {
      const { ctx, scm } = flow({ canRetry, memosFail: false });
      const error = storeDown();
      await expect(
        concludeOnError(ctx, job, async () => {
          throw error;
        }),
      ).rejects.toBe(error);
      expect(scm.checks).toEqual([]);
    }
  });

  it("while concluding another error's check, sends the job back rather than ending on that error", async () => {
    const { ctx } = flow({ canRetry: true, memosFail: true });
    await expect(
      concludeOnError(ctx, job, async () => {
        throw new InputError("metrics.json is not JSON");
      }),
    ).rejects.toBeInstanceOf(StoreError);
  });
});
