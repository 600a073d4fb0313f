import { createHash } from "node:crypto";
import { InputError } from "../../core/errors.js";
import { decodeText } from "./decode-text.js";
import { isMapping } from "./flatten-metrics.js";
import { parseJsonText } from "./parse-json-text.js";

type Table = Readonly<Record<string, unknown>>;

/** promptfoo's `failureReason` for a result that errored (1 is a failed assertion). */
const FAILURE_ERROR = 2;

/** One test × provider (× prompt) of a promptfoo run; repeats of one test are averaged. */
export interface PromptfooExample {
  /** The provider's label, else its id, as `prompts[].provider` names it. */
  readonly provider: string;
  /** The test's description, else its vars as JSON, and the prompt when the run has several. */
  readonly test: string;
  /** Share of its results (one, or one per `--repeat`) that passed. */
  readonly success: number;
  /** Mean of each named score over its results. */
  readonly scores: ReadonlyMap<string, number>;
  /** The rendered prompt, for showing which example flipped. */
  readonly excerpt: string | undefined;
}

/** What mlgate reads from a promptfoo `--output results.json`. */
export interface PromptfooRun {
  readonly successes: number;
  readonly failures: number;
  readonly errors: number;
  readonly providers: readonly string[];
  readonly examples: readonly PromptfooExample[];
  /** Every result's named scores, for the run's mean score per name. */
  readonly namedScores: ReadonlyMap<string, readonly number[]>;
  readonly latencies: readonly number[];
  readonly cost: number;
}

/**
 * Parses a promptfoo results file (`results.version` 3 and later). Results are keyed by test,
 * never by position or result id (ids differ between runs): by the test's description, else its
 * vars; when several prompts ran, by the prompt's label too. Two different test cases that share
 * a description or vars (red-team strategies over the same prompt) are told apart by a short hash
 * of the whole test case; the results of one test case (`--repeat`) are averaged.
 */
export function parsePromptfooRun(content: Buffer, path: string): PromptfooRun {
  const root = parseJsonText(decodeText(content, path), path);
  const results = isMapping(root) ? (root as Table).results : undefined;
  if (!isMapping(results)) {
    throw new InputError('has no "results" object; is it a promptfoo --output file?', {
      where: path,
    });
  }
  const run = results as Table;
  const version = run.version;
  if (typeof version !== "number" || version < 3) {
    throw new InputError(
      `is a promptfoo results file of version ${JSON.stringify(version ?? null)}; mlgate reads version 3 and later (promptfoo 0.60 onwards): re-run promptfoo eval -o results.json`,
      { where: path },
    );
  }
  const rows = Array.isArray(run.results) ? run.results : [];
  const prompts = Array.isArray(run.prompts) ? run.prompts : [];
  const promptLabels = prompts.map((p) => (isMapping(p) ? text((p as Table).label) : undefined));
  const severalPrompts = new Set(promptLabels.filter((l) => l !== undefined)).size > 1;

  const groups = new Map<string, { example: Draft; count: number }>();
  const namedScores = new Map<string, number[]>();
  const latencies: number[] = [];
  let cost = 0;
  let successes = 0;
  let failures = 0;
  let errors = 0;
  const providers = new Set<string>();
  for (const item of rows) {
    if (!isMapping(item)) continue;
    const row = item as Table;
    const provider = providerOf(row.provider);
    providers.add(provider);
    const success = row.success === true;
    if (success) successes++;
    else if (row.failureReason === FAILURE_ERROR) errors++;
    else failures++;
    if (typeof row.latencyMs === "number" && Number.isFinite(row.latencyMs)) {
      latencies.push(row.latencyMs);
    }
    if (typeof row.cost === "number" && Number.isFinite(row.cost)) cost += row.cost;
    const scores = scoresOf(row.namedScores);
    for (const [name, value] of scores) {
      const list = namedScores.get(name) ?? [];
      list.push(value);
      namedScores.set(name, list);
    }
    const testCase = isMapping(row.testCase) ? (row.testCase as Table) : {};
    const description = text(row.description) ?? text(testCase.description);
    const vars = row.vars ?? testCase.vars ?? {};
    const prompt =
      severalPrompts && typeof row.promptIdx === "number" ? promptLabels[row.promptIdx] : undefined;
    const test = `${description ?? stableJson(vars)}${prompt === undefined ? "" : ` [prompt ${prompt}]`}`;
    const fingerprint = stableJson(row.testCase ?? { description, vars });
    const key = `${provider}\u0000${test}\u0000${fingerprint}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      group.example.success += success ? 1 : 0;
      for (const [name, value] of scores) {
        group.example.scores.set(name, (group.example.scores.get(name) ?? 0) + value);
        group.example.scoreCounts.set(name, (group.example.scoreCounts.get(name) ?? 0) + 1);
      }
    } else {
      const prompted = isMapping(row.prompt) ? text((row.prompt as Table).raw) : undefined;
      groups.set(key, {
        count: 1,
        example: {
          provider,
          test,
          fingerprint,
          success: success ? 1 : 0,
          scores: new Map(scores),
          scoreCounts: new Map([...scores.keys()].map((name) => [name, 1])),
          excerpt: prompted,
        },
      });
    }
  }
  if (typeof run.stats === "object" && run.stats !== null) {
    const stats = run.stats as Table;
    if ([stats.successes, stats.failures, stats.errors].every((n) => typeof n === "number")) {
      successes = stats.successes as number;
      failures = stats.failures as number;
      errors = stats.errors as number;
    }
  }
  return {
    successes,
    failures,
    errors,
    providers: [...providers],
    examples: finish([...groups.values()]),
    namedScores,
    latencies,
    cost,
  };
}

interface Draft {
  provider: string;
  test: string;
  fingerprint: string;
  success: number;
  scores: Map<string, number>;
  scoreCounts: Map<string, number>;
  excerpt: string | undefined;
}

/** Averages repeats and tells apart different test cases that share a name. */
function finish(groups: readonly { example: Draft; count: number }[]): PromptfooExample[] {
  const shared = new Map<string, number>();
  for (const { example } of groups) {
    const key = `${example.provider}\u0000${example.test}`;
    shared.set(key, (shared.get(key) ?? 0) + 1);
  }
  return groups.map(({ example, count }) => {
    const clash = (shared.get(`${example.provider}\u0000${example.test}`) ?? 0) > 1;
    const scores = new Map<string, number>();
    for (const [name, sum] of example.scores) {
      scores.set(name, sum / (example.scoreCounts.get(name) ?? 1));
    }
    return {
      provider: example.provider,
      test: clash ? `${example.test} #${shortHash(example.fingerprint)}` : example.test,
      success: example.success / count,
      scores,
      excerpt: example.excerpt,
    };
  });
}

function providerOf(provider: unknown): string {
  if (typeof provider === "string" && provider !== "") return provider;
  if (isMapping(provider)) {
    const p = provider as Table;
    return text(p.label) ?? text(p.id) ?? "unknown provider";
  }
  return "unknown provider";
}

function scoresOf(value: unknown): Map<string, number> {
  const scores = new Map<string, number>();
  if (!isMapping(value)) return scores;
  for (const [name, score] of Object.entries(value as Table)) {
    if (typeof score === "number" && Number.isFinite(score)) scores.set(name, score);
  }
  return scores;
}

/** A non-empty string, else undefined (promptfoo writes `"label": ""` for unlabelled providers). */
function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** JSON with keys sorted at every level, so equal vars give equal keys whatever their order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isMapping(value)) {
    const entries = Object.entries(value as Table)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 7);
}

/** Whether the start of a JSON file looks like a promptfoo `--output` results file. */
export function looksLikePromptfoo(head: string): boolean {
  return (
    /^\s*\{\s*"evalId"\s*:/.test(head) ||
    /"results"\s*:\s*\{\s*"version"\s*:\s*\d+\s*,\s*"timestamp"\s*:/.test(head)
  );
}
