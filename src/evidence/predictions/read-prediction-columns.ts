import type { PredictionFormat } from "../../core/config/schema.js";
import { ByteInterner } from "./byte-interner.js";
import type { PredictionInput } from "./prediction-input.js";
import type { PredictionRowSink } from "./prediction-row-sink.js";
import { scanPredictionRows } from "./scan-prediction-rows.js";

/** Distinct short values per column whose strings are reused (labels, groups); ids are not. */
const MAX_CACHED_VALUES = 4096;
const MAX_CACHED_BYTES = 32;

/**
 * Reads the named columns of a predictions file (CSV, JSON Lines or Parquet), streaming: yields
 * batches of rows, each row the columns' values as text in the order asked for. A batch is one
 * chunk of input (about 1 MiB of CSV) or one Parquet row group; the arrays are fresh, so a
 * caller may keep them. Values are text as a CSV would hold them (JSON `true` → `"true"`, `1.0`
 * → `"1"`, null or missing → `""`); read labels with `labelRule` from core/fairness. Errors are
 * `InputError`s naming `file` and the row.
 */
export async function* readPredictionColumns(
  input: PredictionInput,
  format: PredictionFormat,
  columns: readonly string[],
  file: string,
): AsyncGenerator<string[][]> {
  const sink = new BatchSink(columns.length);
  for await (const _ of scanPredictionRows(input, format, columns, file, sink)) {
    if (sink.batch.length > 0) {
      yield sink.batch;
      sink.batch = [];
    }
  }
  if (sink.batch.length > 0) yield sink.batch;
}

/** Collects rows as strings; low-cardinality CSV columns decode each distinct value once. */
class BatchSink implements PredictionRowSink {
  batch: string[][] = [];
  private readonly interners: ByteInterner[];
  private readonly strings: string[][];

  constructor(private readonly width: number) {
    this.interners = Array.from({ length: width }, () => new ByteInterner());
    this.strings = Array.from({ length: width }, () => []);
  }

  bytes(buf: Buffer, starts: Int32Array, ends: Int32Array): void {
    const row = new Array<string>(this.width);
    for (let k = 0; k < this.width; k++) {
      const s = starts[k] as number;
      const e = ends[k] as number;
      const interner = this.interners[k] as ByteInterner;
      if (e - s <= MAX_CACHED_BYTES && interner.size < MAX_CACHED_VALUES) {
        const id = interner.intern(buf, s, e);
        const strings = this.strings[k] as string[];
        row[k] = strings[id] ??= interner.text(id);
      } else {
        row[k] = buf.toString("utf8", s, e);
      }
    }
    this.batch.push(row);
  }

  text(values: readonly string[]): void {
    this.batch.push([...values]);
  }
}
