import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import type { Metric, MetricSet } from "../../src/core/types.js";

const config = (() => {
  const parsed = parseConfig("metrics:\n  default: { max_regression: 1% }\n");
  if (!parsed.config) throw new Error("config");
  return parsed.config;
})();

// Metric names with a direction the default gate applies to.
const NAMES = ["accuracy", "f1", "auc", "eval_loss", "val_error", "rmse", "precision", "recall"];

const metricValues = fc.dictionary(
  fc.constantFrom(...NAMES),
  fc.double({ min: 0.01, max: 10, noNaN: true }),
  {
    minKeys: 1,
  },
);

function set(values: Record<string, number>): MetricSet {
  return new Map(
    Object.entries(values).map(([name, value]): [string, Metric] => [
      name,
      { name, value, file: "metrics.json" },
    ]),
  );
}

const verdict = (base: Record<string, number>, head: Record<string, number>) =>
  buildReview(
    {
      head: { source: "head", metrics: set(head) },
      base: { sha: "", source: "base", metrics: set(base) },
    },
    config,
  ).verdict;

describe("properties of the verdict under a default gate", () => {
  it("no edit removing or renaming a head metric turns a failing review into a passing one", () => {
    fc.assert(
      fc.property(
        metricValues,
        metricValues,
        fc.array(fc.constantFrom(...NAMES), { maxLength: 4 }),
        fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.string({ minLength: 1, maxLength: 8 })), {
          maxLength: 3,
        }),
        (base, head, removed, renamed) => {
          fc.pre(verdict(base, head) === "failed");
          const edited: Record<string, number> = { ...head };
          for (const name of removed) delete edited[name];
          for (const [from, to] of renamed) {
            if (!(from in edited) || to in base) continue;
            edited[`${to}_renamed`] = edited[from] as number;
            delete edited[from];
          }
          expect(verdict(base, edited)).toBe("failed");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("swapping base and head never passes both ways when a metric regressed beyond tolerance", () => {
    fc.assert(
      fc.property(
        metricValues,
        fc.constantFrom(...NAMES),
        fc.double({ min: 0.02, max: 0.9, noNaN: true }),
        (values, name, change) => {
          const base = { ...values, [name]: values[name] ?? 1 };
          const head = { ...base, [name]: (base[name] as number) * (1 + change) };
          const forward = verdict(base, head);
          const backward = verdict(head, base);
          // One direction is worse by more than 1%: at most one of the two can pass.
          expect(forward === "passed" && backward === "passed").toBe(false);
          expect([forward, backward]).toContain("failed");
        },
      ),
      { numRuns: 300 },
    );
  });
});
