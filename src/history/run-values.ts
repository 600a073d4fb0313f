import type { Config } from "../core/config/config.js";
import { meanOf } from "../core/metric-stats.js";
import type { FileSource } from "../evidence/file-source.js";
import { readMetrics } from "../evidence/read-metrics.js";

/** The finite metric values of an artifact (per-seed values averaged), for the history. */
export async function runValues(
  source: FileSource,
  metrics: Config["metrics"],
): Promise<Record<string, number>> {
  const read = await readMetrics(source, metrics);
  const values: Record<string, number> = {};
  for (const [name, metric] of read.metrics) {
    const value = meanOf(metric.value);
    if (Number.isFinite(value)) values[name] = value;
  }
  return values;
}
