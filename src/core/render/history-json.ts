import type { HistoryCheck } from "../history/history-check.js";
import type { ReviewHistory } from "../history/review-history.js";

/** The trend series in the JSON report (snake_case, oldest point first). */
export function historyJson(history: ReviewHistory) {
  return {
    source: history.source,
    unit: history.unit,
    runs: history.runs,
    available: history.available,
    skipped: history.skipped,
    series: history.series.map((s) => ({
      metric: s.metric,
      direction: s.direction,
      head: s.head,
      outcome: s.outcome ?? null,
      limit: s.limit ?? null,
      values: s.points.map((p) => ({
        sha: p.sha,
        time: p.time ?? null,
        label: p.label ?? null,
        value: p.value,
      })),
    })),
  };
}

/** What a `significance: history` gate's check says, in the JSON report. */
export function historyCheckJson(check: HistoryCheck) {
  if (check.kind === "short") {
    return { judged: false, n: check.n, min_runs: check.minRuns, unit: check.unit };
  }
  return {
    judged: true,
    n: check.n,
    mean: check.mean,
    std: check.std,
    t: check.t,
    confidence: check.confidence,
    limit: check.limit,
    outside: check.outside,
    unit: check.unit,
  };
}
