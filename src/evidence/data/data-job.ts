import type { PredictionFormat } from "../../core/config/schema.js";
import type { DataSummary } from "../../core/drift/column-summary.js";

/** One data file for a worker thread to summarise. */
export interface DataJob {
  readonly path: string;
  readonly format: PredictionFormat;
  readonly file: string;
  readonly columns?: readonly string[] | undefined;
}

/** A worker's answer: the summary, or the error it met (an input error keeps its place). */
export type DataJobResult =
  | { readonly ok: true; readonly summary: DataSummary }
  | {
      readonly ok: false;
      readonly input: boolean;
      readonly message: string;
      readonly where?: string | undefined;
    };

/** The buffers of a summary's numeric columns, moved to the receiving thread without a copy. */
export function transferablesOf(summary: DataSummary): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of summary.columns) {
    for (const array of [column.numbers?.values, column.numbers?.counts]) {
      if (array && array.buffer instanceof ArrayBuffer && array.byteLength > 0)
        buffers.add(array.buffer);
    }
  }
  return [...buffers];
}
