import { decodeText } from "./decode-text.js";
import { flattenMetrics } from "./flatten-metrics.js";
import type { MetricReader } from "./metric-reader.js";
import { parseJsonText } from "./parse-json-text.js";

/** Nested JSON metrics (`metrics.json`), flattened to dotted keys as `dvc metrics` does. */
export const jsonReader: MetricReader = {
  read(content, path) {
    return flattenMetrics(parseJsonText(decodeText(content, path), path), path);
  },
};
