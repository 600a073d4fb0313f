import type { Direction } from "../types.js";
import { type BaseHistory, type HistorySettings, seriesOf } from "./base-history.js";
import { type PredictionLimit, predictionLimit } from "./prediction-limit.js";

/**
 * What the history says about one head value: judged against a prediction interval, or too
 * short to judge (then the plain tolerance applies).
 */
export type HistoryCheck =
  | (PredictionLimit & {
      readonly kind: "judged";
      /** The head lies beyond the limit in the bad direction. */
      readonly outside: boolean;
      readonly direction: Exclude<Direction, "neutral">;
      readonly unit: BaseHistory["unit"];
    })
  | {
      readonly kind: "short";
      readonly n: number;
      readonly minRuns: number;
      readonly unit: BaseHistory["unit"];
    };

/**
 * Judges `head` against the last `settings.runs` base values of `metric`: outside when it is
 * strictly beyond the one-sided prediction limit (a value on the limit is inside, as a Bencher
 * boundary is). With fewer than `settings.minRuns` values the check is `short`.
 */
export function checkAgainstHistory(
  history: BaseHistory,
  metric: string,
  head: number,
  direction: Exclude<Direction, "neutral">,
  settings: HistorySettings,
): HistoryCheck {
  const values = seriesOf(history, metric, settings.runs).map((s) => s.value);
  if (values.length < Math.max(2, settings.minRuns)) {
    return { kind: "short", n: values.length, minRuns: settings.minRuns, unit: history.unit };
  }
  const limit = predictionLimit(values, settings.confidence, direction);
  const outside = direction === "higher" ? head < limit.limit : head > limit.limit;
  return { kind: "judged", ...limit, outside, direction, unit: history.unit };
}
