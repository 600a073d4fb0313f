import { describe, expect, it } from "vitest";
import type { Metric } from "../../src/core/types.js";
import { deepevalReader } from "../../src/evidence/readers/deepeval-reader.js";
import { parseDeepevalRun } from "../../src/evidence/readers/deepeval-run.js";
import { promptfooReader } from "../../src/evidence/readers/promptfoo-reader.js";
import { parsePromptfooRun } from "../../src/evidence/readers/promptfoo-run.js";
import { detectFormat } from "../../src/evidence/readers/registry.js";
import { readLlmFixture } from "./fixtures.js";

const values = (metrics: readonly Metric[]) =>
  Object.fromEntries(metrics.map((m) => [m.name, [m.value, m.direction]]));

describe("promptfoo results", () => {
  const path = "eval/riddles-results.json";
  const content = readLlmFixture("promptfoo", "riddles-results.json");

  it("is detected by content and read into pass rates, named scores and neutral bookkeeping", () => {
    expect(detectFormat(path, content.subarray(0, 4096))).toBe("promptfoo");
    const m = values(promptfooReader.read(content, path));
    expect(m).toEqual({
      // 4 successes of 4 + 3 failures + 1 error, as promptfoo-action divides.
      pass_rate: [0.5, "higher"],
      // A provider without a label is named by its id; "mini" by its label.
      "openai:gpt-5.pass_rate": [0.75, "higher"],
      "mini.pass_rate": [0.25, "higher"],
      "score.Correctness": [(1 + 1 + 0 + 1 + 0.5 + 1 + 0) / 7, "higher"],
      errors: [1, "neutral"],
      latency_ms: [(1200 + 5794 + 4669 + 5027 + 2100 + 30000 + 800 + 700) / 8, "neutral"],
      cost: [
        expect.closeTo(0.0004 + 0.0021 + 0.0003 + 0.0011 + 0.0009 + 0.0002 + 0.0001, 12),
        "neutral",
      ],
    });
  });

  it("keys examples by description or vars and provider, never by position or result id", () => {
    const run = parsePromptfooRun(content, path);
    const keys = run.examples.map((e) => `${e.provider} | ${e.test} | ${e.success}`);
    const echo = JSON.stringify({
      riddle: "I speak without a mouth and hear without ears. What am I?",
    });
    expect(keys).toContain(`openai:gpt-5 | piano | keys <b> | 1`);
    expect(keys).toContain(`mini | piano | keys <b> | 0`);
    // The same vars under two different test cases (a red-team strategy) stay two examples.
    const echoes = keys.filter((k) => k.startsWith(`openai:gpt-5 | ${echo}`));
    expect(echoes).toHaveLength(2);
    expect(echoes.every((k) => / #[0-9a-f]{7} \| /.test(k))).toBe(true);
    expect(new Set(run.examples.map((e) => `${e.provider}|${e.test}`)).size).toBe(8);
  });

  it("refuses results files older than version 3 with one sentence", () => {
    const old = Buffer.from('{"version": 2, "results": {"version": 2, "results": []}}');
    expect(() => promptfooReader.read(old, "out.json")).toThrow(
      /version 2; mlgate reads version 3/,
    );
  });
});

describe("DeepEval test runs", () => {
  it("reads a run as DeepEval's own inspect fixture writes it", () => {
    const path = "evals/test_run_20260512_030111.json";
    const content = readLlmFixture("deepeval", "test_run_20260512_030111.json");
    expect(detectFormat(path, content.subarray(0, 4096))).toBe("deepeval");
    expect(values(deepevalReader.read(content, path))).toEqual({
      pass_rate: [0, "higher"],
      "Answer Relevancy.pass_rate": [1, "higher"],
      "Answer Relevancy.score": [0.92, "higher"],
      "Faithfulness.pass_rate": [0, "higher"],
      "Faithfulness.score": [0.45, "higher"],
    });
  });

  it("unwraps testRunData, takes Hallucination's direction from the file, counts errors as not passed", () => {
    const path = ".deepeval/.latest_test_run.json";
    const content = readLlmFixture("deepeval", ".latest_test_run.json");
    expect(detectFormat(path, content.subarray(0, 4096))).toBe("deepeval");
    const m = values(deepevalReader.read(content, path));
    expect(m).toEqual({
      pass_rate: [0.5, "higher"],
      "Answer Relevancy.pass_rate": [0.75, "higher"],
      "Answer Relevancy.score": [expect.closeTo((0.93 + 0.88 + 0.95) / 3, 12), "higher"],
      "Hallucination.pass_rate": [0.75, "higher"],
      "Hallucination.score": [expect.closeTo((0.1 + 0.75 + 0 + 0.2) / 4, 12), "lower"],
      "Korrektheit [GEval] ✓.pass_rate": [0.75, "higher"],
      "Korrektheit [GEval] ✓.score": [expect.closeTo((0.8 + 0.2 + 0.9 + 0.7) / 4, 12), "higher"],
    });
  });

  it("keys repeated test case names by name and input, then by order", () => {
    const run = parseDeepevalRun(readLlmFixture("deepeval", ".latest_test_run.json"), "x.json");
    expect(run.cases.map((c) => c.key)).toEqual([
      "test_refund_policy (Can I get a refund after 30 days?)",
      "test_refund_policy (What is the refund window for sale items?)",
      "test_shipping (Do you ship to Canada?) #1",
      "test_shipping (Do you ship to Canada?) #2",
    ]);
  });

  it("says where the run is when .latest_test_run.json holds only a link", () => {
    expect(() =>
      deepevalReader.read(Buffer.from('{"testRunLink": "https://x"}'), ".latest_test_run.json"),
    ).toThrow(/only a link/);
  });
});
