import { describe, expect, it } from "vitest";
import { classificationMetricFromName } from "../../src/core/significance/classification-metric-from-name.js";
import { metricFromConfusion } from "../../src/core/significance/metric-from-confusion.js";

describe("classificationMetricFromName", () => {
  it.each([
    ["accuracy", "accuracy"],
    ["eval_accuracy", "accuracy"],
    ["test.f1", "f1"],
    ["val/precision", "precision"],
    ["metrics/Recall", "recall"],
    ["eval.acc", "accuracy"],
    ["test_f1-score", "f1"],
    ["validation.false_positive_rate", "fpr"],
    ["tpr", "recall"],
    ["error_rate", "error_rate"],
    ["eval/specificity", "tnr"],
  ])("maps %s to %s", (name, metric) => {
    expect(classificationMetricFromName(name)).toBe(metric);
  });

  it.each([
    "train_accuracy",
    "train.accuracy",
    "macro avg.f1-score",
    "0.recall",
    "auc",
    "eval_loss",
    "model_b.accuracy",
    "",
  ])("leaves %s unmapped", (name) => {
    expect(classificationMetricFromName(name)).toBeUndefined();
  });
});

describe("metricFromConfusion", () => {
  const m = { tp: 30, fp: 10, fn: 20, tn: 40 };
  it("computes each metric from the four cells", () => {
    expect(metricFromConfusion("accuracy", m)).toBe(0.7);
    expect(metricFromConfusion("error_rate", m)).toBe(0.3);
    expect(metricFromConfusion("precision", m)).toBe(0.75);
    expect(metricFromConfusion("recall", m)).toBe(0.6);
    expect(metricFromConfusion("f1", m)).toBeCloseTo(60 / 90, 15);
    expect(metricFromConfusion("fpr", m)).toBe(0.2);
    expect(metricFromConfusion("fnr", m)).toBe(0.4);
    expect(metricFromConfusion("tnr", m)).toBe(0.8);
    expect(metricFromConfusion("balanced_accuracy", m)).toBeCloseTo(0.7, 15);
  });

  it("is NaN, not 0, when the denominator is 0", () => {
    expect(metricFromConfusion("precision", { tp: 0, fp: 0, fn: 5, tn: 5 })).toBeNaN();
  });
});
