import type { PredictionFormat } from "../../core/config/schema.js";
import type { DataSummary } from "../../core/drift/column-summary.js";
import { InputError } from "../../core/errors.js";
import { CsvScanner } from "../predictions/csv-scanner.js";
import { feedChunks } from "../predictions/feed-chunks.js";
import { isPathInput, type PredictionInput } from "../predictions/prediction-input.js";
import { CellError, type PredictionRowSink } from "../predictions/prediction-row-sink.js";
import { refuseLfsPointer } from "../predictions/refuse-lfs-pointer.js";
import { spoolToTempFile } from "../predictions/spool-to-temp-file.js";
import { ColumnAccumulator } from "./column-accumulator.js";
import { CsvDataSink } from "./csv-data-sink.js";
import { JsonlDataScanner } from "./jsonl-data-scanner.js";

/**
 * Summarises every column of a data file (CSV, JSON Lines or Parquet) in one streaming pass:
 * its pandas type, missing values and values for the drift tests (see `ColumnAccumulator`).
 * `columns` limits the pass to those columns (the ones absent from the file are left out).
 * A stream (an artifact's entry) is spooled to a temporary file first: a CSV is read twice
 * (its header, then the rows) and Parquet's footer comes last. Memory grows with the distinct
 * values of each column, and by 8 bytes per value for continuous numeric columns.
 */
export async function readDataSummary(
  input: PredictionInput,
  format: PredictionFormat,
  file: string,
  columns?: readonly string[],
): Promise<DataSummary> {
  if (!isPathInput(input)) {
    const spooled = await spoolToTempFile(input);
    try {
      return await readDataSummary({ path: spooled.path }, format, file, columns);
    } finally {
      await spooled.remove();
    }
  }
  await refuseLfsPointer(input, file);
  const wanted = columns ? new Set(columns) : undefined;
  switch (format) {
    case "csv":
      return readCsv(input.path, file, wanted);
    case "jsonl":
      return readJsonl(input.path, file, wanted);
    case "parquet": {
      const { readParquetData } = await import("./read-parquet-data.js");
      return readParquetData(input.path, file, wanted);
    }
  }
}

async function readCsv(
  path: string,
  file: string,
  wanted?: ReadonlySet<string>,
): Promise<DataSummary> {
  const header = await readCsvHeader(path, file);
  const names = header.filter(
    (name, i) => (!wanted || wanted.has(name)) && header.indexOf(name) === i,
  );
  const columns = names.map((name) => new ColumnAccumulator(name));
  const sink = new CsvDataSink(columns);
  const scanner = new CsvScanner(names, sink, file);
  for await (const _ of feedChunks({ path }, file, (buf, start, end, final) =>
    scanner.scan(buf, start, end, final),
  )) {
    // Each chunk's rows are already in the accumulators.
  }
  sink.finish();
  return { file, rows: sink.rows, columns: columns.map((c) => c.summary(sink.rows)) };
}

/** The header row of a CSV file, read from its first chunks. */
async function readCsvHeader(path: string, file: string): Promise<string[]> {
  const none: PredictionRowSink = {
    bytes() {
      throw new CellError("stop");
    },
    text() {
      throw new CellError("stop");
    },
  };
  const scanner = new CsvScanner([], none, file);
  const consume = (buf: Buffer, start: number, end: number, final: boolean) => {
    const next = scanner.readHeader(buf, start, end, final);
    return next < 0 ? start : end;
  };
  for await (const _ of feedChunks({ path }, file, consume)) {
    if (scanner.header) break;
  }
  if (!scanner.header) {
    throw new InputError("the file is empty: a CSV data file needs a header row", { where: file });
  }
  return scanner.header;
}

async function readJsonl(
  path: string,
  file: string,
  wanted?: ReadonlySet<string>,
): Promise<DataSummary> {
  const scanner = new JsonlDataScanner(file, wanted);
  for await (const _ of feedChunks({ path }, file, scanner.consume)) {
    // Each chunk's rows are already in the accumulators.
  }
  return {
    file,
    rows: scanner.rows,
    columns: scanner.columns.map((c) => c.summary(scanner.rows)),
  };
}
