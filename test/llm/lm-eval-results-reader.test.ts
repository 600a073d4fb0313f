import { describe, expect, it } from "vitest";
import { compareMetrics } from "../../src/core/compare-metrics.js";
import { defaultConfig } from "../../src/core/config/parse-config.js";
import { inferDirection } from "../../src/core/infer-direction.js";
import type { Metric } from "../../src/core/types.js";
import { lmEvalResultsReader } from "../../src/evidence/readers/lm-eval-results-reader.js";
import { detectFormat } from "../../src/evidence/readers/registry.js";
import { readLlmFixture } from "./fixtures.js";

const byName = (metrics: readonly Metric[]) => new Map(metrics.map((m) => [m.name, m]));

function read(...parts: string[]): Map<string, Metric> {
  const content = readLlmFixture("lm-eval", ...parts);
  const path = parts.join("/");
  expect(detectFormat(path, content.subarray(0, 4096))).toBe("lm-eval");
  return byName(lmEvalResultsReader.read(content, path));
}

describe("lm-evaluation-harness results", () => {
  it("reads 0.4 results: <task>.<metric>, stderr apart, groups, N/A, sample_len and sample_count skipped", () => {
    const m = read("negotiationtom", "results_2026-07-08T16-04-34.219874.json");
    expect([...m.keys()].sort()).toEqual([
      "negotiationtom.acc",
      "negotiationtom.exact_match",
      "negotiationtom.macro_f1",
      "negotiationtom.micro_f1",
      "negotiationtom_belief.acc",
      "negotiationtom_desire.acc",
      "negotiationtom_intention.exact_match",
      "negotiationtom_intention.macro_f1",
      "negotiationtom_intention.micro_f1",
    ]);
    expect(m.get("negotiationtom_belief.acc")).toMatchObject({
      value: 0.45,
      stderr: 0.11413288653790232,
      direction: "higher",
    });
    // "N/A" is no standard error, and the metric is still read.
    expect(m.get("negotiationtom_intention.micro_f1")?.stderr).toBeUndefined();
    expect(m.get("negotiationtom_intention.micro_f1")?.value).toBe(0.30188679245283023);
    expect(m.get("negotiationtom.acc")).toMatchObject({ value: 0.525, direction: "higher" });
  });

  it("keeps config, dates, seeds, versions and max_length out", () => {
    const m = read("bias_classification", "results_2024-06-17T12-20-26.826621.json");
    expect([...m.keys()].sort()).toEqual([
      "bias_classification.acc",
      "bias_classification.acc_norm",
      "bias_classification.f1",
    ]);
    expect(m.get("bias_classification.f1")).toMatchObject({
      value: 0.5688073394495413,
      stderr: 0.0231410905489216,
      direction: "higher",
    });
  });

  it("names filters, skips group headers holding only ' ', and leaves humaneval's pass@1 to its name", () => {
    const m = read("gsm8k.json");
    expect([...m.keys()].sort()).toEqual([
      "gsm8k.exact_match.flexible-extract",
      "gsm8k.exact_match.strict-match",
      "humaneval.pass@1.create_test",
      "tinyGSM8k.exact_match.strict-match",
    ]);
    expect(m.get("gsm8k.exact_match.strict-match")).toMatchObject({
      value: 0.7566338134950719,
      stderr: 0.011815078347880394,
      direction: "higher",
    });
    // higher_is_better names the function pass_at_k, not the metric: no direction from the file.
    expect(m.get("humaneval.pass@1.create_test")?.direction).toBeUndefined();
    expect(inferDirection("humaneval.pass@1.create_test")).toBe("higher");
    expect(m.get("tinyGSM8k.exact_match.strict-match")?.stderr).toBeUndefined();
  });

  it("reads the 0.3 shape of the harness's own test data (no filter)", () => {
    const m = read("arc_challenge-v2.0-res.json");
    expect([...m.values()].map((x) => [x.name, x.value, x.stderr])).toEqual([
      ["arc_challenge.acc", 0.26621160409556316, 0.01291577478152323],
      ["arc_challenge.acc_norm", 0.28242320819112626, 0.01315545688409722],
    ]);
  });

  it("gives the diff a direction from the file and the ± of the standard error", () => {
    const base = read("negotiationtom", "results_2026-07-08T16-04-34.219874.json");
    const rows = compareMetrics(base, base, defaultConfig().metrics);
    const row = rows.find((r) => r.name === "negotiationtom_intention.exact_match");
    expect(row).toMatchObject({ direction: "higher", baseStderr: 0.0917662935482247 });
  });

  it("says what is wrong with a file that is not lm-eval output", () => {
    expect(() => lmEvalResultsReader.read(Buffer.from('{"x": 1}'), "r.json")).toThrow(
      /r\.json|no "results"/,
    );
  });
});
