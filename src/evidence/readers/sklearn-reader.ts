import { InputError } from "../../core/errors.js";
import { decodeText } from "./decode-text.js";
import { flattenMetrics, isMapping } from "./flatten-metrics.js";
import type { MetricReader } from "./metric-reader.js";
import { parseJsonText } from "./parse-json-text.js";

const SUMMARY_ROWS = ["accuracy", "macro avg", "weighted avg", "micro avg", "samples avg"];
const ROW_KEYS = new Set(["precision", "recall", "f1-score", "support"]);

/**
 * scikit-learn `classification_report(output_dict=True)` dumped as JSON. Names are the report's
 * own, dotted: `macro avg.f1-score` (hyphen kept), `0.recall` per class, and `accuracy` as a
 * bare number. `support` rows are kept: a changed support means the evaluation set changed,
 * which a reviewer should see; no direction is inferred from the name, so it is never gated
 * unless configured. A file without the report's shape is an `InputError`, which is what makes
 * forcing this format in `metrics.formats` worth more than reading it as plain JSON.
 */
export const sklearnReader: MetricReader = {
  read(content, path) {
    const report = parseJsonText(decodeText(content, path), path);
    if (!isMapping(report) || !looksLikeReport(report)) {
      throw new InputError(
        'does not look like a classification_report(output_dict=True): expected rows of precision/recall/f1-score/support and "macro avg" or "accuracy"',
        { where: path },
      );
    }
    return flattenMetrics(report, path);
  },
};

function looksLikeReport(report: object): boolean {
  const entries = Object.entries(report);
  if (!SUMMARY_ROWS.some((row) => Object.hasOwn(report, row))) return false;
  return entries.every(
    ([key, value]) =>
      (key === "accuracy" && typeof value === "number") ||
      (isMapping(value) && Object.keys(value).every((k) => ROW_KEYS.has(k))),
  );
}
