import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { PredictionFormat } from "../../core/config/schema.js";
import { InputError } from "../../core/errors.js";
import { buildFairnessReport } from "../../core/fairness/build-fairness-report.js";
import type { FairnessReport, GroupCounts } from "../../core/fairness/fairness-report.js";
import { accumulateCsvInParallel, PARALLEL_MIN_BYTES } from "./accumulate-csv-in-parallel.js";
import { FairnessAccumulator, MAX_GROUPS } from "./fairness-accumulator.js";
import { isPathInput, type PredictionInput } from "./prediction-input.js";
import { assertDistinctColumns, scanPredictionRows } from "./scan-prediction-rows.js";

/** Threads used for one large CSV file, at most. */
const MAX_THREADS = 4;

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
 * DESIGN.md "Fairness". Memory depends on the number of groups, not of rows. A CSV file on disk
 * of 32 MiB or more is split into parts counted on worker threads (one per CPU, at most 4),
 * with the same result as one pass (see `accumulateCsvInParallel`).
 */
export async function accumulateFairness(
  input: PredictionInput,
  format: PredictionFormat,
  options: FairnessOptions,
): Promise<FairnessReport> {
  if (options.sensitive.length === 0) {
    throw new InputError("at least one sensitive column is needed", { where: options.file });
  }
  assertDistinctColumns([options.label, options.prediction, ...options.sensitive], options.file);
  const report = buildFairnessReport({
    columns: options.sensitive,
    groups: await countGroups(input, format, options),
    minGroupSize: options.minGroupSize,
  });
  // Each thread of a parallel read keeps under the limit; together they might not.
  if (report.groups.length > MAX_GROUPS) {
    throw new InputError(
      `more than ${MAX_GROUPS} distinct groups in ${options.sensitive.map((c) => JSON.stringify(c)).join(", ")}; a sensitive column should have few values (is an id or a score listed as sensitive?)`,
      { where: options.file },
    );
  }
  return report;
}

async function countGroups(
  input: PredictionInput,
  format: PredictionFormat,
  options: FairnessOptions,
): Promise<GroupCounts[]> {
  if (
    format === "csv" &&
    isPathInput(input) &&
    input.start === undefined &&
    input.end === undefined
  ) {
    const { size } = await stat(input.path);
    const threads = Math.min(availableParallelism(), MAX_THREADS);
    if (size >= PARALLEL_MIN_BYTES && threads > 1) {
      return accumulateCsvInParallel(input.path, size, options, options.file, threads);
    }
  }
  const accumulator = new FairnessAccumulator(options);
  const rows = scanPredictionRows(input, format, accumulator.columns, options.file, accumulator);
  for await (const _ of rows) {
    // The accumulator has taken the chunk's rows.
  }
  return accumulator.groupCounts();
}
