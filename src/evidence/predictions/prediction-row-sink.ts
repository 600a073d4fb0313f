/**
 * Where a prediction reader puts each row. Readers call exactly one of the two methods per row,
 * with the requested columns in the order they were asked for.
 */
export interface PredictionRowSink {
  /**
   * One CSV row, undecoded: column k is the UTF-8 bytes `buf[starts[k], ends[k])`. The arrays
   * and the buffer are reused for the next row, so a sink must copy what it keeps. `hash` is a
   * hash of those bytes (`hashFields`), equal for equal rows, for sinks that intern rows.
   */
  bytes(buf: Buffer, starts: Int32Array, ends: Int32Array, hash: number): void;
  /** One JSON Lines or Parquet row, each value as text (see `valueText`). */
  text(values: readonly string[]): void;
}

/**
 * A value a sink cannot use. The message says what is wrong with the value but not where: the
 * reader, which knows the row and line, wraps it into an `InputError` naming the file.
 */
export class CellError extends Error {}
