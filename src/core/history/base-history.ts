/**
 * The base branch's recent results: one point per successful run (the app) or per commit that
 * changed the metric files (the CLI), oldest first. Plain data, built by whoever read it.
 */
export interface HistoryPoint {
  /** The commit the values were produced from. */
  readonly sha: string;
  /** When the run (or the commit) happened, ISO 8601, when known. */
  readonly time?: string | undefined;
  /** Human words for the point: "run #41", "commit a1b2c3d". */
  readonly label?: string | undefined;
  /** Finite metric values by name (per-seed values already averaged). */
  readonly values: Readonly<Record<string, number>>;
}

export interface BaseHistory {
  /** Oldest first; the newest is the baseline or the nearest point before it. */
  readonly points: readonly HistoryPoint[];
  /** What one point is, for sentences: "base runs", "base commits". */
  readonly unit: "runs" | "commits";
  /** Where the points come from: "runs of train.yml on main", "commits of main". */
  readonly source: string;
  /** Runs or commits left out, one sentence each ("run #12: the artifact has expired"). */
  readonly skipped: readonly string[];
}

/** How much history the review uses, from the `history:` section of the config. */
export interface HistorySettings {
  /** The most recent points used for trends and `significance: history`. */
  readonly runs: number;
  /** Fewer points than this and `significance: history` falls back to the plain tolerance. */
  readonly minRuns: number;
  /** One-sided confidence of the prediction interval (0.99). */
  readonly confidence: number;
}

/** The last `runs` values of one metric, oldest first, with the points they came from. */
export function seriesOf(
  history: BaseHistory,
  metric: string,
  runs: number,
): { readonly point: HistoryPoint; readonly value: number }[] {
  const found: { point: HistoryPoint; value: number }[] = [];
  for (let i = history.points.length - 1; i >= 0 && found.length < runs; i--) {
    const point = history.points[i];
    const value = point?.values[metric];
    if (point && typeof value === "number" && Number.isFinite(value)) found.push({ point, value });
  }
  return found.reverse();
}
