import type { Readable } from "node:stream";
import type { PredictionFormat } from "../../core/config/schema.js";

/**
 * A predictions file to read: a path on disk (read in place, Parquet by byte ranges), or a
 * stream such as an entry of an artifact zip (Parquet is then spooled to a temporary file,
 * because its footer comes last).
 */
export type PredictionInput = Readable | PathInput;

/**
 * A file on disk; `start`/`end` restrict reading to a byte range (used to read parts of a large
 * CSV in parallel; formats that need the whole file ignore them).
 */
export interface PathInput {
  readonly path: string;
  readonly start?: number | undefined;
  readonly end?: number | undefined;
}

/** Whether the input is a file on disk. */
export function isPathInput(input: PredictionInput): input is PathInput {
  return typeof (input as { path?: unknown }).path === "string" && !("pipe" in input);
}

/** The format a file name implies, or undefined when its extension says nothing. */
export function predictionFormatOf(path: string): PredictionFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".parquet") || lower.endsWith(".pq")) return "parquet";
  return undefined;
}
