import { describe, expect, test } from "vitest";
import { decideCheckWrite } from "../../src/review/decide-check-write.js";

const run = (id: number, attempt: number) => ({ id, attempt });

describe("decideCheckWrite (publishing rules, pure)", () => {
  test("nothing remembered: a new check run", () => {
    expect(decideCheckWrite(undefined, { completed: true, annotations: "" })).toEqual({
      kind: "create",
    });
  });

  test("an older attempt never replaces a newer one, open or concluded", () => {
    for (const completed of [true, false]) {
      const memo = { id: 1, run: run(5, 2), completed, annotations: "" };
      expect(decideCheckWrite(memo, { completed: true, run: run(5, 1), annotations: "" })).toEqual({
        kind: "skip",
        reason: "older-attempt",
      });
      expect(decideCheckWrite(memo, { completed: true, run: run(4, 9), annotations: "" })).toEqual({
        kind: "skip",
        reason: "older-attempt",
      });
    }
  });

  test("a concluded check goes back to in progress only for another attempt or run", () => {
    const memo = { id: 1, run: run(5, 1), completed: true, annotations: "" };
    expect(decideCheckWrite(memo, { completed: false, run: run(5, 1), annotations: "" })).toEqual({
      kind: "skip",
      reason: "already-concluded",
    });
    expect(decideCheckWrite(memo, { completed: false, run: run(5, 2), annotations: "" })).toEqual({
      kind: "update",
      id: 1,
      annotations: false,
    });
    const final = { id: 1, completed: true, annotations: "" };
    expect(decideCheckWrite(final, { completed: false, run: run(5, 2), annotations: "" })).toEqual({
      kind: "skip",
      reason: "already-concluded",
    });
  });

  test("annotations are sent once per check run", () => {
    const bare = { id: 1, completed: true, annotations: "" };
    const carrying = { id: 1, completed: true, annotations: "abc" };
    expect(decideCheckWrite(bare, { completed: true, annotations: "abc" })).toEqual({
      kind: "update",
      id: 1,
      annotations: true,
    });
    expect(decideCheckWrite(carrying, { completed: true, annotations: "abc" })).toEqual({
      kind: "update",
      id: 1,
      annotations: false,
    });
    // Others (or unknown ones) would stay beside the new ones: a new check run shows these alone.
    expect(decideCheckWrite(carrying, { completed: true, annotations: "def" })).toEqual({
      kind: "create",
    });
    expect(decideCheckWrite(carrying, { completed: true, annotations: "" })).toEqual({
      kind: "create",
    });
    const unknown = { id: 1, completed: true, annotations: undefined };
    expect(decideCheckWrite(unknown, { completed: true, annotations: "abc" })).toEqual({
      kind: "create",
    });
  });
});
