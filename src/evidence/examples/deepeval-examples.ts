import type { DeepevalRun } from "../readers/deepeval-run.js";
import { type ExampleSink, excerptOf } from "./example-record.js";

/**
 * Per-example rows of a DeepEval run, keyed by test case (name; name and input when names
 * repeat): whether the case passed (`pass_rate`), and per metric whether it passed
 * (`<metric>.pass_rate`, an errored result did not) and its score (`<metric>.score`).
 */
export function deepevalExamples(run: DeepevalRun, sink: ExampleSink): void {
  for (const c of run.cases) {
    const excerpt = () => excerptOf(c.input);
    sink({ metric: "pass_rate", id: c.key, value: c.passed ? 1 : 0, excerpt });
    for (const [metric, result] of c.results) {
      sink({ metric: `${metric}.pass_rate`, id: c.key, value: result.passed ? 1 : 0, excerpt });
      if (result.score !== undefined) {
        sink({ metric: `${metric}.score`, id: c.key, value: result.score, excerpt });
      }
    }
  }
}
