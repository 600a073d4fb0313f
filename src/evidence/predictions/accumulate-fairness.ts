import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { PredictionFormat } from "../../core/config/schema.js";
import { InputError } from "../../core/errors.js";
import { buildFairnessReport } from "../../core/fairness/build-fairness-report.js";
import type { FairnessReport, GroupCounts } from "../../core/fairness/fairness-report.js";
import { quoteValue } from "../../core/fairness/label-rule.js";
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
  /** When set, the prediction column holds scores: at or above it is a positive prediction. */
  readonly threshold?: number | undefined;
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
  let seen: FairnessAccumulator | undefined;
  const groups = await countGroups(input, format, options, (accumulator) => {
    seen = accumulator;
  });
  checkPositiveSeen(groups, options, seen);
  const report = buildFairnessReport({
    columns: options.sensitive,
    groups,
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

/**
 * A positive value that neither column holds (`yes` on 0/1 labels) leaves every rate that needs
 * a positive undefined and every disparity unjudgeable: an input error listing what was there.
 */
function checkPositiveSeen(
  groups: readonly GroupCounts[],
  options: FairnessOptions,
  accumulator: FairnessAccumulator | undefined,
): void {
  const rows = groups.reduce(
    (n, g) => n + g.counts.tp + g.counts.fp + g.counts.fn + g.counts.tn,
    0,
  );
  // With a threshold the predictions are scores, so only the labels can miss the positive value.
  const positives = groups.reduce(
    (n, g) => n + g.counts.tp + g.counts.fn + (options.threshold === undefined ? g.counts.fp : 0),
    0,
  );
  if (rows === 0 || positives > 0) return;
  const seen = accumulator?.seenValues();
  const list = (values: readonly string[] | undefined) =>
    values && values.length > 0 ? values.map((v) => quoteValue(v)).join(", ") : "none read";
  const what =
    options.threshold === undefined
      ? "neither the label nor the prediction column"
      : "the label column";
  throw new InputError(
    `the positive value ${quoteValue(String(options.positive))} is in ${what}: labels seen ${list(seen?.label)}; predictions seen ${list(seen?.prediction)} (set the positive value to the one the file uses)`,
    { where: options.file },
  );
}

async function countGroups(
  input: PredictionInput,
  format: PredictionFormat,
  options: FairnessOptions,
  observe: (accumulator: FairnessAccumulator) => void,
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
      return accumulateCsvInParallel(
        input.path,
        size,
        options,
        options.file,
        threads,
        undefined,
        observe,
      );
    }
  }
  const accumulator = new FairnessAccumulator(options);
  observe(accumulator);
  const rows = scanPredictionRows(input, format, accumulator.columns, options.file, accumulator);
  for await (const _ of rows) {
    // The accumulator has taken the chunk's rows.
  }
  return accumulator.groupCounts();
}
