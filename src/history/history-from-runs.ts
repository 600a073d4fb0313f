import type { BaseHistory } from "../core/history/base-history.js";
import type { RecordedRun } from "./recorded-run.js";

/**
 * The review's view of the recorded runs: the last `runs` runs up to and including the baseline
 * run (all recorded runs when the baseline is not among them), oldest first; runs without values
 * are left out and named.
 */
export function historyFromRuns(
  recorded: readonly RecordedRun[],
  options: {
    readonly runs: number;
    readonly baselineRunId?: number | undefined;
    readonly source: string;
  },
): BaseHistory {
  const at = recorded.findIndex((r) => r.runId === options.baselineRunId);
  const upTo = at >= 0 ? recorded.slice(0, at + 1) : recorded;
  const window = upTo.slice(-options.runs);
  return {
    points: window.flatMap((r) =>
      r.values
        ? [{ sha: r.sha, time: r.time, label: `run #${r.runNumber}`, values: r.values }]
        : [],
    ),
    unit: "runs",
    source: options.source,
    skipped: window.flatMap((r) =>
      r.values ? [] : [`run #${r.runNumber}: ${r.missing ?? "no metric values"}`],
    ),
  };
}
