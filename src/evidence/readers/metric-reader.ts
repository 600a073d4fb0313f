import type { Metric } from "../../core/types.js";

/**
 * Turns one metric file's bytes into metrics. Readers are pure and synchronous: the caller has
 * already read the file (capped at `MAX_METRIC_FILE_BYTES`), so a reader never touches a disk or
 * a network, and every failure is an `InputError` naming `path`.
 */
export interface MetricReader {
  /**
   * @param content - the whole file.
   * @param path - the file's path in its source; becomes `Metric.file`, names errors, and gives
   *   MLflow its metric key (the path below `metrics/`).
   * @param notes - where a reader says how it read the file, when a reviewer should know (which
   *   checkpoint's metrics it took); shown in the review.
   */
  read(content: Buffer, path: string, notes?: string[]): Metric[];
}
