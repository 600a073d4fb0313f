import type { PredictionFormat } from "../../core/config/schema.js";
import { InputError } from "../../core/errors.js";
import { quoteValue } from "../../core/fairness/label-rule.js";
import type { PredictionInput } from "./prediction-input.js";
import type { PredictionRowSink } from "./prediction-row-sink.js";
import { refuseLfsPointer } from "./refuse-lfs-pointer.js";
import { scanCsv } from "./scan-csv.js";
import { scanJsonl } from "./scan-jsonl.js";

/**
 * Reads a predictions file in any supported format, handing the requested columns of every row
 * to `sink`; yields after each chunk (CSV, JSON Lines) or row group (Parquet) so callers can pass
 * on what was produced. Errors are `InputError`s naming the file, the row and the value.
 */
export async function* scanPredictionRows(
  input: PredictionInput,
  format: PredictionFormat,
  columns: readonly string[],
  file: string,
  sink: PredictionRowSink,
): AsyncGenerator<void> {
  assertDistinctColumns(columns, file);
  input = await refuseLfsPointer(input, file);
  switch (format) {
    case "csv":
      yield* scanCsv(input, columns, file, sink);
      return;
    case "jsonl":
      yield* scanJsonl(input, columns, file, sink);
      return;
    case "parquet": {
      // Loaded on demand: hyparquet takes longer to load than a small CSV takes to read.
      const { scanParquet } = await import("./scan-parquet.js");
      yield* scanParquet(input, columns, file, sink);
      return;
    }
  }
}

/** Refuses a column asked for twice: each requested column fills one slot of a row. */
export function assertDistinctColumns(columns: readonly string[], file: string): void {
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) {
      throw new InputError(
        `column ${quoteValue(column)} is used twice (the label, prediction and sensitive columns must differ)`,
        { where: file },
      );
    }
    seen.add(column);
  }
}
