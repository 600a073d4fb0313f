import type { PredictionFormat } from "../../core/config/schema.js";
import { InputError } from "../../core/errors.js";
import { buildFairnessReport } from "../../core/fairness/build-fairness-report.js";
import type { FairnessReport } from "../../core/fairness/fairness-report.js";
import { FairnessAccumulator } from "./fairness-accumulator.js";
import type { PredictionInput } from "./prediction-input.js";
import { scanPredictionRows } from "./scan-prediction-rows.js";

/** What to read from a predictions file for the bias check. */
export interface FairnessOptions {
  readonly label: string;
  readonly prediction: string;
  /** Groups are the intersections of these columns' values. */
  readonly sensitive: readonly string[];
  /** The label value that counts as positive; see `labelRule` for how cells are read. */
  readonly positive: string | number | boolean;
  /** Groups with fewer rows are reported as insufficient data and left out of disparities. */
  readonly minGroupSize: number;
  /** The file's name as users know it, for messages (`predictions.csv`). */
  readonly file: string;
}

/**
 * One streaming pass over a predictions file: the per-group rates and the disparities of
 * DESIGN.md "Fairness". Memory depends on the number of groups, not of rows.
 */
export async function accumulateFairness(
  input: PredictionInput,
  format: PredictionFormat,
  options: FairnessOptions,
): Promise<FairnessReport> {
  if (options.sensitive.length === 0) {
    throw new InputError("at least one sensitive column is needed", { where: options.file });
  }
  const accumulator = new FairnessAccumulator(options);
  const rows = scanPredictionRows(input, format, accumulator.columns, options.file, accumulator);
  for await (const _ of rows) {
    // The accumulator has taken the chunk's rows.
  }
  return buildFairnessReport({
    columns: options.sensitive,
    groups: accumulator.groupCounts(),
    minGroupSize: options.minGroupSize,
  });
}
