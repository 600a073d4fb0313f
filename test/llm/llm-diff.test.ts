import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { llmFixturePath } from "./fixtures.js";

type Diff = {
  metrics: { name: string; base: number; head: number; direction: string; status: string }[];
};

async function diff(base: string, head: string): Promise<Diff> {
  const r = await runCli(["diff", base, head, "--format", "json"], llmFixturePath());
  // No warning; only where the configuration came from (none here: nothing is gated).
  expect(r.stderr).toMatch(/^mlgate: no configuration \([^\n]*\): nothing is gated\n$/);
  return JSON.parse(r.stdout) as Diff;
}

describe("mlgate diff of LLM evaluation files", () => {
  it("lm-eval: names, values and directions from the file, stderr not a metric", async () => {
    const path = "lm-eval/negotiationtom/results_2026-07-08T16-04-34.219874.json";
    const { metrics } = await diff(path, path);
    expect(metrics.map((m) => m.name)).not.toContain("negotiationtom.acc_stderr");
    expect(metrics.find((m) => m.name === "negotiationtom_belief.acc")).toMatchObject({
      base: 0.45,
      head: 0.45,
      direction: "higher",
      status: "unchanged",
    });
    expect(metrics).toHaveLength(9);
  });

  it("promptfoo and DeepEval: pass rates higher, bookkeeping neutral, Hallucination lower", async () => {
    const pf = await diff("promptfoo/riddles-results.json", "promptfoo/riddles-results.json");
    expect(pf.metrics.find((m) => m.name === "pass_rate")?.direction).toBe("higher");
    expect(pf.metrics.find((m) => m.name === "latency_ms")?.direction).toBe("neutral");
    expect(pf.metrics.find((m) => m.name === "errors")?.direction).toBe("neutral");
    const de = await diff("deepeval/.latest_test_run.json", "deepeval/.latest_test_run.json");
    expect(de.metrics.find((m) => m.name === "Hallucination.score")?.direction).toBe("lower");
    expect(de.metrics.find((m) => m.name === "Korrektheit [GEval] ✓.pass_rate")?.direction).toBe(
      "higher",
    );
  });
});
