import { posix } from "node:path";
import type { MetricFormat } from "../../core/config/schema.js";
import { csvReader } from "./csv-reader.js";
import { deepevalReader } from "./deepeval-reader.js";
import { looksLikeDeepeval } from "./deepeval-run.js";
import { huggingfaceReader } from "./huggingface-reader.js";
import { jsonReader } from "./json-reader.js";
import { lmEvalResultsReader, looksLikeLmEvalResults } from "./lm-eval-results-reader.js";
import type { MetricReader } from "./metric-reader.js";
import { mlflowReader } from "./mlflow-reader.js";
import { promptfooReader } from "./promptfoo-reader.js";
import { looksLikePromptfoo } from "./promptfoo-run.js";
import { sklearnReader } from "./sklearn-reader.js";
import { tensorboardReader } from "./tensorboard-reader.js";
import { tomlReader } from "./toml-reader.js";
import { wandbReader } from "./wandb-reader.js";
import { yamlReader } from "./yaml-reader.js";

/** The reader for each format a config may name in `metrics.formats`. */
export const readers: Record<MetricFormat, MetricReader> = {
  json: jsonReader,
  yaml: yamlReader,
  toml: tomlReader,
  mlflow: mlflowReader,
  wandb: wandbReader,
  huggingface: huggingfaceReader,
  csv: csvReader,
  sklearn: sklearnReader,
  tensorboard: tensorboardReader,
  "lm-eval": lmEvalResultsReader,
  promptfoo: promptfooReader,
  deepeval: deepevalReader,
};

const HUGGINGFACE_FILES = new Set([
  "all_results.json",
  "eval_results.json",
  "train_results.json",
  "test_results.json",
  "predict_results.json",
  "trainer_state.json",
]);

/**
 * Works out a metric file's format from its path and its first bytes (`head`, a few KiB is
 * plenty), or undefined when neither says. Order matters: the layout- and name-based rules of
 * the tools come before the generic extensions.
 *
 * - `…/mlruns/<exp>/<run>/metrics/<key>` → mlflow
 * - `events.out.tfevents.*` → tensorboard
 * - `wandb-summary.json` → wandb
 * - `all_results.json`, `eval_results.json`, `train_results.json`, `test_results.json`,
 *   `predict_results.json`, `trainer_state.json` → huggingface
 * - `.json` whose content is lm-evaluation-harness output (a `"results"` mapping of
 *   `<metric>,<filter>` keys or with lm-eval's sections; any name, early runs were `gsm8k.json`)
 *   → lm-eval; a promptfoo `--output` file (`evalId`, `results.version`) → promptfoo; a DeepEval
 *   test run (`.latest_run_full.json`, `.latest_test_run.json`, `test_run_*.json`, or
 *   `testCases` with `metricsData`) → deepeval
 * - `classification_report.json`, or any `.json` whose head has a `"macro avg"` /
 *   `"weighted avg"` key → sklearn
 * - `.json` → json; `.yaml`/`.yml` → yaml; `.toml` → toml
 * - `.csv`, Keras' default `training.log`, or a `.log` whose first line starts `epoch,` → csv
 * - no known extension but text starting with `{` → json
 */
export function detectFormat(path: string, head: Buffer): MetricFormat | undefined {
  const name = posix.basename(path);
  const lower = name.toLowerCase();
  const text = head
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (/(?:^|\/)mlruns\/[^/]+\/[^/]+\/metrics\/./.test(path)) return "mlflow";
  if (name.includes("tfevents")) return "tensorboard";
  if (lower === "wandb-summary.json") return "wandb";
  if (HUGGINGFACE_FILES.has(lower)) return "huggingface";
  if (lower.endsWith(".json")) {
    if (looksLikeLmEvalResults(text)) return "lm-eval";
    if (looksLikePromptfoo(text)) return "promptfoo";
    if (looksLikeDeepeval(name, text)) return "deepeval";
    if (lower === "classification_report.json") return "sklearn";
    return /"(?:macro|weighted) avg"\s*:/.test(text) ? "sklearn" : "json";
  }
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  if (lower.endsWith(".toml")) return "toml";
  if (lower.endsWith(".csv") || lower === "training.log") return "csv";
  if (lower.endsWith(".log") && /^"?epoch"?,/.test(text)) return "csv";
  if (/^\s*\{/.test(text)) return "json";
  return undefined;
}
