import type { FairnessConfig } from "../../core/config/config.js";
import { InputError } from "../../core/errors.js";
import type { FairnessReport } from "../../core/fairness/fairness-report.js";
import type { FileSource } from "../file-source.js";
import { accumulateFairness } from "./accumulate-fairness.js";
import { predictionFormatOf } from "./prediction-input.js";

/**
 * Reads the configured predictions file of one side (head or base) and computes its fairness
 * report, streaming the file out of the source (a folder, an artifact zip, a git revision).
 */
export async function readFairnessReport(
  source: FileSource,
  config: FairnessConfig,
): Promise<FairnessReport> {
  const file = config.predictions;
  const format = config.format ?? predictionFormatOf(file);
  if (!format) {
    throw new InputError(
      "cannot tell the predictions format from the file name: name it .csv, .jsonl or .parquet, or set fairness.format",
      { where: file },
    );
  }
  const stream = await source.open(file);
  try {
    return await accumulateFairness(stream, format, {
      label: config.label,
      prediction: config.prediction,
      sensitive: config.sensitive,
      positive: config.positive,
      threshold: config.threshold,
      minGroupSize: config.minGroupSize,
      file,
    });
  } finally {
    stream.destroy();
  }
}
