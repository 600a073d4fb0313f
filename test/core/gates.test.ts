import { describe, expect, it } from "vitest";
import { buildReview, verdictOf } from "../../src/core/build-review.js";
import { compareMetrics } from "../../src/core/compare-metrics.js";
import type { Config } from "../../src/core/config/config.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import { evaluateMetricGates } from "../../src/core/evaluate-gates.js";
import type { Evidence } from "../../src/core/evidence.js";
import type { Metric, MetricSet } from "../../src/core/types.js";

function set(values: Record<string, number | number[]>): MetricSet {
  return new Map(
    Object.entries(values).map(([name, value]): [string, Metric] => [
      name,
      { name, value, file: "metrics.json" },
    ]),
  );
}

function config(yaml: string): Config {
  const r = parseConfig(yaml);
  if (!r.config) throw new Error(r.errors.join("\n"));
  return r.config;
}

function review(
  base: Record<string, number | number[]> | undefined,
  head: Record<string, number | number[]>,
  yaml: string,
) {
  const evidence: Evidence = {
    head: { sha: "b".repeat(40), source: "head", metrics: set(head) },
    base: base ? { sha: "a".repeat(40), source: "base", metrics: set(base) } : undefined,
    baselineMissing: base ? undefined : "no successful run on main",
  };
  return buildReview(evidence, config(yaml));
}

const gate = (r: ReturnType<typeof review>, metric: string, rule: string) =>
  r.gates.find((g) => g.metric === metric && g.rule === rule);

describe("min / max", () => {
  const yaml = "metrics:\n  gates:\n    accuracy: { min: 0.9 }\n    latency_ms: { max: 120 }\n";
  it("are inclusive bounds on the head value", () => {
    const r = review(undefined, { accuracy: 0.9, latency_ms: 120 }, yaml);
    expect(gate(r, "accuracy", "min")?.outcome).toBe("passed");
    expect(gate(r, "latency_ms", "max")?.outcome).toBe("passed");
    expect(r.verdict).toBe("passed");
  });
  it("fail just outside the bound", () => {
    const r = review(undefined, { accuracy: 0.8999, latency_ms: 120.01 }, yaml);
    expect(gate(r, "accuracy", "min")).toMatchObject({ passed: false, outcome: "failed" });
    expect(gate(r, "accuracy", "min")?.message).toContain("below the minimum 0.9");
    expect(gate(r, "latency_ms", "max")?.message).toContain("above the maximum 120");
    expect(r.verdict).toBe("failed");
    expect(r.headline).toBe("2 gates failed: accuracy (min 0.9), latency_ms (max 120)");
  });
});

describe("max_regression", () => {
  it("absolute: a drop equal to the tolerance passes, a larger one fails", () => {
    const yaml = "metrics:\n  gates:\n    accuracy: { max_regression: 0.005 }\n";
    expect(
      gate(review({ accuracy: 0.905 }, { accuracy: 0.9 }, yaml), "accuracy", "max_regression")
        ?.outcome,
    ).toBe("passed");
    const r = review({ accuracy: 0.905 }, { accuracy: 0.8999 }, yaml);
    expect(gate(r, "accuracy", "max_regression")).toMatchObject({
      outcome: "failed",
      passed: false,
      threshold: "0.005",
    });
  });
  it("relative: |head − base| / |base| against the percentage", () => {
    const yaml = "metrics:\n  gates:\n    eval_loss: { direction: lower, max_regression: 2% }\n";
    expect(
      gate(review({ eval_loss: 0.5 }, { eval_loss: 0.51 }, yaml), "eval_loss", "max_regression")
        ?.outcome,
    ).toBe("passed");
    const r = review({ eval_loss: 0.5 }, { eval_loss: 0.5101 }, yaml);
    expect(gate(r, "eval_loss", "max_regression")?.outcome).toBe("failed");
    expect(gate(r, "eval_loss", "max_regression")?.message).toContain("2.02%");
  });
  it("relative with a negative base uses |base|", () => {
    const yaml = "metrics:\n  gates:\n    r2: { max_regression: 10% }\n";
    // r2 is higher-is-better; -0.5 → -0.6 is a drop of 0.1, i.e. 20% of |−0.5|.
    expect(gate(review({ r2: -0.5 }, { r2: -0.6 }, yaml), "r2", "max_regression")?.outcome).toBe(
      "failed",
    );
  });
  it("relative from a base of 0: worse is an infinite regression and fails, and says so", () => {
    const yaml = "metrics:\n  gates:\n    error_rate: { max_regression: 5% }\n";
    const r = review({ error_rate: 0 }, { error_rate: 0.02 }, yaml);
    const g = gate(r, "error_rate", "max_regression");
    expect(g).toMatchObject({ outcome: "failed", passed: false });
    expect(g?.message).toContain("from a base of 0");
    expect(r.verdict).toBe("failed");
  });
  it("an improvement never fails, whatever its size", () => {
    const yaml = "metrics:\n  gates:\n    eval_loss: { max_regression: 0.001 }\n";
    const r = review({ eval_loss: 0.5 }, { eval_loss: 0.1 }, yaml);
    expect(gate(r, "eval_loss", "max_regression")?.outcome).toBe("passed");
    expect(r.metrics[0]?.status).toBe("improved");
  });
  it("configured direction wins over the name", () => {
    const yaml = "metrics:\n  gates:\n    accuracy: { direction: lower, max_regression: 0.01 }\n";
    expect(
      gate(review({ accuracy: 0.5 }, { accuracy: 0.6 }, yaml), "accuracy", "max_regression")
        ?.outcome,
    ).toBe("failed");
  });
  it("without a baseline is not evaluated, never silently passed, and the verdict is neutral", () => {
    const yaml = "metrics:\n  gates:\n    accuracy: { max_regression: 0.01 }\n";
    const r = review(undefined, { accuracy: 0.5 }, yaml);
    expect(gate(r, "accuracy", "max_regression")).toMatchObject({
      outcome: "not_evaluated",
      passed: null,
    });
    expect(gate(r, "accuracy", "max_regression")?.message).toContain("no baseline");
    expect(r.verdict).toBe("neutral");
    expect(r.baselineMissing).toBe("no successful run on main");
  });
  it("a metric missing from the baseline only is not evaluated", () => {
    const yaml = "metrics:\n  gates:\n    f1: { max_regression: 0.01 }\n";
    const r = review({ accuracy: 0.5 }, { accuracy: 0.5, f1: 0.3 }, yaml);
    expect(gate(r, "f1", "max_regression")?.message).toContain("not in the baseline");
  });
  it("a change gate on a name with no inferable direction is a config error, not a silent pass", () => {
    expect(
      parseConfig("metrics:\n  gates:\n    widgets: { max_regression: 0.01 }\n").errors,
    ).toEqual([
      "metrics.gates.widgets.max_regression: cannot tell from the name whether higher or lower is better; add direction: higher or lower (line 3)",
    ]);
    const r = review(
      { widgets: 1 },
      { widgets: 0.5 },
      "metrics:\n  gates:\n    widgets: { direction: higher, max_regression: 0.01 }\n",
    );
    expect(gate(r, "widgets", "max_regression")?.outcome).toBe("failed");
  });
  it("min and max hold exactly at the bound despite float noise", () => {
    const yaml = "metrics:\n  gates:\n    ratio: { min: 0.8 }\n    diff: { max: 0.1 }\n";
    const r = review(undefined, { ratio: 20 / 30 / (25 / 30), diff: 11 / 40 - 7 / 40 }, yaml);
    expect(20 / 30 / (25 / 30)).toBeLessThan(0.8);
    expect(gate(r, "ratio", "min")?.outcome).toBe("passed");
    expect(gate(r, "diff", "max")?.outcome).toBe("passed");
  });
});

describe("missing metrics", () => {
  it("a gated metric missing from the head fails", () => {
    const r = review(
      { accuracy: 0.9 },
      { loss: 0.1 },
      "metrics:\n  gates:\n    accuracy: { min: 0.5 }\n",
    );
    expect(gate(r, "accuracy", "required")).toMatchObject({ outcome: "failed", passed: false });
    expect(r.metrics.find((m) => m.name === "accuracy")?.status).toBe("removed");
  });
  it("unless required: false", () => {
    const r = review(
      { accuracy: 0.9 },
      { loss: 0.1 },
      "metrics:\n  gates:\n    accuracy: { min: 0.5, required: false }\n",
    );
    expect(r.gates).toEqual([]);
    // Nothing was checked: neutral, never passed.
    expect(r.verdict).toBe("neutral");
  });
});

describe("default change gate", () => {
  const yaml = "metrics:\n  default: { max_regression: 1% }\n";
  it("applies to every metric with a known direction", () => {
    const r = review(
      { accuracy: 0.9, loss: 0.2, epoch: 3 },
      { accuracy: 0.85, loss: 0.2, epoch: 4 },
      yaml,
    );
    expect(r.gates.map((g) => `${g.metric}:${g.outcome}`).sort()).toEqual([
      "accuracy:failed",
      "loss:passed",
    ]);
    expect(r.metrics.find((m) => m.name === "epoch")?.status).toBe("changed");
  });
});

describe("compareMetrics", () => {
  it("computes delta, relative, status and direction", () => {
    const rows = compareMetrics(
      set({ a_loss: 2, acc: 0.5, gone: 1 }),
      set({ a_loss: 1, acc: 0.5, fresh: 3 }),
      config("{}").metrics,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        name: "a_loss",
        base: 2,
        head: 1,
        delta: -1,
        relative: -0.5,
        direction: "lower",
        status: "improved",
      }),
      expect.objectContaining({ name: "acc", status: "unchanged", delta: 0 }),
      expect.objectContaining({
        name: "fresh",
        base: null,
        head: 3,
        delta: null,
        relative: null,
        status: "added",
      }),
      expect.objectContaining({ name: "gone", base: 1, head: null, status: "removed" }),
    ]);
  });
  it("treats float noise as unchanged and a base of 0 as no relative change", () => {
    const rows = compareMetrics(
      set({ acc: 0.1 + 0.2, err: 0 }),
      set({ acc: 0.3, err: 1 }),
      config("{}").metrics,
    );
    expect(rows[0]?.status).toBe("unchanged");
    expect(rows[1]).toMatchObject({ relative: null, status: "regressed" });
  });
  it("summarises per-seed arrays as mean ± sample std", () => {
    const [row] = compareMetrics(
      set({ acc: [0.8, 0.9] }),
      set({ acc: [0.9, 0.9, 0.9] }),
      config("{}").metrics,
    );
    expect(row?.base).toBeCloseTo(0.85, 12);
    expect(row?.baseStd).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(row?.headStd).toBe(0);
  });
  it("drops ignored names", () => {
    const rows = compareMetrics(
      undefined,
      set({ "sys.gpu": 1, acc: 1 }),
      config("metrics:\n  ignore: ['sys.*']\n").metrics,
    );
    expect(rows.map((r) => r.name)).toEqual(["acc"]);
  });
});

describe("verdictOf", () => {
  it("an override turns a failure into accepted", () => {
    const failed = evaluateMetricGates(
      compareMetrics(undefined, set({ acc: 0.1 }), config("{}").metrics),
      [{ metric: "acc", min: 0.5, required: true }],
      {},
      { hasBaseline: false },
    );
    expect(verdictOf(failed, false)).toBe("failed");
    expect(verdictOf(failed, true)).toBe("accepted");
    expect(verdictOf([], false)).toBe("neutral");
  });
});
