import { posix } from "node:path";
import { InputError } from "../../core/errors.js";
import type { Metric } from "../../core/types.js";
import { decodeText } from "./decode-text.js";
import { checkMetricName } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";
import { parseNumber } from "./parse-number.js";

/** `…/mlruns/<experiment>/<run>/metrics/<key>`; the key may hold `/` (nested folders). */
const RUN_METRIC = /(?:^|\/)mlruns\/[^/]+\/[^/]+\/metrics\/(.+)$/;

/**
 * The metric key of an MLflow file-store path: everything below the run's `metrics/` folder, so
 * `mlflow.log_metric("val/loss", …)` (stored as `metrics/val/loss`) is `val/loss`. Outside an
 * `mlruns` layout (the format forced in the config) the part after the last `metrics/` folder,
 * else the file name.
 */
export function mlflowMetricKey(path: string): string {
  const inRun = RUN_METRIC.exec(path)?.[1];
  if (inRun !== undefined) return inRun;
  const index = path.lastIndexOf("metrics/");
  if (index >= 0 && (index === 0 || path[index - 1] === "/")) return path.slice(index + 8);
  return posix.basename(path);
}

/**
 * One MLflow file-store metric file: lines `timestamp value step` (older MLflow: `timestamp
 * value`), appended in logging order, which with async logging or resumed runs is not step
 * order. The metric is the value at the highest (step, timestamp); on a tie the later line.
 * A chosen NaN is kept (the review shows it as not a number); a malformed line is an
 * `InputError` naming it.
 */
export const mlflowReader: MetricReader = {
  read(content, path) {
    const name = checkMetricName(mlflowMetricKey(path), path);
    const lines = decodeText(content, path).split(/\r?\n/);
    let best: { step: number; timestamp: number; value: number; line: number } | undefined;
    for (const [index, text] of lines.entries()) {
      if (text.trim() === "") continue;
      const parts = text.trim().split(/\s+/);
      const [timestamp, value, step = 0] = parts.map(parseNumber);
      if (
        parts.length < 2 ||
        parts.length > 3 ||
        timestamp === undefined ||
        value === undefined ||
        step === undefined ||
        !Number.isFinite(timestamp) ||
        !Number.isFinite(step)
      ) {
        throw new InputError(
          `line ${index + 1} is not "timestamp value step" as MLflow writes metric files`,
          { where: path },
        );
      }
      if (
        best === undefined ||
        step > best.step ||
        (step === best.step && timestamp >= best.timestamp)
      ) {
        best = { step, timestamp, value, line: index + 1 };
      }
    }
    if (best === undefined) return [];
    const metric: Metric = { name, value: best.value, file: path };
    return [metric];
  },
};
