import type { ConfusionCounts, Rates } from "./fairness-report.js";

/** n / d, or null when d is 0: fairlearn's 0/0 → 0 would silently inflate or hide a gap. */
function rate(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

/** fairlearn's rates of one confusion matrix (DESIGN.md "Fairness"). */
export function ratesFromCounts({ tp, fp, fn, tn }: ConfusionCounts): Rates {
  const count = tp + fp + fn + tn;
  const positives = tp + fn;
  const negatives = fp + tn;
  return {
    count,
    positives,
    negatives,
    selection_rate: rate(tp + fp, count),
    true_positive_rate: rate(tp, positives),
    false_positive_rate: rate(fp, negatives),
    false_negative_rate: rate(fn, positives),
    true_negative_rate: rate(tn, negatives),
    precision: rate(tp, tp + fp),
    accuracy: rate(tp + tn, count),
  };
}
