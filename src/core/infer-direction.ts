import type { Direction } from "./types.js";

// Tokens of a metric name that say which way is better. Matched on whole tokens of the name
// (split on punctuation, `/`, `.` and camelCase), trailing digits ignored (rouge1 → rouge).
const LOWER = new Set([
  "loss",
  "losses",
  "error",
  "errors",
  "err",
  "mse",
  "mae",
  "rmse",
  "mape",
  "smape",
  "msle",
  "latency",
  "time",
  "duration",
  "runtime",
  "seconds",
  "sec",
  "ms",
  "perplexity",
  "ppl",
  "wer",
  "cer",
  "ter",
  "fpr",
  "fnr",
  "far",
  "frr",
  "eer",
  "brier",
  "logloss",
  "nll",
  "hamming",
  "memory",
  "rss",
  "flops",
  "divergence",
  "kl",
  "fid",
]);
const HIGHER = new Set([
  "accuracy",
  "acc",
  "precision",
  "prec",
  "recall",
  "f1",
  "fbeta",
  "auc",
  "auroc",
  "auprc",
  "roc",
  "ap",
  "map",
  "ndcg",
  "mrr",
  "r2",
  "bleu",
  "rouge",
  "rougel",
  "rougelsum",
  "meteor",
  "iou",
  "miou",
  "dice",
  "tpr",
  "tnr",
  "specificity",
  "sensitivity",
  "throughput",
  "qps",
  "rps",
  "mcc",
  "kappa",
  "hits",
  "em",
  "bertscore",
  "chrf",
  "spearman",
  "pearson",
  "correlation",
  "coverage",
  "jaccard",
  "balanced",
]);
// Phrases that override their tokens ("samples_per_second" is a throughput, not a time).
const HIGHER_PHRASES = [
  /per_?sec(ond)?s?$/,
  /_per_s$/,
  /samples_per/,
  /steps_per/,
  /tokens_per/,
  // LLM evaluation scores whose tokens say nothing alone: pass@1, pass_rate, exact_match.
  /(?:^|_)pass_(?:at_)?\d+(?:_|$)/,
  /(?:^|_)pass_rate(?:_|$)/,
  /(?:^|_)exact_match(?:_|$)/,
];

/** Splits `eval/val_F1Score` into `["eval", "val", "f1", "score"]`. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/**
 * Which way is better for a metric, from its name. The last telling token wins, since names
 * end with the measured quantity (`accuracy_error` is an error, `loss_auc` an AUC).
 */
export function inferDirection(name: string): Direction {
  const snake = nameTokens(name).join("_");
  if (HIGHER_PHRASES.some((re) => re.test(snake))) return "higher";
  const tokens = nameTokens(name);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const raw = tokens[i]!;
    const stripped = raw.replace(/\d+$/, "");
    for (const token of stripped && stripped !== raw ? [raw, stripped] : [raw]) {
      if (LOWER.has(token)) return "lower";
      if (HIGHER.has(token)) return "higher";
    }
  }
  return "neutral";
}
