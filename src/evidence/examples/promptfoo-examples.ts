import type { PromptfooRun } from "../readers/promptfoo-run.js";
import { type ExampleSink, excerptOf } from "./example-record.js";

/**
 * Per-example rows of a promptfoo run: success (1, 0, or the share of `--repeat` runs that
 * passed) for `pass_rate` keyed by test and provider and for `<provider>.pass_rate` keyed by
 * test; each named score for `score.<name>`, keyed by test and provider.
 */
export function promptfooExamples(run: PromptfooRun, sink: ExampleSink): void {
  for (const example of run.examples) {
    const both = `${example.test} · ${example.provider}`;
    const excerpt = () => excerptOf(example.excerpt);
    const task = example.provider;
    sink({ metric: "pass_rate", id: both, value: example.success, task, excerpt });
    sink({
      metric: `${example.provider}.pass_rate`,
      id: example.test,
      value: example.success,
      task,
      excerpt,
    });
    for (const [name, value] of example.scores) {
      sink({ metric: `score.${name}`, id: both, value, task, excerpt });
    }
  }
}
