import { open } from "node:fs/promises";
import { parquetMetadataAsync, parquetRead, parquetSchema } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import type { ColumnSummary, ColumnType, DataSummary } from "../../core/drift/column-summary.js";
import { InputError } from "../../core/errors.js";
import { fileAsyncBuffer } from "../predictions/file-async-buffer.js";
import { ColumnAccumulator } from "./column-accumulator.js";

type SchemaNode = ReturnType<typeof parquetSchema>;

/**
 * Reads the columns of a Parquet data file with hyparquet, one row group at a time (memory is
 * one row group of the columns plus what the accumulators keep). Every codec Polars, Spark and
 * pyarrow write is read (snappy, gzip, zstd, brotli, lz4 through hyparquet-compressors). A
 * column's type comes from the file's schema, as pandas would map it: integers (int64, or
 * float64 when a value is missing), floats, booleans and strings; dates, decimals, binary and
 * nested columns are `other` and not tested.
 */
export async function readParquetData(
  path: string,
  file: string,
  wanted?: ReadonlySet<string>,
): Promise<DataSummary> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const buffer = fileAsyncBuffer(handle, size);
    const metadata = await parquetMetadataAsync(buffer).catch((error: Error) => {
      throw new InputError(`not a readable Parquet file (${error.message})`, { where: file });
    });
    const nodes = parquetSchema(metadata).children.filter(
      (c) => !wanted || wanted.has(c.element.name),
    );
    const columns = nodes.map((node) => new ColumnAccumulator(node.element.name));
    const types = nodes.map(typeOf);
    const index = new Map(nodes.map((node, k) => [node.element.name, k]));
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      await parquetRead({
        file: buffer,
        metadata,
        columns: nodes.map((n) => n.element.name),
        rowStart: groupStart,
        rowEnd: groupEnd,
        compressors,
        onChunk: (chunk) => {
          const k = index.get(chunk.columnName);
          if (k === undefined) return;
          const column = columns[k] as ColumnAccumulator;
          const from = Math.max(chunk.rowStart, groupStart) - chunk.rowStart;
          const to = Math.min(chunk.rowEnd, groupEnd) - chunk.rowStart;
          addValues(column, types[k] as ColumnType, chunk.columnData, from, to);
        },
      }).catch((error: Error) => {
        throw new InputError(`cannot read Parquet row group (${error.message})`, { where: file });
      });
      groupStart = groupEnd;
    }
    const rows = Number(metadata.num_rows);
    const summaries: ColumnSummary[] = columns.map((c, k) => {
      const declared = types[k] as ColumnType;
      // pandas reads an integer column with a missing value as float64.
      const type = declared === "integer" && c.present < rows ? "float" : declared;
      return c.summary(rows, c.present === 0 && type !== "other" ? "empty" : type);
    });
    return { file, rows, columns: summaries };
  } finally {
    await handle.close();
  }
}

function addValues(
  column: ColumnAccumulator,
  type: ColumnType,
  data: ArrayLike<unknown>,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const v = data[i];
    if (v === null || v === undefined) continue;
    if (type === "integer" || type === "float") {
      const x = typeof v === "bigint" ? Number(v) : (v as number);
      if (Number.isNaN(x)) continue;
      if (Number.isFinite(x)) column.addNumber(x, type === "integer");
      else column.addInfinite();
    } else if (type === "boolean") {
      column.addBoolean(v === true, v === true ? "True" : "False");
    } else if (type === "string") {
      column.addString(String(v));
    } else {
      column.addOther();
    }
  }
}

const NOT_NUMBERS = new Set(["DATE", "TIME", "TIMESTAMP", "DECIMAL", "INTERVAL"]);

/** The pandas type of a top-level Parquet column. */
function typeOf(node: SchemaNode["children"][number]): ColumnType {
  const element = node.element;
  if (node.children.length > 0) return "other";
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical && NOT_NUMBERS.has(logical)) return "other";
  if (converted && /^(DATE|TIME|TIMESTAMP|DECIMAL|INTERVAL)/.test(converted)) return "other";
  switch (element.type) {
    case "BOOLEAN":
      return "boolean";
    case "INT32":
    case "INT64":
      return "integer";
    case "FLOAT":
    case "DOUBLE":
      return "float";
    case "BYTE_ARRAY":
      return logical === "STRING" ||
        logical === "ENUM" ||
        converted === "UTF8" ||
        converted === "ENUM"
        ? "string"
        : "other";
    default:
      return "other";
  }
}
