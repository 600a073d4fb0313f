import { open } from "node:fs/promises";
import { parquetMetadataAsync, parquetRead, parquetSchema } from "hyparquet";
import { InputError } from "../../core/errors.js";
import { quoteValue } from "../../core/fairness/label-rule.js";
import { fileAsyncBuffer } from "./file-async-buffer.js";
import { isPathInput, type PredictionInput } from "./prediction-input.js";
import { CellError, type PredictionRowSink } from "./prediction-row-sink.js";
import { spoolToTempFile } from "./spool-to-temp-file.js";
import { valueKind, valueText } from "./value-text.js";

/**
 * Reads a Parquet predictions file with hyparquet, one row group at a time and only the
 * requested columns, so memory is one row group's worth of those columns. A stream (a zip entry)
 * is first spooled to a temporary file, because Parquet's footer must be read before the data.
 * Codecs: uncompressed and snappy (hyparquet's built-in ones). Yields after each row group.
 */
export async function* scanParquet(
  input: PredictionInput,
  columns: readonly string[],
  file: string,
  sink: PredictionRowSink,
): AsyncGenerator<void> {
  if (!isPathInput(input)) {
    const spooled = await spoolToTempFile(input);
    try {
      yield* scanParquet({ path: spooled.path }, columns, file, sink);
    } finally {
      await spooled.remove();
    }
    return;
  }
  const handle = await open(input.path, "r");
  try {
    const { size } = await handle.stat();
    const buffer = fileAsyncBuffer(handle, size);
    const metadata = await parquetMetadataAsync(buffer).catch((error: Error) => {
      throw new InputError(`not a readable Parquet file (${error.message})`, { where: file });
    });
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    for (const column of columns) {
      if (!names.includes(column)) {
        throw new InputError(
          `no column ${quoteValue(column)} (the file has ${names.map((n) => quoteValue(n)).join(", ")})`,
          { where: file },
        );
      }
    }
    const values: string[] = new Array(columns.length).fill("");
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      const groupEnd = groupStart + groupRows;
      const data = columns.map(() => new Array<unknown>(groupRows));
      await parquetRead({
        file: buffer,
        metadata,
        columns: [...new Set(columns)],
        rowStart: groupStart,
        rowEnd: groupEnd,
        onChunk: (chunk) => {
          // Chunks may reach outside the requested rows; keep the part inside this group.
          columns.forEach((column, k) => {
            if (column !== chunk.columnName) return;
            const target = data[k] as unknown[];
            const from = Math.max(chunk.rowStart, groupStart);
            const to = Math.min(chunk.rowEnd, groupEnd);
            for (let r = from; r < to; r++)
              target[r - groupStart] = chunk.columnData[r - chunk.rowStart];
          });
        },
      }).catch((error: Error) => {
        throw new InputError(`cannot read Parquet row group (${error.message})`, { where: file });
      });
      for (let r = 0; r < groupRows; r++) {
        for (let k = 0; k < columns.length; k++) {
          const value = (data[k] as unknown[])[r];
          const text = valueText(value);
          if (text === undefined) {
            throw new InputError(
              `row ${groupStart + r + 1}: ${quoteValue(columns[k] as string)} is ${valueKind(value)}, not a single value`,
              { where: file },
            );
          }
          values[k] = text;
        }
        try {
          sink.text(values);
        } catch (error) {
          if (error instanceof CellError) {
            throw new InputError(`row ${groupStart + r + 1}: ${error.message}`, { where: file });
          }
          throw error;
        }
      }
      groupStart = groupEnd;
      yield;
    }
  } finally {
    await handle.close();
  }
}
