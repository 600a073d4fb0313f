import { describe, expect, test } from "vitest";
import { KeyedMutex } from "../../src/app/keyed-mutex.js";
import { matchesWorkflow } from "../../src/app/matches-workflow.js";
import { formatExternalId, parseExternalId } from "../../src/review/check-external-id.js";
import { touchesPaths } from "../../src/review/touches-paths.js";
import type { WorkflowRun } from "../../src/scm/scm.js";

describe("KeyedMutex", () => {
  test("runs one key's tasks in order, other keys alongside", async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const task = (name: string, ms: number) => () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          order.push(name);
          resolve();
        }, ms),
      );
    await Promise.all([
      mutex.run("pr1", task("pr1-slow", 30)),
      mutex.run("pr1", task("pr1-fast", 1)),
      mutex.run("pr2", task("pr2", 5)),
    ]);
    expect(order).toEqual(["pr2", "pr1-slow", "pr1-fast"]);
  });

  test("a failing task does not block the next", async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run("k", async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await mutex.run("k", async () => 1)).toBe(1);
  });
});

test("check bookkeeping round-trips and ignores ids that are not mlgate's", () => {
  expect(parseExternalId(formatExternalId({ pullNumber: 2, runId: 9, attempt: 3 }))).toEqual({
    pullNumber: 2,
    runId: 9,
    attempt: 3,
  });
  expect(parseExternalId("mlgate:7")).toEqual({
    pullNumber: 7,
    runId: undefined,
    attempt: undefined,
  });
  expect(parseExternalId("ci-123")).toBeUndefined();
  expect(parseExternalId(undefined)).toBeUndefined();
});

test("a workflow is named by file, path or name", () => {
  const run = {
    workflowPath: ".github/workflows/train.yml",
    workflowName: "Train model",
  } as WorkflowRun;
  expect(matchesWorkflow(run, "train.yml")).toBe(true);
  expect(matchesWorkflow(run, ".github/workflows/train.yml")).toBe(true);
  expect(matchesWorkflow(run, "Train model")).toBe(true);
  expect(matchesWorkflow(run, "lint.yml")).toBe(false);
});

test("paths: globs match dotfiles and nested paths", () => {
  expect(touchesPaths([".dvc/config"], [".dvc/**"])).toBe(true);
  expect(touchesPaths(["src/model/a.py"], ["src/model/**"])).toBe(true);
  expect(touchesPaths(["README.md"], ["src/**"])).toBe(false);
});

test("the entry's default export is the app function `probot run` loads", async () => {
  const entry = await import("../../src/app/index.js");
  expect(typeof entry.default).toBe("function");
  expect(entry.CHECK_NAME).toBe("mlgate");
});
