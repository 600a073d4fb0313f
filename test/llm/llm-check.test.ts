import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { llmFixturePath } from "./fixtures.js";
import { flipScenario, writeLmEvalRun, writePromptfooRun } from "./make-llm-runs.js";

const SCIPY = (
  JSON.parse(readFileSync(llmFixturePath("reference", "mcnemar.json"), "utf8")) as {
    tests: { b: number; c: number; p_value: number }[];
  }
).tests;
const scipyP = (b: number, c: number) => SCIPY.find((t) => t.b === b && t.c === c)!.p_value;

const LM_EVAL = `metrics:
  files: ["**/results_*.json"]
  gates:
    gsm8k.exact_match.strict-match: { max_regression: 0.001, significance: 0.05 }
`;
const PROMPTFOO = `metrics:
  files: ["**/results.json"]
  gates:
    pass_rate: { max_regression: 0.01, significance: 0.05 }
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-llm-"));
  writeFileSync(join(dir, "lm-eval.yml"), LM_EVAL);
  writeFileSync(join(dir, "promptfoo.yml"), PROMPTFOO);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = {
  verdict: string;
  gates: {
    metric: string;
    outcome: string;
    significance?: { test: string; p_value: number; note: string };
  }[];
  flipped_examples?: {
    metric: string;
    paired: number;
    only_base: number;
    only_head: number;
    pass_to_fail: { id: string; excerpt?: string }[];
    fail_to_pass: unknown[];
  }[];
};

async function check(config: string, name: string, format: "json" | "markdown") {
  return runCli(
    [
      "check",
      "--config",
      config,
      "--head",
      `${name}/head`,
      "--base",
      `${name}/base`,
      "--format",
      format,
    ],
    dir,
  );
}

function lmEvalScenario(name: string, lost: number, gained: number) {
  const { base, head } = flipScenario(1319, lost, gained);
  writeLmEvalRun(join(dir, name, "base"), {
    n: 1319,
    right: base,
    date: "2026-07-08T16-04-34.219874",
  });
  // The head lost three docs that kept their outcome and gained one of its own, and its ranks
  // wrote the samples out of order.
  const unchanged = [1, 2, 3];
  writeLmEvalRun(join(dir, name, "head"), {
    n: 1319,
    right: head,
    skip: (i) => unchanged.includes(i),
    extra: 1,
    reversed: true,
    date: "2026-07-09T09-00-00.000001",
  });
}

describe("LLM evaluations through mlgate check", () => {
  it("lm-eval: a drop within noise passes, McNemar's p equal to scipy's, flips listed", async () => {
    lmEvalScenario("noise", 14, 9);
    const r = await check("lm-eval.yml", "noise", "json");
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout) as Json;
    const gate = json.gates.find((g) => g.metric === "gsm8k.exact_match.strict-match")!;
    expect(gate.outcome).toBe("within_noise");
    expect(gate.significance?.test).toBe("mcnemar");
    expect(gate.significance?.p_value).toBeCloseTo(scipyP(14, 9), 12);
    expect(gate.significance?.note).toContain("3 only in base, 1 only in head");
    expect(json.verdict).toBe("passed");
    const flips = json.flipped_examples!.find(
      (f) => f.metric === "gsm8k.exact_match.strict-match",
    )!;
    expect(flips).toMatchObject({ paired: 1316, only_base: 3, only_head: 1 });
    expect(flips.pass_to_fail).toHaveLength(14);
    expect(flips.fail_to_pass).toHaveLength(9);
    expect(flips.pass_to_fail[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(r.code).toBe(0);
  });

  it("lm-eval: a real drop fails, and the comment lists the flipped examples escaped and folded", async () => {
    lmEvalScenario("drop", 40, 10);
    const json = JSON.parse((await check("lm-eval.yml", "drop", "json")).stdout) as Json;
    const gate = json.gates.find((g) => g.metric === "gsm8k.exact_match.strict-match")!;
    expect(gate.outcome).toBe("failed");
    expect(gate.significance?.p_value).toBeCloseTo(scipyP(40, 10), 15);
    const md = await check("lm-eval.yml", "drop", "markdown");
    expect(md.code).toBe(1);
    expect(md.stdout).toContain("#### Flipped examples");
    expect(md.stdout).toContain(
      "<details open><summary>gsm8k.exact\\_match.strict-match: 40 pass → fail, 10 fail → pass (of 1,316 paired; 3 only in base, 1 only in head)</summary>",
    );
    expect(md.stdout).toMatch(
      /\| pass → fail \| `[0-9a-f]{7}` \| gsm8k \| Janet has \d+ ducks \\\| and &lt;b&gt;/,
    );
    expect(md.stdout).toContain("@&#8203;team");
    expect(md.stdout).toContain("_…and 30 more pass → fail (see `mlgate check --format json`)._");
    expect(md.stdout.indexOf("pass → fail |")).toBeLessThan(md.stdout.indexOf("fail → pass |"));
  });

  it("promptfoo: pass_rate paired by test, never by position; noise passes, a real drop fails", async () => {
    const noise = flipScenario(400, 12, 6);
    writePromptfooRun(join(dir, "pf-noise", "base"), 400, noise.base, "a");
    writePromptfooRun(join(dir, "pf-noise", "head"), 400, noise.head, "b");
    const a = JSON.parse((await check("promptfoo.yml", "pf-noise", "json")).stdout) as Json;
    const gate = a.gates.find((g) => g.metric === "pass_rate")!;
    expect(gate.outcome).toBe("within_noise");
    expect(gate.significance?.p_value).toBeCloseTo(scipyP(12, 6), 14);

    const drop = flipScenario(400, 30, 5);
    writePromptfooRun(join(dir, "pf-drop", "base"), 400, drop.base, "c");
    writePromptfooRun(join(dir, "pf-drop", "head"), 400, drop.head, "d");
    const b = JSON.parse((await check("promptfoo.yml", "pf-drop", "json")).stdout) as Json;
    const failed = b.gates.find((g) => g.metric === "pass_rate")!;
    expect(failed.outcome).toBe("failed");
    expect(failed.significance?.p_value).toBeCloseTo(scipyP(30, 5), 14);
    const flips = b.flipped_examples!.find((f) => f.metric === "pass_rate")!;
    expect(flips.pass_to_fail).toHaveLength(30);
    expect(flips.pass_to_fail[0]!.id).toMatch(
      /^\{"riddle":"Riddle number \d+: .*"\} · openai:gpt-5-mini$/,
    );
  });
});
