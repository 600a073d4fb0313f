import type { PredictionFormat } from "../../core/config/schema.js";
import { InputError } from "../../core/errors.js";
import { quoteValue } from "../../core/fairness/label-rule.js";
import type { PredictionInput } from "./prediction-input.js";
import type { PredictionRowSink } from "./prediction-row-sink.js";
import { scanCsv } from "./scan-csv.js";
import { scanJsonl } from "./scan-jsonl.js";
import { scanParquet } from "./scan-parquet.js";

/**
 * Reads a predictions file in any supported format, handing the requested columns of every row
 * to `sink`; yields after each chunk (CSV, JSON Lines) or row group (Parquet) so callers can pass
 * on what was produced. Errors are `InputError`s naming the file, the row and the value.
 */
export function scanPredictionRows(
  input: PredictionInput,
  format: PredictionFormat,
  columns: readonly string[],
  file: string,
  sink: PredictionRowSink,
): AsyncGenerator<void> {
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) {
      throw new InputError(`column ${quoteValue(column)} is asked for twice`, { where: file });
    }
    seen.add(column);
  }
  switch (format) {
    case "csv":
      return scanCsv(input, columns, file, sink);
    case "jsonl":
      return scanJsonl(input, columns, file, sink);
    case "parquet":
      return scanParquet(input, columns, file, sink);
  }
}
