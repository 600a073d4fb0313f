import { InputError } from "../../core/errors.js";
import type { Direction, Metric } from "../../core/types.js";
import { decodeText } from "./decode-text.js";
import { isMapping } from "./flatten-metrics.js";
import { checkMetricName } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";
import { parseJsonText } from "./parse-json-text.js";

const STDERR = "_stderr";

type Table = Readonly<Record<string, unknown>>;

/**
 * lm-evaluation-harness `results_*.json` (also an early 0.4 run saved under any name, such as
 * `gsm8k.json`). Version 0.4 keys are `<metric>,<filter>`: `results.<task>["acc,none"]` becomes
 * `<task>.acc`, another filter is kept as a suffix (`gsm8k.exact_match.strict-match`); groups
 * (in `results` or `groups`) read the same way. `<metric>_stderr,<filter>` is that metric's
 * standard error, not a metric (`"N/A"` means none). Direction comes from the file's
 * `higher_is_better.<task>.<metric>`; a metric missing there (humaneval lists the function
 * `pass_at_k`, not `pass@1`) is left to its name. Everything else — `alias`, `name`,
 * `sample_len`, `sample_count`, group headers holding `" ": " "`, configs, versions, hashes,
 * dates, seeds — is not a metric. Files of the 0.3 era (`"acc"`, `"acc_stderr"`, no filter) read
 * the same way with the filter left out.
 */
export const lmEvalResultsReader: MetricReader = {
  read(content, path) {
    const root = parseJsonText(decodeText(content, path), path);
    if (!isMapping(root) || !isMapping((root as Table).results)) {
      throw new InputError(
        'has no "results" mapping; is it an lm-evaluation-harness results file?',
        { where: path },
      );
    }
    const file = root as Table;
    const directions = isMapping(file.higher_is_better) ? (file.higher_is_better as Table) : {};
    const tasks = new Map<string, Table>();
    for (const section of [file.results, file.groups]) {
      if (!isMapping(section)) continue;
      for (const [task, entry] of Object.entries(section as Table)) {
        if (isMapping(entry) && !tasks.has(task)) tasks.set(task, entry as Table);
      }
    }
    const filtered = [...tasks.values()].some((entry) =>
      Object.keys(entry).some((key) => key.includes(",")),
    );
    const metrics: Metric[] = [];
    for (const [task, entry] of tasks) {
      const hib = isMapping(directions[task]) ? (directions[task] as Table) : {};
      metrics.push(...readTask(task, entry, hib, filtered, path));
    }
    return metrics;
  },
};

interface Key {
  readonly metric: string;
  readonly filter: string | undefined;
}

function splitKey(key: string, filtered: boolean): Key | undefined {
  if (!filtered) return { metric: key, filter: undefined };
  const comma = key.indexOf(",");
  if (comma <= 0) return undefined;
  return { metric: key.slice(0, comma), filter: key.slice(comma + 1) };
}

function readTask(
  task: string,
  entry: Table,
  hib: Table,
  filtered: boolean,
  path: string,
): Metric[] {
  const stderrs = new Map<string, number>();
  const values: { key: Key; value: number }[] = [];
  for (const [raw, value] of Object.entries(entry)) {
    const key = splitKey(raw, filtered);
    if (!key || typeof value !== "number") continue;
    if (!filtered && raw === "sample_len") continue;
    if (key.metric.endsWith(STDERR)) {
      const of = `${key.metric.slice(0, -STDERR.length)},${key.filter ?? ""}`;
      if (Number.isFinite(value) && value >= 0) stderrs.set(of, value);
      continue;
    }
    values.push({ key, value });
  }
  return values.map(({ key, value }) => {
    const name = checkMetricName(
      key.filter === undefined || key.filter === "none"
        ? `${task}.${key.metric}`
        : `${task}.${key.metric}.${key.filter}`,
      path,
    );
    const stderr = stderrs.get(`${key.metric},${key.filter ?? ""}`);
    return {
      name,
      value,
      file: path,
      ...directionOf(hib[key.metric]),
      ...(stderr === undefined ? {} : { stderr }),
    };
  });
}

function directionOf(flag: unknown): { direction?: Direction } {
  if (flag === true) return { direction: "higher" };
  if (flag === false) return { direction: "lower" };
  return {};
}

/**
 * Whether the start of a JSON file looks like lm-evaluation-harness output: a top-level
 * `"results"` mapping whose first entries hold `<metric>,<filter>` keys, or that is followed by
 * lm-eval's own sections. Content, not the name: early 0.4 runs were saved as `gsm8k.json`.
 */
export function looksLikeLmEvalResults(head: string): boolean {
  if (!/^\s*\{\s*"results"\s*:\s*\{/.test(head)) return false;
  return (
    /"[^"\n]+_stderr,[^"\n]*"\s*:/.test(head) ||
    /"(?:higher_is_better|n-shot|group_subtasks|versions|configs)"\s*:/.test(head) ||
    /"alias"\s*:/.test(head)
  );
}
