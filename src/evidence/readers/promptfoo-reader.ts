import type { Metric } from "../../core/types.js";
import { checkMetricName } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";
import { parsePromptfooRun } from "./promptfoo-run.js";

/**
 * promptfoo `--output results.json` (`results.version` 3 and later):
 *
 * - `pass_rate` = successes / (successes + failures + errors), from `results.stats` as
 *   promptfoo-action computes it (errors count as not passed);
 * - `<provider>.pass_rate` per provider, named by its label, else its id (as `prompts[].provider`);
 * - `score.<name>`: the mean of each named score over the results that carry it;
 * - `errors` (count), `latency_ms` (mean) and `cost` (total): reported, neutral.
 */
export const promptfooReader: MetricReader = {
  read(content, path) {
    const run = parsePromptfooRun(content, path);
    const metrics: Metric[] = [];
    const add = (name: string, value: number, direction: Metric["direction"]) => {
      metrics.push({ name: checkMetricName(name, path), value, file: path, direction });
    };
    const total = run.successes + run.failures + run.errors;
    if (total > 0) add("pass_rate", run.successes / total, "higher");
    for (const provider of run.providers) {
      const mine = run.examples.filter((e) => e.provider === provider);
      if (mine.length === 0) continue;
      const passed = mine.reduce((sum, e) => sum + e.success, 0);
      add(`${provider}.pass_rate`, passed / mine.length, "higher");
    }
    for (const [name, values] of run.namedScores) {
      add(`score.${name}`, values.reduce((a, b) => a + b, 0) / values.length, "higher");
    }
    add("errors", run.errors, "neutral");
    if (run.latencies.length > 0) {
      add("latency_ms", run.latencies.reduce((a, b) => a + b, 0) / run.latencies.length, "neutral");
    }
    add("cost", run.cost, "neutral");
    return metrics;
  },
};
