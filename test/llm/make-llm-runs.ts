import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Python's json.dumps spacing (", " and ": "), which lm-eval and DeepEval write with. */
export function pyJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(pyJson).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`)
      .join(", ")}}`;
  }
  if (typeof value === "number" && Number.isInteger(value) && !Object.is(value, -0)) {
    return String(value);
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Which examples a side gets right, by doc id. */
export type Outcome = (doc: number) => boolean;

/** Base right on 17 of every 20 docs; head loses `lost` of those and wins `gained` of the rest. */
export function flipScenario(
  n: number,
  lost: number,
  gained: number,
): { base: Outcome; head: Outcome } {
  const base: Outcome = (i) => i % 20 < 17;
  const rightIds = [...Array(n).keys()].filter(base);
  const wrongIds = [...Array(n).keys()].filter((i) => !base(i));
  const pick = (ids: number[], k: number) =>
    new Set(k === 0 ? [] : ids.filter((_, j) => j % Math.floor(ids.length / k) === 0).slice(0, k));
  const lose = pick(rightIds, lost);
  const gain = pick(wrongIds, gained);
  return { base, head: (i) => (base(i) ? !lose.has(i) : gain.has(i)) };
}

export interface LmEvalRunOptions {
  readonly n: number;
  readonly right: Outcome;
  /** Docs left out of this run (a crashed shard, a --limit). */
  readonly skip?: (doc: number) => boolean;
  /** Extra docs only this run has. */
  readonly extra?: number;
  /** Write the samples in reverse order, as ranks gathered out of order do. */
  readonly reversed?: boolean;
  readonly date: string;
}

/**
 * Writes a gsm8k run the way lm-eval 0.4 does: `results_<date>.json` (indent 2) and
 * `samples_gsm8k_<date>.jsonl` with one row per doc and filter, keyed by `doc_hash` (sha256 of
 * the doc as json.dumps(indent=2) writes it).
 */
export function writeLmEvalRun(dir: string, options: LmEvalRunOptions): number {
  mkdirSync(dir, { recursive: true });
  const docs: number[] = [];
  for (let i = 0; i < options.n + (options.extra ?? 0); i++) {
    if (i < options.n && options.skip?.(i)) continue;
    docs.push(i);
  }
  if (options.reversed) docs.reverse();
  const rows: string[] = [];
  let right = 0;
  for (const filter of ["strict-match", "flexible-extract"]) {
    for (const i of docs) {
      const doc = {
        question: `Janet has ${i} ducks | and <b>${i % 7}</b> eggs @team. How many?`,
        answer: `She has ${i * 2}.\n#### ${i * 2}`,
      };
      const ok = options.right(i);
      if (filter === "strict-match" && ok) right++;
      rows.push(
        pyJson({
          doc_id: i,
          doc,
          target: doc.answer,
          arguments: {
            gen_args_0: {
              arg_0: `Question: ${doc.question}\nAnswer:`,
              arg_1: { until: ["Question:"], do_sample: false },
            },
          },
          resps: [[ok ? `The answer is ${i * 2}.` : "The answer is 0."]],
          filtered_resps: [ok ? String(i * 2) : "0"],
          filter,
          metrics: ["exact_match"],
          doc_hash: sha256(JSON.stringify(doc, null, 2)),
          prompt_hash: sha256(`Question: ${doc.question}\nAnswer:`),
          target_hash: sha256(doc.answer),
          exact_match: ok ? 1.0 : 0.0,
        }).replace(/"exact_match": (\d)(, |})/, '"exact_match": $1.0$2'),
      );
    }
  }
  writeFileSync(join(dir, `samples_gsm8k_${options.date}.jsonl`), `${rows.join("\n")}\n`);
  const score = right / docs.length;
  const stderr = Math.sqrt((score * (1 - score)) / (docs.length - 1));
  const results = {
    results: {
      gsm8k: {
        alias: "gsm8k",
        "exact_match,strict-match": score,
        "exact_match_stderr,strict-match": stderr,
        "exact_match,flexible-extract": score,
        "exact_match_stderr,flexible-extract": stderr,
      },
    },
    group_subtasks: { gsm8k: [] },
    versions: { gsm8k: 3.0 },
    "n-shot": { gsm8k: 5 },
    higher_is_better: { gsm8k: { exact_match: true } },
    "n-samples": { gsm8k: { original: options.n, effective: docs.length } },
    config: { model: "hf", model_args: "pretrained=org/model", random_seed: 0, numpy_seed: 1234 },
    git_hash: "4600d6bf",
    date: 1716302231.07,
    max_length: 8192,
    total_evaluation_time_seconds: "437.5",
  };
  writeFileSync(join(dir, `results_${options.date}.json`), JSON.stringify(results, null, 2));
  return score;
}

/**
 * Writes a promptfoo `--output results.json` of `n` riddle tests on one provider, results in
 * the order given and with fresh result ids (as two runs really differ).
 */
export function writePromptfooRun(dir: string, n: number, right: Outcome, seed: string): number {
  mkdirSync(dir, { recursive: true });
  const order = [...Array(n).keys()].sort((a, b) =>
    sha256(`${seed}${a}`).localeCompare(sha256(`${seed}${b}`)),
  );
  let successes = 0;
  const results = order.map((i) => {
    const ok = right(i);
    if (ok) successes++;
    const vars = { riddle: `Riddle number ${i}: what has keys but no locks?` };
    return {
      cost: 0.0001,
      gradingResult: {
        pass: ok,
        score: ok ? 1 : 0,
        reason: ok ? "All assertions passed" : 'Expected output to contain "piano"',
        namedScores: { Correctness: ok ? 1 : 0 },
      },
      id: sha256(`${seed}-${i}`).slice(0, 36),
      latencyMs: 900 + (i % 100),
      namedScores: { Correctness: ok ? 1 : 0 },
      prompt: { raw: `Solve this riddle: ${vars.riddle}`, label: "Solve this riddle: {{riddle}}" },
      promptId: "cd59d97e",
      promptIdx: 0,
      provider: { id: "openai:gpt-5-mini", label: "" },
      response: { output: ok ? "A piano." : "A door." },
      score: ok ? 1 : 0,
      success: ok,
      testCase: {
        vars,
        assert: [{ type: "icontains", value: "piano" }],
        options: {},
        metadata: {},
      },
      testIdx: i,
      vars,
      metadata: { _promptfooFileMetadata: {} },
      failureReason: ok ? 0 : 1,
    };
  });
  const output = {
    evalId: `eval-${seed}-2025-10-01T20:08:11`,
    results: {
      version: 3,
      timestamp: "2025-10-01T20:08:11.168Z",
      prompts: [
        {
          raw: "Solve this riddle: {{riddle}}",
          label: "Solve this riddle: {{riddle}}",
          id: "cd59d97e",
          provider: "openai:gpt-5-mini",
        },
      ],
      results,
      stats: { successes, failures: n - successes, errors: 0 },
    },
    config: { prompts: ["Solve this riddle: {{riddle}}"], providers: ["openai:gpt-5-mini"] },
    shareableUrl: null,
  };
  writeFileSync(join(dir, "results.json"), JSON.stringify(output, null, 2));
  return successes / n;
}
