/** Binary classification metrics that are a function of the confusion matrix. */
export type ClassificationMetric =
  | "accuracy"
  | "error_rate"
  | "balanced_accuracy"
  | "precision"
  | "recall"
  | "f1"
  | "fpr"
  | "fnr"
  | "tnr";

const SYNONYMS: Readonly<Record<string, ClassificationMetric>> = {
  accuracy: "accuracy",
  acc: "accuracy",
  binary_accuracy: "accuracy",
  error_rate: "error_rate",
  error: "error_rate",
  misclassification_rate: "error_rate",
  zero_one_loss: "error_rate",
  balanced_accuracy: "balanced_accuracy",
  precision: "precision",
  ppv: "precision",
  recall: "recall",
  tpr: "recall",
  sensitivity: "recall",
  true_positive_rate: "recall",
  f1: "f1",
  f1_score: "f1",
  f1score: "f1",
  fpr: "fpr",
  false_positive_rate: "fpr",
  fnr: "fnr",
  false_negative_rate: "fnr",
  miss_rate: "fnr",
  tnr: "tnr",
  specificity: "tnr",
  true_negative_rate: "tnr",
};

/**
 * Namespaces that say "measured on an evaluation split". Anything else in front of the name
 * (`train`, `macro avg`, a class label, another model) may be a different quantity from the one
 * the binary predictions file gives, and a significance claim about the wrong quantity is worse
 * than none, so such names are not mapped.
 */
const EVAL_SCOPES = new Set([
  "eval",
  "evaluation",
  "test",
  "val",
  "valid",
  "validation",
  "dev",
  "holdout",
  "metrics",
  "results",
  "final",
  "overall",
]);

const SCOPE_PREFIX = /^(?:eval|evaluation|test|val|valid|validation|dev|holdout)_/;

/**
 * Maps a metric name as found in a metrics file (`accuracy`, `eval_accuracy`, `test.f1`,
 * `val/precision`, `metrics/Recall`) to the confusion-matrix metric the per-example predictions
 * can recompute, or undefined when the name is not one of them or is scoped to something other
 * than an evaluation split.
 */
export function classificationMetricFromName(name: string): ClassificationMetric | undefined {
  const segments = name
    .trim()
    .toLowerCase()
    .split(/[./:]/)
    .map((s) => s.trim().replace(/[\s-]+/g, "_"));
  const last = segments.pop();
  if (!last) return undefined;
  if (!segments.every((s) => EVAL_SCOPES.has(s))) return undefined;
  return SYNONYMS[last] ?? SYNONYMS[last.replace(SCOPE_PREFIX, "")];
}
