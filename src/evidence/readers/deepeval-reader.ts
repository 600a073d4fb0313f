import type { Metric } from "../../core/types.js";
import { parseDeepevalRun } from "./deepeval-run.js";
import { checkMetricName } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";

/**
 * A DeepEval test run (`.deepeval/.latest_run_full.json`, `test_run_*.json`, or
 * `.latest_test_run.json` wrapping it in `testRunData`). Per metric (names as DeepEval writes
 * them: `Answer Relevancy`, `Correctness [GEval]`): `<metric>.pass_rate`, the share of that
 * metric's results that passed (an errored result did not), and `<metric>.score`, the mean
 * score, whose direction comes from the file — a metric whose results pass when the score is at
 * most the threshold (Hallucination, Toxicity, Bias) is lower-is-better. `pass_rate` is the
 * share of test cases that passed.
 */
export const deepevalReader: MetricReader = {
  read(content, path) {
    const run = parseDeepevalRun(content, path);
    const metrics: Metric[] = [];
    const add = (name: string, value: number, direction: Metric["direction"]) => {
      metrics.push({ name: checkMetricName(name, path), value, file: path, direction });
    };
    if (run.cases.length > 0) {
      add("pass_rate", run.cases.filter((c) => c.passed).length / run.cases.length, "higher");
    }
    for (const [metric, direction] of run.directions) {
      const results = run.cases.flatMap((c) => {
        const r = c.results.get(metric);
        return r ? [r] : [];
      });
      add(`${metric}.pass_rate`, results.filter((r) => r.passed).length / results.length, "higher");
      const scores = results.flatMap((r) => (r.score === undefined ? [] : [r.score]));
      if (scores.length > 0) {
        add(`${metric}.score`, scores.reduce((a, b) => a + b, 0) / scores.length, direction);
      }
    }
    return metrics;
  },
};
