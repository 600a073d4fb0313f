import { isBookkeeping } from "../is-bookkeeping.js";
import type { GateResult, MetricRow, Review } from "../review.js";

/** A metric and the gates on it, as one line of the review. */
export interface MetricLine {
  /** The metric's row; absent for a gate on a metric nobody reported (a misspelt name). */
  readonly row?: MetricRow | undefined;
  readonly name: string;
  readonly gates: readonly GateResult[];
}

/**
 * The review cut into the parts a reader takes in order, each metric in exactly one:
 * failing gates first, then what changed or needs a look, then the quiet rest, named.
 */
export interface ReviewSections {
  /** Metrics with a failed (or accepted) gate. */
  readonly failing: readonly MetricLine[];
  /** Changed, not a number, within noise or not evaluated: worth a look, nothing failed. */
  readonly changes: readonly MetricLine[];
  /** Gated metrics whose gates all passed and that did not move. */
  readonly passing: readonly MetricLine[];
  /** Ungated metrics that did not move. */
  readonly unchanged: readonly MetricLine[];
  /** Ungated metrics only the head has. */
  readonly added: readonly MetricLine[];
  /** Ungated metrics only the baseline has. */
  readonly removed: readonly MetricLine[];
  /** Run time, counters, schedules: reported, never gated. */
  readonly bookkeeping: readonly MetricLine[];
  /** Bias-check and data-check gates that failed (shown in their sections, named here). */
  readonly failingFairness: readonly GateResult[];
}

const FAILING = new Set<GateResult["outcome"]>(["failed", "accepted"]);
const MOVED = new Set<MetricRow["status"]>(["regressed", "improved", "changed"]);

/** Sorts the review's metrics into {@link ReviewSections}. Pure. */
export function reviewSections(review: Review): ReviewSections {
  const gatesOf = new Map<string, GateResult[]>();
  const metricNames = new Set(review.metrics.map((r) => r.name));
  const failingFairness: GateResult[] = [];
  for (const g of review.gates) {
    // Bias-check and data-check gates are shown in their own sections below the metrics.
    const ownSection = g.metric.startsWith("fairness.") || g.metric.startsWith("data.");
    if (ownSection && !metricNames.has(g.metric)) {
      if (FAILING.has(g.outcome)) failingFairness.push(g);
      continue;
    }
    const list = gatesOf.get(g.metric) ?? [];
    list.push(g);
    gatesOf.set(g.metric, list);
  }
  const sections = {
    failing: [] as MetricLine[],
    changes: [] as MetricLine[],
    passing: [] as MetricLine[],
    unchanged: [] as MetricLine[],
    added: [] as MetricLine[],
    removed: [] as MetricLine[],
    bookkeeping: [] as MetricLine[],
  };
  const seen = new Set<string>();
  for (const row of review.metrics) {
    seen.add(row.name);
    const gates = gatesOf.get(row.name) ?? [];
    const line: MetricLine = { row, name: row.name, gates };
    const notANumber = row.baseNotANumber !== undefined || row.headNotANumber !== undefined;
    if (gates.some((g) => FAILING.has(g.outcome))) sections.failing.push(line);
    else if (gates.some((g) => g.outcome !== "passed")) sections.changes.push(line);
    else if (gates.length === 0 && isBookkeeping(row.name)) sections.bookkeeping.push(line);
    else if (notANumber || MOVED.has(row.status)) sections.changes.push(line);
    else if (gates.length > 0) sections.passing.push(line);
    else if (row.status === "added") sections.added.push(line);
    else if (row.status === "removed") sections.removed.push(line);
    else sections.unchanged.push(line);
  }
  // Gates on metrics that no side reported: a missing metric, maybe a misspelt name.
  for (const [name, gates] of gatesOf) {
    if (!seen.has(name)) sections.failing.push({ name, gates });
  }
  const rank = { regressed: 0, changed: 1, improved: 2, added: 3, removed: 4, unchanged: 5 };
  sections.changes.sort(
    (a, b) =>
      Number(b.gates.length > 0) - Number(a.gates.length > 0) ||
      (a.row ? rank[a.row.status] : 0) - (b.row ? rank[b.row.status] : 0),
  );
  return { ...sections, failingFairness };
}
