import type { ClassificationMetric } from "./classification-metric-from-name.js";

/** Counts of one side's confusion matrix (positive = the configured positive label). */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/** a / b, or NaN when b is 0: an undefined rate is never silently 0 (DESIGN.md "Fairness"). */
function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

/** The metric's value for one confusion matrix; NaN when its denominator is 0. */
export function metricFromConfusion(metric: ClassificationMetric, m: Confusion): number {
  const { tp, fp, fn, tn } = m;
  switch (metric) {
    case "accuracy":
      return ratio(tp + tn, tp + fp + fn + tn);
    case "error_rate":
      return ratio(fp + fn, tp + fp + fn + tn);
    case "balanced_accuracy":
      return (ratio(tp, tp + fn) + ratio(tn, tn + fp)) / 2;
    case "precision":
      return ratio(tp, tp + fp);
    case "recall":
      return ratio(tp, tp + fn);
    case "f1":
      return ratio(2 * tp, 2 * tp + fp + fn);
    case "fpr":
      return ratio(fp, fp + tn);
    case "fnr":
      return ratio(fn, fn + tp);
    case "tnr":
      return ratio(tn, tn + fp);
  }
}
