import { decodeText } from "./decode-text.js";
import { flattenMetrics, isMapping } from "./flatten-metrics.js";
import type { MetricReader } from "./metric-reader.js";
import { parseJsonText } from "./parse-json-text.js";

/**
 * Weights & Biases `wandb-summary.json`. Keys are kept as logged (`val/acc`, with their `/`);
 * keys starting with `_` are W&B's own bookkeeping (`_step`, `_runtime`, `_timestamp`, `_wandb`)
 * and are skipped at every level; a dict with a `_type` is a media or table reference (images,
 * histograms, tables) and is skipped whole; other dicts, such as `define_metric` summaries
 * (`{"max": 0.93}`), are flattened with a dot: `val/acc.max`.
 */
export const wandbReader: MetricReader = {
  read(content, path) {
    return flattenMetrics(parseJsonText(decodeText(content, path), path), path, {
      skip: (key, value) =>
        key.startsWith("_") || (isMapping(value) && Object.hasOwn(value, "_type")),
    });
  },
};
