import type { GateOutcome, GateResult } from "../gate-result.js";
import type { MetricRow } from "../metric-row.js";
import type { Direction } from "../types.js";
import { type BaseHistory, type HistorySettings, seriesOf } from "./base-history.js";

/** One base value of a trend. */
export interface TrendPoint {
  readonly sha: string;
  readonly time?: string | undefined;
  readonly label?: string | undefined;
  readonly value: number;
}

/** A gated metric's recent base values and the head, for the review's trend lines. */
export interface TrendSeries {
  readonly metric: string;
  readonly direction: Direction;
  /** Oldest first. */
  readonly points: readonly TrendPoint[];
  readonly head: number | null;
  /** The worst outcome of the metric's gates (failed first). */
  readonly outcome: GateOutcome | undefined;
  /** The prediction limit a history gate judged the head against, when one did. */
  readonly limit?: number | undefined;
}

/** The history part of a review: where it came from, and a series per gated metric. */
export interface ReviewHistory {
  readonly source: string;
  readonly unit: BaseHistory["unit"];
  /** How many recent points were asked for (`history.runs`). */
  readonly runs: number;
  /** How many points the history has in all (some may lack a metric). */
  readonly available: number;
  readonly series: readonly TrendSeries[];
  readonly skipped: readonly string[];
}

const WORST: readonly GateOutcome[] = [
  "failed",
  "accepted",
  "within_noise",
  "passed",
  "not_evaluated",
];

/**
 * The trends a review shows: every metric with a gate of its own, and every other metric whose
 * gate did not simply pass, with its last `settings.runs` base values; failing metrics first.
 */
export function buildReviewHistory(
  history: BaseHistory,
  rows: readonly MetricRow[],
  gates: readonly GateResult[],
  settings: HistorySettings,
): ReviewHistory {
  const gatesOf = new Map<string, GateResult[]>();
  for (const gate of gates) {
    const list = gatesOf.get(gate.metric) ?? [];
    list.push(gate);
    gatesOf.set(gate.metric, list);
  }
  const series: TrendSeries[] = [];
  for (const row of rows) {
    const own = gatesOf.get(row.name) ?? [];
    const outcome = WORST.find((o) => own.some((g) => g.outcome === o));
    const flagged = outcome !== undefined && outcome !== "passed" && outcome !== "not_evaluated";
    if (!row.gated && !flagged) continue;
    const points = seriesOf(history, row.name, settings.runs).map(({ point, value }) => ({
      sha: point.sha,
      time: point.time,
      label: point.label,
      value,
    }));
    if (points.length === 0) continue;
    const judged = own.find((g) => g.history?.kind === "judged")?.history;
    series.push({
      metric: row.name,
      direction: row.direction,
      points,
      head: row.head,
      outcome,
      limit: judged?.kind === "judged" ? judged.limit : undefined,
    });
  }
  series.sort((a, b) => rank(a.outcome) - rank(b.outcome));
  return {
    source: history.source,
    unit: history.unit,
    runs: settings.runs,
    available: history.points.length,
    series,
    skipped: history.skipped,
  };
}

function rank(outcome: GateOutcome | undefined): number {
  return outcome === "failed" ? 0 : 1;
}
