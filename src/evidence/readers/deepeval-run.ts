import { InputError } from "../../core/errors.js";
import type { Direction } from "../../core/types.js";
import { decodeText } from "./decode-text.js";
import { isMapping } from "./flatten-metrics.js";
import { parseJsonText } from "./parse-json-text.js";

type Table = Readonly<Record<string, unknown>>;

/** One metric's result on one test case. `score` is undefined when the metric errored. */
export interface DeepevalResult {
  readonly passed: boolean;
  readonly score: number | undefined;
}

/** One test case of a DeepEval run, keyed so that it pairs with the same case in another run. */
export interface DeepevalCase {
  readonly key: string;
  readonly passed: boolean;
  readonly input: string | undefined;
  readonly results: ReadonlyMap<string, DeepevalResult>;
}

/** What mlgate reads from a DeepEval test run. */
export interface DeepevalRun {
  readonly cases: readonly DeepevalCase[];
  /** Each metric's direction, from how its results passed against their thresholds. */
  readonly directions: ReadonlyMap<string, Direction>;
}

// DeepEval's metrics that pass when the score is at most the threshold; used only when the file
// has no result that shows which way its threshold works.
const LOWER_IS_BETTER = /^(?:hallucination|toxicity|bias|non[-_ ]?advice|misuse)\b/i;

/**
 * Parses a DeepEval test run: `.deepeval/.latest_run_full.json`, `test_run_*.json`, or
 * `.deepeval/.latest_test_run.json` (the run wrapped in `testRunData`). Test cases are keyed by
 * name; names repeat (every case of a parametrised pytest test shares the function's name), so
 * a repeated name is keyed by name and input, and a pair that still repeats by its place among
 * those (`#2`, `#3`) in the run's order.
 */
export function parseDeepevalRun(content: Buffer, path: string): DeepevalRun {
  let root = parseJsonText(decodeText(content, path), path);
  if (isMapping(root) && isMapping((root as Table).testRunData)) {
    root = (root as Table).testRunData;
  } else if (isMapping(root) && Object.hasOwn(root, "testRunLink")) {
    throw new InputError(
      "holds only a link to a test run on Confident AI, not the run; read .deepeval/.latest_run_full.json instead",
      { where: path },
    );
  }
  if (!isMapping(root) || !Array.isArray((root as Table).testCases)) {
    throw new InputError('has no "testCases" list; is it a DeepEval test run?', { where: path });
  }
  const run = root as Table;
  const items = [
    ...(run.testCases as unknown[]),
    ...(Array.isArray(run.conversationalTestCases) ? run.conversationalTestCases : []),
  ].filter(isMapping) as Table[];
  const ordered = items
    .map((item, index) => ({ item, order: typeof item.order === "number" ? item.order : index }))
    .sort((a, b) => a.order - b.order);

  const names = count(ordered.map(({ item }) => nameOf(item)));
  const pairs = count(ordered.map(({ item }) => `${nameOf(item)}\u0000${inputOf(item) ?? ""}`));
  const seen = new Map<string, number>();
  const votes = new Map<string, { lower: number; higher: number }>();
  const cases: DeepevalCase[] = [];
  for (const { item } of ordered) {
    const name = nameOf(item);
    const input = inputOf(item);
    const pair = `${name}\u0000${input ?? ""}`;
    let key = name;
    if ((names.get(name) ?? 0) > 1) {
      key = input === undefined ? name : `${name} (${input})`;
      if ((pairs.get(pair) ?? 0) > 1) {
        const n = (seen.get(pair) ?? 0) + 1;
        seen.set(pair, n);
        key = `${key} #${n}`;
      }
    }
    const results = new Map<string, DeepevalResult>();
    const data = Array.isArray(item.metricsData) ? item.metricsData : [];
    for (const entry of data) {
      if (!isMapping(entry)) continue;
      const m = entry as Table;
      if (typeof m.name !== "string" || m.name === "") continue;
      const score = typeof m.score === "number" && Number.isFinite(m.score) ? m.score : undefined;
      const errored = typeof m.error === "string" && m.error !== "";
      const passed = m.success === true && !errored;
      results.set(m.name, { passed, score: errored ? undefined : score });
      vote(votes, m.name, m.success, score, m.threshold, errored);
    }
    cases.push({ key, passed: item.success === true, input, results });
  }
  const directions = new Map<string, Direction>();
  for (const metric of new Set(cases.flatMap((c) => [...c.results.keys()]))) {
    const v = votes.get(metric);
    if (v && v.lower !== v.higher) directions.set(metric, v.lower > v.higher ? "lower" : "higher");
    else directions.set(metric, LOWER_IS_BETTER.test(metric) ? "lower" : "higher");
  }
  return { cases, directions };
}

/**
 * A result whose score is on one side of its threshold says which way the metric passes: passed
 * below the threshold (or failed above it) is lower-is-better. Scores equal to the threshold say
 * nothing (DeepEval passes them either way).
 */
function vote(
  votes: Map<string, { lower: number; higher: number }>,
  metric: string,
  success: unknown,
  score: number | undefined,
  threshold: unknown,
  errored: boolean,
): void {
  if (errored || score === undefined || typeof threshold !== "number") return;
  if (typeof success !== "boolean" || score === threshold) return;
  const v = votes.get(metric) ?? { lower: 0, higher: 0 };
  if (success === score < threshold) v.lower++;
  else v.higher++;
  votes.set(metric, v);
}

function nameOf(item: Table): string {
  return typeof item.name === "string" && item.name !== "" ? item.name : "unnamed test case";
}

function inputOf(item: Table): string | undefined {
  if (typeof item.input === "string") return item.input;
  if (typeof item.scenario === "string") return item.scenario;
  return undefined;
}

function count(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Whether a JSON file's name or first bytes say it is a DeepEval test run. */
export function looksLikeDeepeval(name: string, head: string): boolean {
  if (name === ".latest_run_full.json" || name === ".latest_test_run.json") return true;
  if (/^test_run_.*\.json$/.test(name) && /"testCases"\s*:/.test(head)) return true;
  return (
    /"testRunData"\s*:\s*\{/.test(head) ||
    (/"testCases"\s*:\s*\[/.test(head) && /"metricsData"\s*:/.test(head))
  );
}
