import { UsageError } from "../core/errors.js";

export type OutputFormat = "markdown" | "json";

/** Validates `--format`. */
export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === "markdown" || value === "md") return "markdown";
  if (value === "json") return "json";
  throw new UsageError(`--format must be markdown or json, not "${value}"`);
}
