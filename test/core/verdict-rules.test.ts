import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import type { Config } from "../../src/core/config/config.js";
import { defaultConfig, parseConfig } from "../../src/core/config/parse-config.js";
import type { Evidence } from "../../src/core/evidence.js";
import { inferDirection } from "../../src/core/infer-direction.js";
import { renderCheck } from "../../src/core/render/render-check.js";
import { renderComment } from "../../src/core/render/render-comment.js";
import { renderJson } from "../../src/core/render/render-json.js";
import type { Metric, MetricSet } from "../../src/core/types.js";
import { jsonReader } from "../../src/evidence/readers/json-reader.js";

// The rules a review's verdict follows; each `it` names the finding it covers.

function set(values: Record<string, number | number[]>, file = "eval/metrics.json"): MetricSet {
  return new Map(
    Object.entries(values).map(([name, value]): [string, Metric] => [name, { name, value, file }]),
  );
}

function config(yaml: string): Config {
  const r = parseConfig(yaml);
  if (!r.config) throw new Error(r.errors.join("\n"));
  return r.config;
}

function evidence(base: MetricSet | undefined, head: MetricSet): Evidence {
  return {
    head: { sha: "b".repeat(40), source: "run #2", metrics: head },
    base: base ? { sha: "a".repeat(40), source: "run #1", metrics: base } : undefined,
    baselineMissing: base ? undefined : "no successful run on main",
  };
}

const DEFAULT_1PCT = "metrics:\n  default: { max_regression: 1% }\n";

describe("one vocabulary: passed, failed, neutral", () => {
  it("only a default gate and no baseline is neutral, not passed", () => {
    const r = buildReview(evidence(undefined, set({ accuracy: 0.9 })), config(DEFAULT_1PCT));
    expect(r.verdict).toBe("neutral");
    expect(renderJson(r).passed).toBe(null);
    expect(renderCheck(r).conclusion).toBe("neutral");
  });
  it("an explicit change gate without a baseline is neutral, and the comment says neutral", () => {
    const r = buildReview(
      evidence(undefined, set({ accuracy: 0.9 })),
      config("metrics:\n  gates:\n    accuracy: { max_regression: 0.01 }\n"),
    );
    expect(r.verdict).toBe("neutral");
    expect(r.headline).toBe("No baseline: 1 change gate not evaluated");
    const md = renderComment(r);
    expect(md).toContain("### ⚪ mlgate: neutral");
    expect(md).not.toContain("nothing to gate");
  });
  it("no gates at all (diff without config) is neutral above worse metrics, never passed", () => {
    const r = buildReview(
      evidence(set({ accuracy: 0.9, loss: 0.2 }), set({ accuracy: 0.7, loss: 0.4 })),
      defaultConfig(),
    );
    expect(r.metrics.map((m) => m.status)).toEqual(["regressed", "regressed"]);
    expect(r.verdict).toBe("neutral");
    expect(r.headline).toBe("No gates configured: nothing is gated");
    expect(renderComment(r)).not.toContain("passed");
    expect(renderJson(r).passed).toBe(null);
  });
  it("no configuration found is neutral and says so", () => {
    const r = buildReview(evidence(set({ a_loss: 1 }), set({ a_loss: 2 })), {
      ...defaultConfig(),
      unconfigured: true,
    });
    expect(r.verdict).toBe("neutral");
    expect(r.headline).toBe("No configuration: nothing is gated");
  });
});

describe("a metric may not vanish to pass", () => {
  it("a metric on the base and gone from the head fails the default gate", () => {
    const r = buildReview(
      evidence(set({ accuracy: 0.9, f1: 0.8 }), set({ f1: 0.8 })),
      config(DEFAULT_1PCT),
    );
    expect(r.verdict).toBe("failed");
    expect(r.gates.find((g) => g.metric === "accuracy")).toMatchObject({
      rule: "required",
      outcome: "failed",
      message: "accuracy is in the baseline but missing from the head results (removed)",
    });
    expect(r.headline).toBe("1 gate failed: accuracy (removed)");
  });
  it("unless metrics.default.required is false, or the metric is ignored", () => {
    const notRequired = buildReview(
      evidence(set({ accuracy: 0.9, f1: 0.8 }), set({ f1: 0.8 })),
      config("metrics:\n  default: { max_regression: 1%, required: false }\n"),
    );
    expect(notRequired.verdict).toBe("passed");
    const ignored = buildReview(
      evidence(set({ accuracy: 0.9, f1: 0.8 }), set({ f1: 0.8 })),
      config("metrics:\n  default: { max_regression: 1% }\n  ignore: [accuracy]\n"),
    );
    expect(ignored.verdict).toBe("passed");
  });
  it("a bookkeeping metric (no direction) may come and go", () => {
    const r = buildReview(
      evidence(set({ accuracy: 0.9, eval_runtime: 12 }), set({ accuracy: 0.9 })),
      config(DEFAULT_1PCT),
    );
    expect(r.verdict).toBe("passed");
  });
  it("a misspelt gate name fails saying the metric is missing and naming the close one", () => {
    const r = buildReview(
      evidence(set({ eval_accuracy: 0.9 }), set({ eval_accuracy: 0.9 })),
      config("metrics:\n  gates:\n    eval_acuracy: { min: 0.8 }\n"),
    );
    expect(r.gates[0]?.message).toBe(
      'eval_acuracy is missing from the head results and the baseline (did you mean "eval_accuracy"?)',
    );
    expect(renderComment(r)).toContain(
      "| eval\\_acuracy | — | — | — | ❌ required | eval\\_acuracy is missing from the head results and the baseline \\(did you mean &quot;eval\\_accuracy&quot;?\\) |",
    );
  });
});

describe("relative change from a base of 0", () => {
  const yaml = "metrics:\n  gates:\n    error_rate: { max_regression: 5% }\n";
  const run = (base: number, head: number) =>
    buildReview(evidence(set({ error_rate: base }), set({ error_rate: head })), config(yaml));
  it("0 → worse is an infinite relative regression and fails, saying from a base of 0", () => {
    const r = run(0, 0.02);
    expect(r.verdict).toBe("failed");
    expect(r.gates[0]?.message).toBe(
      "error_rate regressed from a base of 0, an infinite relative change (0 → 0.02), more than the allowed 5%",
    );
  });
  it("0 → 0 is unchanged and passes; 0 → better passes", () => {
    expect(run(0, 0).gates[0]).toMatchObject({ outcome: "passed" });
    expect(run(0, 0).metrics[0]?.status).toBe("unchanged");
    const better = buildReview(
      evidence(set({ accuracy: 0 }), set({ accuracy: 0.5 })),
      config("metrics:\n  gates:\n    accuracy: { max_regression: 5% }\n"),
    );
    expect(better.gates[0]).toMatchObject({ outcome: "passed" });
    expect(better.gates[0]?.message).toContain("from a base of 0");
  });
});

describe("NaN and Infinity, per side", () => {
  // Written by Python's json.dump (test/fixtures/verdict/make-verdict-fixtures.py).
  const file = "nan/metrics.json";
  const written = jsonReader.read(
    readFileSync(new URL("../fixtures/verdict/nan/metrics.json", import.meta.url)),
    file,
  );
  const nanSet: MetricSet = new Map(written.map((m) => [m.name, m]));
  const clean = set({ "eval.accuracy": 0.9, "eval.loss": 0.3, "train.grad_norm": 1.2 }, file);

  it("a NaN on the head fails only the gates on that metric, naming the head and the file", () => {
    const r = buildReview(
      evidence(clean, nanSet),
      config(
        "metrics:\n  gates:\n    eval.loss: { direction: lower, max: 1 }\n    eval.accuracy: { min: 0.9 }\n",
      ),
    );
    expect(r.gates.map((g) => [g.metric, g.outcome])).toEqual([
      ["eval.loss", "failed"],
      ["eval.accuracy", "passed"],
    ]);
    expect(r.gates[0]?.message).toBe(
      "eval.loss: the head value is NaN (in nan/metrics.json), not a number",
    );
    const loss = r.metrics.find((m) => m.name === "eval.loss");
    expect(loss).toMatchObject({ head: null, headNotANumber: "NaN", status: "changed" });
    expect(renderComment(r)).toContain("NaN (not a number)");
    const json = renderJson(r);
    expect(json.metrics.find((m) => m.name === "train.grad_norm")).toMatchObject({
      head: null,
      head_not_a_number: "Infinity",
    });
    expect(JSON.parse(JSON.stringify(json)).metrics).toHaveLength(3);
  });
  it("a NaN on the base leaves the change not evaluated, naming the base", () => {
    const r = buildReview(
      evidence(nanSet, clean),
      config("metrics:\n  gates:\n    eval.loss: { direction: lower, max_regression: 0.1 }\n"),
    );
    expect(r.gates[0]).toMatchObject({ outcome: "not_evaluated" });
    expect(r.gates[0]?.message).toBe(
      "eval.loss: change not evaluated (the base value is NaN (in nan/metrics.json), not a number)",
    );
  });
  it("a NaN on a metric without a gate does not touch the verdict; ignore drops it", () => {
    const gates = "metrics:\n  gates:\n    eval.accuracy: { min: 0.9 }\n";
    expect(buildReview(evidence(clean, nanSet), config(gates)).verdict).toBe("passed");
    const ignored = buildReview(
      evidence(clean, nanSet),
      config(`${gates}  ignore: ["eval.loss", "train.*"]\n`),
    );
    expect(ignored.metrics.map((m) => m.name)).toEqual(["eval.accuracy"]);
  });
});

describe("bookkeeping is not quality", () => {
  it.each([
    "eval_runtime",
    "train_samples_per_second",
    "eval_steps_per_second",
    "epoch",
    "step",
    "global_step",
    "trainer/global_step",
    "total_flos",
    "train_mem_cpu_alloc_delta",
    "init_mem_gpu_peaked_delta",
    "time",
    "start_time",
    "_timestamp",
    "learning_rate",
    "lr/pg0",
    "lr-Adam",
    "x/lr0",
  ])("%s is neutral", (name) => {
    expect(inferDirection(name)).toBe("neutral");
  });
  it.each([
    ["epoch_loss", "lower"],
    ["step_accuracy", "higher"],
    ["latency_p95_ms", "lower"],
    ["throughput", "higher"],
  ])("%s keeps its direction (%s)", (name, direction) => {
    expect(inferDirection(name)).toBe(direction);
  });
  it("an evaluation 1% slower does not fail the README's default 1% gate", () => {
    // What the Trainer's all_results.json holds for two runs of the same model.
    const base = set({
      eval_accuracy: 0.9112,
      eval_runtime: 12.31,
      eval_samples_per_second: 81.24,
      epoch: 3,
      total_flos: 1.2e15,
    });
    const head = set({
      eval_accuracy: 0.9112,
      eval_runtime: 12.45,
      eval_samples_per_second: 80.3,
      epoch: 4,
      total_flos: 1.6e15,
    });
    const r = buildReview(evidence(base, head), config(DEFAULT_1PCT));
    expect(r.verdict).toBe("passed");
    expect(r.gates.map((g) => g.metric)).toEqual(["eval_accuracy"]);
  });
  it("a configured direction still gates a bookkeeping name", () => {
    const r = buildReview(
      evidence(set({ eval_runtime: 10 }), set({ eval_runtime: 12 })),
      config("metrics:\n  gates:\n    eval_runtime: { direction: lower, max_regression: 10% }\n"),
    );
    expect(r.verdict).toBe("failed");
  });
});
