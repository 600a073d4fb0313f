import { InputError } from "../../core/errors.js";
import { CsvScanner } from "./csv-scanner.js";
import { feedChunks } from "./feed-chunks.js";
import type { PredictionInput } from "./prediction-input.js";
import type { PredictionRowSink } from "./prediction-row-sink.js";

/**
 * Reads a CSV predictions file, giving `sink` the requested columns of every row; yields after
 * each chunk of input.
 */
export async function* scanCsv(
  input: PredictionInput,
  columns: readonly string[],
  file: string,
  sink: PredictionRowSink,
): AsyncGenerator<void> {
  const scanner = new CsvScanner(columns, sink, file);
  yield* feedChunks(input, file, (buf, start, end, final) => scanner.scan(buf, start, end, final));
  if (scanner.header === null) {
    throw new InputError("the file is empty: a CSV predictions file needs a header row", {
      where: file,
    });
  }
}
