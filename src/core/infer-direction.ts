import { isBookkeeping } from "./is-bookkeeping.js";
import { nameTokens } from "./name-tokens.js";
import type { Direction } from "./types.js";

export { nameTokens };

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
// LLM evaluation scores whose tokens say nothing alone: pass@1, pass_rate, exact_match.
const HIGHER_PHRASES = [
  /(?:^|_)pass_(?:at_)?\d+(?:_|$)/,
  /(?:^|_)pass_rate(?:_|$)/,
  /(?:^|_)exact_match(?:_|$)/,
];

/**
 * Which way is better for a metric, from its name. Bookkeeping of the run (see
 * {@link isBookkeeping}) is neutral. Otherwise the last telling token wins, since names
 * end with the measured quantity (`accuracy_error` is an error, `loss_auc` an AUC).
 */
export function inferDirection(name: string): Direction {
  // Run time, throughput of the run, counters and schedules say nothing about the model.
  if (isBookkeeping(name)) return "neutral";
  const tokens = nameTokens(name);
  if (HIGHER_PHRASES.some((re) => re.test(tokens.join("_")))) return "higher";
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
