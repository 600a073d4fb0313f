import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/core/config/parse-config.js";
import { dirSource } from "../../src/evidence/dir-source.js";
import type { ExampleRecord } from "../../src/evidence/examples/example-record.js";
import { gatherExamples } from "../../src/evidence/examples/gather-examples.js";
import {
  lmEvalSamplesName,
  readLmEvalSamples,
} from "../../src/evidence/examples/lm-eval-samples.js";
import { readMetrics } from "../../src/evidence/read-metrics.js";
import { runCli } from "../cli/run-cli.js";
import { llmFixturePath, readLlmFixture } from "./fixtures.js";

async function samples(path: string[], task: string): Promise<ExampleRecord[]> {
  const out: ExampleRecord[] = [];
  await readLmEvalSamples(Readable.from([readLlmFixture(...path)]), path.join("/"), task, (r) =>
    out.push(r),
  );
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-llm-ex-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("lm-eval samples", () => {
  it("names task and run from the file name", () => {
    expect(lmEvalSamplesName("out/m/samples_arc_easy_2024-05-01T10-00-00.123456.jsonl")).toEqual({
      task: "arc_easy",
      date: "2024-05-01T10-00-00.123456",
    });
    expect(lmEvalSamplesName("samples_gsm8k.jsonl")).toEqual({ task: "gsm8k" });
    expect(lmEvalSamplesName("results_2024.json")).toBeUndefined();
  });

  it("reads numeric metrics of each row by doc_hash, leaving list-valued ones out (0.4.x)", async () => {
    const rows = await samples(
      [
        "lm-eval",
        "negotiationtom",
        "samples_negotiationtom_intention_2026-07-08T16-04-34.219874.jsonl",
      ],
      "negotiationtom_intention",
    );
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.metric))).toEqual(
      new Set(["negotiationtom_intention.exact_match"]),
    );
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.value).toBe(0);
    expect(rows[0]!.excerpt?.()).toMatch(/^Background: Here is a negotiation/);
  });

  it("reads 0.4.2 samples saved as .json lines without filter or metrics keys", async () => {
    const rows = await samples(
      [
        "lm-eval",
        "bias_classification",
        "samples_bias_classification_2024-06-17T12-20-26.826621.json",
      ],
      "bias_classification",
    );
    expect(new Set(rows.map((r) => r.metric))).toEqual(
      new Set(["bias_classification.acc", "bias_classification.acc_norm"]),
    );
    expect(rows.filter((r) => r.metric === "bias_classification.acc")).toHaveLength(8);
    expect(rows[0]!.excerpt?.()).toMatch(/^Sierra Leone is in West Africa/);
  });

  it("refuses a line without doc_hash or doc_id, naming the line", async () => {
    await expect(
      readLmEvalSamples(
        Readable.from([Buffer.from('{"doc_id": 0, "acc": 1.0}\n{"acc": 1}\n')]),
        "s.jsonl",
        "t",
        () => {},
      ),
    ).rejects.toThrow(/line 2: no doc_hash or doc_id/);
  });
});

describe("one lm-eval run per folder", () => {
  it("reads the newest run of a folder and its samples, and says so", async () => {
    const root = join(dir, "runs");
    const model = join(root, "Qwen__Qwen3-8B");
    mkdirSync(model, { recursive: true });
    cpSync(llmFixturePath("lm-eval", "negotiationtom"), model, { recursive: true });
    // An older run of the same model in the same folder, with a worse score.
    const older = readFileSync(
      join(model, "results_2026-07-08T16-04-34.219874.json"),
      "utf8",
    ).replace('"acc,none": 0.45,', '"acc,none": 0.1,');
    writeFileSync(join(model, "results_2026-07-07T09-00-00.000001.json"), older);
    writeFileSync(
      join(model, "samples_negotiationtom_intention_2026-07-07T09-00-00.000001.jsonl"),
      "not json\n",
    );
    const config = { ...defaultConfig().metrics, files: ["**/results_*.json"] };
    const read = await readMetrics(dirSource(root), config);
    expect(read.files).toEqual(["Qwen__Qwen3-8B/results_2026-07-08T16-04-34.219874.json"]);
    expect(read.metrics.get("negotiationtom_belief.acc")?.value).toBe(0.45);
    expect(read.warnings).toEqual([
      "2 lm-evaluation-harness runs in Qwen__Qwen3-8B; read the newest, results_2026-07-08T16-04-34.219874.json",
    ]);
    // Paired against itself: the samples of the newest run only (the older one is not JSON).
    const side = { source: dirSource(root), formats: read.formats };
    const joined = await gatherExamples(side, side, 0.95);
    const scores = joined?.paired.get("negotiationtom_intention.exact_match");
    expect(scores).toMatchObject({ n: 6, binary: true, onlyBase: 0, onlyHead: 0 });
    expect(joined?.flips).toEqual([]);
  });
});

describe("DeepEval per example", () => {
  it("pairs test cases by their key and lists flips of a metric's pass/fail", async () => {
    const base = join(dir, "de", "base", ".deepeval");
    const head = join(dir, "de", "head", ".deepeval");
    mkdirSync(base, { recursive: true });
    mkdirSync(head, { recursive: true });
    const text = readLlmFixture("deepeval", ".latest_test_run.json").toString("utf8");
    writeFileSync(join(base, ".latest_test_run.json"), text);
    // The head's answer to the sale-items question no longer contradicts the context.
    const run = JSON.parse(text) as {
      testRunData: {
        testCases: { metricsData: { name: string; success: boolean; score?: number }[] }[];
      };
    };
    const fixed = run.testRunData.testCases[1]!.metricsData.find(
      (m) => m.name === "Hallucination",
    )!;
    fixed.success = true;
    fixed.score = 0.1;
    writeFileSync(join(head, ".latest_test_run.json"), JSON.stringify(run));
    const config = `metrics:\n  files: ["**/.latest_test_run.json"]\n  gates:\n    Hallucination.pass_rate: { max_regression: 0.5, significance: 0.05 }\n`;
    writeFileSync(join(dir, "de", "mlgate.yml"), config);
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base", "--format", "json"],
      join(dir, "de"),
    );
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout) as {
      metrics: { name: string; direction: string; status: string }[];
      flipped_examples: { metric: string; fail_to_pass: { id: string; excerpt: string }[] }[];
    };
    expect(json.metrics.find((m) => m.name === "Hallucination.score")).toMatchObject({
      direction: "lower",
      status: "improved",
    });
    const flips = json.flipped_examples.find((f) => f.metric === "Hallucination.pass_rate")!;
    expect(flips.fail_to_pass).toEqual([
      {
        id: "test_refund_policy (What is the refund window for sale items?)",
        excerpt: "What is the refund window for sale items?",
      },
    ]);
  });
});

describe("the example under examples/llm-eval", () => {
  it("passes within noise with McNemar's p equal to scipy's and lists the flips", async () => {
    const root = join(llmFixturePath(), "..", "..", "..", "examples", "llm-eval");
    const r = await runCli(
      [
        "check",
        "--config",
        ".github/mlgate.yml",
        "--head",
        "pull-request",
        "--base",
        "main",
        "--format",
        "json",
      ],
      root,
    );
    const json = JSON.parse(r.stdout) as {
      verdict: string;
      gates: { metric: string; outcome: string; significance?: { p_value: number } }[];
      flipped_examples: { pass_to_fail: unknown[]; fail_to_pass: unknown[] }[];
    };
    expect(json.verdict).toBe("passed");
    const gate = json.gates.find(
      (g) => g.metric === "gsm8k.exact_match.strict-match" && g.significance,
    )!;
    expect(gate.outcome).toBe("within_noise");
    // scipy.stats.binomtest(2, 10, 0.5).pvalue
    expect(gate.significance!.p_value).toBeCloseTo(0.109375, 14);
    expect(json.flipped_examples[0]!.pass_to_fail).toHaveLength(8);
    expect(json.flipped_examples[0]!.fail_to_pass).toHaveLength(2);
    expect(r.code).toBe(0);
  });
});
